"""The IRN and e-way bills of oms_gst_india reach Tally in its own fields, and alter a voucher sent before."""

from datetime import datetime
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.oms_tally_bridge.tests.common import TallyCommon

IRN = "3f0e9c2b7d1a4e5f8a6b0c9d2e1f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f"
# NIC's replies: the IRP writes IST date-times year first, the EWB system day first.
IRP_REPLY = {
    "Irn": IRN,
    "AckNo": 112510000012345,
    "AckDt": "2025-04-11 01:30:00",
    "SignedInvoice": "signed.invoice.jwt",
    "SignedQRCode": "signed.qr.jwt",
}
EWB_REPLY = {"number": "331000123456", "date": "11/04/2025 10:15:00 AM", "valid_until": ""}


@tagged("post_install", "-at_install")
class TestTallyEinvoice(TallyCommon):
    def setUp(self):
        super().setUp()
        self.order = self.confirmed_order()
        self.invoice = self.invoice_of(self.order)
        self.picking = self.order.picking_ids[:1]
        self.assertTrue(self.picking, "the confirmed order has a delivery note")

    def eway_bill(self, number="", **values):
        """An e-way bill of the invoice's delivery, as oms_gst_india makes it (never by delivering)."""
        return (
            self.env["oms.eway.bill"]
            .sudo()
            .create(
                {
                    "picking_id": self.picking.id,
                    "move_id": self.invoice.id,
                    "company_id": self.company.id,
                    "oms_ewb_no": number or False,
                    **values,
                }
            )
        )

    def store_irn(self):
        job = (
            self.env["oms.irn.job"].sudo().create({"move_id": self.invoice.id, "company_id": self.company.id})
        )
        job._oms_store_irn(IRP_REPLY)

    def generate(self, bill):
        """The generation job's work, with NIC's answer given: the e-way bill becomes active."""
        operation = self.env["oms.eway.bill.operation"].sudo()._oms_queue(bill, "generate", {})
        with patch.object(type(operation), "_oms_generate", lambda operation, bill, payload: EWB_REPLY):
            operation._oms_perform()

    def sent_voucher(self):
        return self.tally().vouchers[self.jobs_of(self.invoice, "sales")[:1].remote_id]

    def test_irn_and_active_eway_bill_are_in_tallys_fields_and_the_narration(self):
        self.invoice.sudo().write(
            {
                "oms_irn": IRN,
                "oms_irn_ack_no": "112510000012345",
                # 20:00 UTC is 01:30 the next day in India: Tally gets the Indian date.
                "oms_irn_ack_date": datetime(2025, 4, 10, 20, 0),
                "oms_einvoice_state": "sent",
            }
        )
        self.eway_bill("331000123456", oms_ewb_status="active", oms_ewb_date=datetime(2025, 4, 11, 4, 45))
        self.run_due()
        voucher = self.sent_voucher()
        self.assertEqual(
            (voucher.irn, voucher.irn_ack_no, voucher.irn_ack_date), (IRN, "112510000012345", "20250411")
        )
        self.assertEqual(voucher.eway_bills, (("331000123456", "20250411"),))
        narration = voucher.element.findtext("NARRATION")
        self.assertIn(f"IRN: {IRN}", narration)
        self.assertIn("E-way bill: 331000123456", narration)

    def test_cancelled_or_ungenerated_eway_bills_are_not_sent(self):
        self.eway_bill("331000999999", oms_ewb_status="cancelled", oms_ewb_date=datetime(2025, 4, 11, 4, 45))
        self.run_due()
        voucher = self.sent_voucher()
        self.assertEqual((voucher.irn, voucher.eway_bills), ("", ()))
        self.assertNotIn("331000999999", voucher.element.findtext("NARRATION") or "")

    def test_irn_arriving_after_the_push_alters_the_voucher_once(self):
        self.run_due()
        remote_id = self.jobs_of(self.invoice, "sales").remote_id
        self.assertFalse(self.sent_voucher().irn)
        self.store_irn()
        self.assertEqual(self.jobs_of(self.invoice, "sales").mapped("state"), ["pending", "done"])
        self.run_due()
        voucher = self.tally().vouchers[remote_id]
        self.assertEqual(
            (voucher.irn, voucher.irn_ack_no, voucher.irn_ack_date), (IRN, "112510000012345", "20250411")
        )
        self.assertEqual((self.tally().creations[remote_id], self.tally().alterations[remote_id]), (1, 1))
        self.assertEqual(self.tally().voucher_count("Sales"), 1)
        requests = self.sim.requests_received
        self.run_due()
        self.assertEqual(self.sim.requests_received, requests, "nothing is sent twice")

    def test_eway_bill_generated_after_the_push_alters_the_voucher_once(self):
        self.run_due()
        remote_id = self.jobs_of(self.invoice, "sales").remote_id
        bill = self.eway_bill()
        self.assertEqual(
            len(self.jobs_of(self.invoice, "sales")), 1, "a bill not yet generated changes nothing"
        )
        self.generate(bill)
        self.generate(bill)  # already generated: nothing more
        self.assertEqual(bill.oms_ewb_status, "active")
        self.assertEqual(self.jobs_of(self.invoice, "sales").mapped("state"), ["pending", "done"])
        self.run_due()
        voucher = self.tally().vouchers[remote_id]
        self.assertEqual(voucher.eway_bills, (("331000123456", "20250411"),))
        self.assertEqual((self.tally().creations[remote_id], self.tally().alterations[remote_id]), (1, 1))
        self.assertEqual(self.tally().voucher_count("Sales"), 1)

    def test_eway_bill_cancelled_at_nic_is_taken_off_the_voucher(self):
        bill = self.eway_bill(
            "331000123456", oms_ewb_status="active", oms_ewb_date=datetime(2025, 4, 11, 4, 45)
        )
        self.run_due()
        remote_id = self.jobs_of(self.invoice, "sales").remote_id
        self.assertTrue(self.tally().vouchers[remote_id].eway_bills)
        operation = (
            self.env["oms.eway.bill.operation"]
            .sudo()
            .create({"eway_bill_id": bill.id, "operation": "cancel", "company_id": self.company.id})
        )
        operation._oms_apply({"reason_code": "2", "remark": "Order cancelled"}, {})
        self.run_due()
        self.assertEqual(self.tally().vouchers[remote_id].eway_bills, ())
        self.assertEqual(self.tally().alterations[remote_id], 1)

    def test_before_the_push_nothing_more_is_queued(self):
        self.store_irn()
        self.generate(self.eway_bill())
        self.assertEqual(len(self.jobs_of(self.invoice, "sales")), 1, "the pending job is built when sent")
        self.run_due()
        voucher = self.sent_voucher()
        self.assertEqual((voucher.irn, len(voucher.eway_bills)), (IRN, 1))
        self.assertEqual(self.tally().alterations[voucher.remote_id], 0)
