"""Purchases in the offline export by date range, in the reconciliation, and booked into godowns."""

import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TallyPurchaseCommon

BACKDATE = datetime.datetime(2021, 2, 10, 10, 0)


@tagged("post_install", "-at_install")
class TestTallyPurchaseExport(TallyPurchaseCommon):
    def backdated_purchase(self):
        """A confirmed order and its posted bill on a date no demo document uses."""
        order = self.confirmed_purchase()
        order.date_approve = BACKDATE
        return order, self.vendor_bill(order, date=BACKDATE.date())

    def test_date_range_export_includes_purchase_orders_and_vendor_bills(self):
        self.config.auto_push = False
        order, bill = self.backdated_purchase()
        values = {"mode": "dates", "date_from": BACKDATE.date(), "date_to": BACKDATE.date()}
        wizard = self.env["oms.tally.export.wizard"].create(values)
        wizard.action_export()
        content = wizard.attachment_id.raw
        self.assertIn(f"<VOUCHERNUMBER>{order.name}</VOUCHERNUMBER>".encode(), content)
        self.assertIn(f"<VOUCHERNUMBER>{bill.name}</VOUCHERNUMBER>".encode(), content)
        self.assertEqual(content.count(b"<VOUCHER "), 2)
        without = self.env["oms.tally.export.wizard"].create({**values, "include_purchases": False})
        with self.assertRaisesRegex(UserError, "Nothing to export"):
            without.action_export()

    def test_reconciliation_expects_purchase_orders_and_vendor_bills(self):
        self.backdated_purchase()
        self.run_due()
        self.config.auto_push = False
        unsent = self.confirmed_purchase()
        unsent.date_approve = BACKDATE
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": BACKDATE.date(), "date_to": BACKDATE.date()}
        )
        wizard.action_reconcile()
        self.assertEqual((wizard.matched_count, wizard.tally_only_count), (2, 0), wizard.summary)
        missing = wizard.line_ids.filtered(lambda line: line.status == "missing")
        self.assertEqual(missing.document_ref, unsent)

    def test_purchase_items_are_booked_into_the_godown_of_the_receiving_warehouse(self):
        if "oms_tally_godown" not in self.env["stock.warehouse"]._fields:
            self.skipTest("oms_tally_stock (godowns) is not installed")
        self.config.tracks_godowns = True
        order = self.confirmed_purchase()
        order.picking_type_id.warehouse_id.oms_tally_godown = "Main Location"
        bill = self.vendor_bill(order)
        self.run_due()
        for document, kind in ((order, "purchase_order"), (bill, "purchase")):
            job = self.jobs_of(document, kind)
            self.assertEqual(job.state, "done", job.last_error)
            self.assertEqual(self.tally().vouchers[job.remote_id].godowns, ("Main Location",))
