"""Offline XML export and the read-back reconciliation with Tally."""

import datetime
from decimal import Decimal

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..oms_tally import TallyClient
from .common import TallyCommon

BACKDATE = datetime.datetime(2021, 1, 15, 10, 0)


@tagged("post_install", "-at_install")
class TestTallyExportReconcile(TallyCommon):
    def export(self, **values):
        wizard = self.env["oms.tally.export.wizard"].create(values)
        action = wizard.action_export()
        self.assertIn(str(wizard.attachment_id.id), action["url"])
        return wizard.attachment_id.raw

    def test_exported_file_holds_masters_and_voucher_and_imports_into_tally(self):
        self.config.auto_push = False
        order = self.confirmed_order()
        wizard = (
            self.env["oms.tally.export.wizard"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({})
        )
        self.assertEqual(wizard.sale_order_ids, order)
        wizard.action_export()
        content = wizard.attachment_id.raw
        self.assertTrue(content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'))
        self.assertIn(b'VCHTYPE="Sales Order"', content)
        self.assertIn(b"<GSTIN>27AAPFU0939F1ZV</GSTIN>", content)
        self.assertEqual(content.count(b'<LEDGER NAME="Output CGST"'), 1, "each master once")
        # The same file, imported by hand, gives Tally the voucher the bridge would have sent.
        result = TallyClient(self.sim.host, self.sim.port, timeout=2).import_xml(content)
        self.assertEqual(result.errors, 0)
        self.assertEqual(self.tally().voucher_count("Sales Order"), 1)
        self.assertEqual(self.sim.imports_received, 1, "exporting sends nothing itself")

    def backdated_order(self):
        """An order and its invoice on a date no demo document uses, so date ranges hold only them."""
        order = self.confirmed_order()
        order.date_order = BACKDATE
        invoice = order._create_invoices()
        invoice.invoice_date = BACKDATE.date()
        invoice.action_post()
        return order, invoice

    def test_date_range_export_includes_orders_and_invoices(self):
        order, invoice = self.backdated_order()
        content = self.export(mode="dates", date_from=BACKDATE.date(), date_to=BACKDATE.date())
        self.assertIn(f"<VOUCHERNUMBER>{order.name}</VOUCHERNUMBER>".encode(), content)
        self.assertIn(f"<VOUCHERNUMBER>{invoice.name}</VOUCHERNUMBER>".encode(), content)
        self.assertEqual(content.count(b"<VOUCHER "), 2)

    def test_bad_export_input_is_refused(self):
        today = fields.Date.today()
        with self.assertRaises(UserError):
            self.export(mode="documents")
        with self.assertRaises(UserError):
            self.export(mode="dates", date_from=today, date_to=fields.Date.add(today, days=-1))
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "oms.tally.export.wizard")]))

    def test_reconciliation_finds_missing_and_differing_documents(self):
        sent, changed = self.confirmed_order(), self.confirmed_order()
        (sent | changed).write({"date_order": BACKDATE})
        self.run_due()
        self.config.auto_push = False
        unsent, invoice = self.backdated_order()
        remote_id = self.jobs_of(changed, "sales_order")[:1].remote_id
        self.tally().vouchers[remote_id].amount = Decimal("1.00")  # someone edited it in Tally
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": BACKDATE.date(), "date_to": BACKDATE.date()}
        )
        wizard.action_reconcile()
        missing = wizard.line_ids.filtered(lambda line: line.status == "missing").mapped("number")
        differing = wizard.line_ids.filtered(lambda line: line.status == "differing")
        self.assertEqual(sorted(missing), sorted([unsent.name, invoice.name]))
        self.assertEqual(differing.mapped("number"), [changed.name])
        self.assertEqual((differing.odoo_amount, differing.tally_amount), (590.0, 1.0))
        self.assertEqual(wizard.matched_count, 1)
        self.assertIn("2 missing in Tally", wizard.summary)

    def test_reconciliation_lists_vouchers_only_in_tally(self):
        self.backdated_order()
        self.run_due()
        tally = self.tally()
        day = BACKDATE.strftime("%Y%m%d")
        keyed = tally.enter_voucher("Sales", "T-77", day, "Walk-in Customer", "42.50")
        tally.enter_voucher("Receipt", "R-1", day, "Walk-in Customer", "42.50")  # not a sales voucher type
        tally.enter_voucher("Sales", "T-78", "20210201", "Walk-in Customer", "10.00")  # outside the period
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": BACKDATE.date(), "date_to": BACKDATE.date()}
        )
        wizard.action_reconcile()
        self.assertEqual(
            (wizard.matched_count, wizard.missing_count, wizard.differing_count, wizard.tally_only_count),
            (2, 0, 0, 1),
        )
        only = wizard.line_ids
        self.assertEqual(only.status, "tally_only")
        self.assertEqual((only.number, only.voucher_type, only.party), ("T-77", "Sales", "Walk-in Customer"))
        self.assertEqual((only.tally_amount, only.voucher_date), (42.5, BACKDATE.date()))
        self.assertFalse(only.document_ref, "keyed in Tally: no Odoo document")
        self.assertIn("1 unknown in Odoo", wizard.summary)
        self.assertTrue(keyed.remote_id)

    def test_reconciliation_links_a_voucher_odoo_no_longer_expects_to_its_document(self):
        order = self.confirmed_order()
        order.date_order = BACKDATE
        self.run_due()
        # Cancelled in Odoo while the cancellation has not reached Tally yet.
        order._action_cancel()
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": BACKDATE.date(), "date_to": BACKDATE.date()}
        )
        wizard.action_reconcile()
        self.assertEqual(wizard.line_ids.status, "tally_only")
        self.assertEqual(wizard.line_ids.document_ref, order)
        self.run_due()
        wizard.action_reconcile()
        self.assertFalse(wizard.line_ids, "once cancelled in Tally both sides agree")

    def test_reconciliation_with_tally_down_says_so(self):
        self.confirmed_order()
        self.sim.fail_next("down")
        today = fields.Date.today()
        wizard = self.env["oms.tally.reconcile.wizard"].create({"date_from": today, "date_to": today})
        with self.assertRaisesRegex(UserError, "Could not read vouchers back"):
            wizard.action_reconcile()
