"""Delivery challan numbers (CGST Rule 55(2)(b)): per company, restarting each Indian financial year, at
most 16 characters in NIC's document-number alphabet, kept once given, and given by the first print."""

import re
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OmsDispatchCommon

NIC_DOCUMENT_NUMBER = re.compile(r"^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$")


@tagged("post_install", "-at_install")
class TestChallan(OmsDispatchCommon):
    def delivery(self):
        order = self.confirmed_order()
        picking = order.picking_ids.filtered(lambda record: record.picking_type_code == "outgoing")
        self.assertEqual(len(picking), 1)
        return picking

    def assign(self, picking, when):
        with freeze_time(when):
            picking._oms_assign_challan_number()
        return picking.oms_challan_number

    def test_numbers_restart_each_financial_year_and_grow_within_it(self):
        # 2031-03-31 closes FY 2030-31 and 2031-04-01 opens FY 2031-32: years no other test prints in.
        last_day = self.assign(self.delivery(), "2031-03-31 10:00")
        first_day = self.assign(self.delivery(), "2031-04-01 10:00")
        same_year = self.assign(self.delivery(), "2032-03-31 10:00")
        self.assertEqual(last_day, "DC/3031/00001")
        self.assertEqual(first_day, "DC/3132/00001")
        self.assertEqual(same_year, "DC/3132/00002")
        for number in (last_day, first_day, same_year):
            self.assertLessEqual(len(number), 16)
            self.assertRegex(number, NIC_DOCUMENT_NUMBER)

    def test_date_is_the_day_of_the_number(self):
        picking = self.delivery()
        self.assign(picking, "2031-04-01 10:00")
        self.assertEqual(picking.oms_challan_date, date(2031, 4, 1))

    def test_a_numbered_delivery_keeps_its_number_and_date(self):
        picking = self.delivery()
        number = self.assign(picking, "2031-05-02 10:00")
        again = self.assign(picking, "2032-06-03 10:00")
        self.assertEqual(again, number)
        self.assertEqual(picking.oms_challan_date, date(2031, 5, 2))
        # Numbers drawn for nothing would leave holes: the second call drew none.
        self.assertEqual(self.assign(self.delivery(), "2031-05-02 11:00"), "DC/3132/00002")

    def test_copy_of_a_delivery_gets_no_number(self):
        picking = self.delivery()
        self.assign(picking, "2031-05-02 10:00")
        self.assertFalse(picking.copy().oms_challan_number)

    def test_number_is_unique_per_company(self):
        first, second = self.delivery(), self.delivery()
        number = self.assign(first, "2031-05-02 10:00")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            second.write({"oms_challan_number": number})
            second.flush_recordset()

    def test_each_company_has_its_own_series(self):
        other_company = self.env["res.company"].create({"name": "Second Distributor Pvt Ltd"})
        self.assign(self.delivery(), "2031-05-02 10:00")
        picking_type = self.env["stock.picking.type"].search(
            [("company_id", "=", other_company.id), ("code", "=", "outgoing")], limit=1
        )
        other = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "company_id": other_company.id,
                "partner_id": self.customer.id,
            }
        )
        # The sequence of a company made after install is made on its first challan.
        self.assertEqual(self.assign(other, "2031-05-02 10:00"), "DC/3132/00001")
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "oms.delivery.challan"), ("company_id", "=", other_company.id)]
        )
        self.assertEqual(len(sequence), 1)
        self.assertEqual(sequence.date_range_ids.mapped("date_from"), [date(2031, 4, 1)])
        self.assertEqual(sequence.date_range_ids.mapped("date_to"), [date(2032, 3, 31)])

    def test_receipts_get_no_challan_number(self):
        receipt_type = self.warehouse.in_type_id
        receipt = self.env["stock.picking"].create(
            {"picking_type_id": receipt_type.id, "partner_id": self.vendor.id}
        )
        self.assign(receipt, "2031-05-02 10:00")
        self.assertFalse(receipt.oms_challan_number)

    def test_printing_the_challan_gives_the_number(self):
        picking = self.delivery()
        self.assertFalse(picking.oms_challan_number)
        report = self.env["ir.actions.report"].with_user(self.users["dispatch"])
        with freeze_time("2031-05-02 10:00"):
            html = report._render_qweb_html("oms_dispatch.action_report_delivery_challan", picking.ids)[
                0
            ].decode()
        self.assertRegex(picking.oms_challan_number, r"^DC/3132/\d{5}$")
        self.assertIn(picking.oms_challan_number, html)
        self.assertIn("Authorised Signatory", html)
        self.assertIn("Test Bearing", html)
        with freeze_time("2031-05-03 10:00"):
            report._render_qweb_html("oms_dispatch.action_report_delivery_challan", picking.ids)
        self.assertEqual(picking.oms_challan_date, date(2031, 5, 2))
