"""Purchase orders and vendor bills become Tally Purchase Order and Purchase vouchers once, with the
vendor under Sundry Creditors and GST on the input ledgers; retries, refusals and rights as for sales."""

from decimal import Decimal
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.oms_tally_bridge.oms_tally import TallyClient

from .common import TallyPurchaseCommon

VENDOR = "Test Vendor Bearings Ltd"


@tagged("post_install", "-at_install")
class TestTallyPurchase(TallyPurchaseCommon):
    def test_confirmed_purchase_order_becomes_one_purchase_order_voucher(self):
        order = self.confirmed_purchase()
        job = self.jobs_of(order, "purchase_order")
        self.assertEqual((len(job), job.state), (1, "pending"), "confirming queues exactly one job")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual(voucher.voucher_type, "Purchase Order")
        self.assertEqual((voucher.reference, voucher.amount), (order.name, Decimal("1180.00")))
        self.assertIn(order.name, voucher.order_numbers)
        self.assertEqual(
            self.ledger_amounts(voucher),
            {
                VENDOR: ("1180.00", "No"),
                "Input CGST": ("-90.00", "Yes"),
                "Input SGST": ("-90.00", "Yes"),
                "Purchase GST 18%": ("-1000.00", "Yes"),
            },
        )
        vendor = self.tally().ledgers[VENDOR]
        self.assertEqual(vendor.findtext("PARENT"), "Sundry Creditors")
        self.assertEqual(vendor.findtext(".//GSTIN"), "29AABCB1234C1Z5")
        requests = self.sim.requests_received
        self.run_due()
        self.assertEqual(self.sim.requests_received, requests, "a sent job is never sent again")
        self.assertEqual(self.tally().creations[job.remote_id], 1)

    def test_vendor_bill_becomes_purchase_voucher_with_input_gst_linked_to_the_order(self):
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        job = self.jobs_of(bill, "purchase")
        self.assertEqual(len(job), 1, "posting queues exactly one job")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual((voucher.voucher_type, voucher.party), ("Purchase", VENDOR))
        self.assertEqual((voucher.reference, voucher.amount), ("VB-778", Decimal("1180.00")))
        self.assertEqual(
            self.ledger_amounts(voucher),
            {
                VENDOR: ("1180.00", "No"),
                "Input CGST": ("-90.00", "Yes"),
                "Input SGST": ("-90.00", "Yes"),
                "Purchase GST 18%": ("-1000.00", "Yes"),
            },
        )
        self.assertEqual(voucher.bills, (("New Ref", "VB-778", Decimal("1180.00")),))
        self.assertEqual(self.tally().bills_of(VENDOR), {"VB-778": Decimal("-1180.00")}, "owed to the vendor")
        self.assertEqual(voucher.order_numbers, (order.name,))
        linked = sorted(v.voucher_type for v in self.tally().vouchers_with_order(order.name))
        self.assertEqual(linked, ["Purchase", "Purchase Order"])
        self.assertEqual(self.tally().ledgers[VENDOR].findtext("PARENT"), "Sundry Creditors")

    def test_sending_again_alters_the_same_voucher(self):
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        self.run_due()
        finance = self.users["finance"]
        finance.groups_id |= self.env.ref("purchase.group_purchase_user")
        bill.with_user(finance).action_oms_tally_push()
        order.with_user(finance).action_oms_tally_push()
        self.run_due()
        for document, kind in ((order, "purchase_order"), (bill, "purchase")):
            jobs = self.jobs_of(document, kind)
            self.assertEqual(jobs.mapped("state"), ["done", "done"])
            self.assertEqual(len(set(jobs.mapped("remote_id"))), 1, "one REMOTEID per document")
            self.assertEqual(self.tally().creations[jobs[0].remote_id], 1, "never a second voucher")
            self.assertEqual(self.tally().alterations[jobs[0].remote_id], 1)
        self.assertEqual(self.tally().voucher_count("Purchase"), 1)
        self.assertEqual(self.tally().voucher_count("Purchase Order"), 1)

    def test_edit_after_sending_requeues_the_order(self):
        order = self.confirmed_purchase()
        self.run_due()
        order.write({"partner_ref": "VQ-312"})
        self.assertEqual(self.jobs_of(order, "purchase_order").mapped("state"), ["pending", "done"])

    def test_tally_down_leaves_the_job_pending_for_retry(self):
        order = self.confirmed_purchase()
        job = self.jobs_of(order, "purchase_order")
        self.sim.fail_next("down")
        self.run_due()
        self.assertEqual((job.state, job.attempts), ("pending", 1))
        self.assertIn("not reachable", job.last_error)
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().creations[job.remote_id], 1)

    def test_missing_input_ledger_fails_the_job_with_tallys_reason(self):
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        Mapper = type(self.env["oms.tally.mapper"])
        original = Mapper._oms_vendor_master_elements

        def without_input_sgst(mapper, *args, **kwargs):
            # Tally lacks the ledger, e.g. an accountant deleted it after the masters were sent.
            return [item for item in original(mapper, *args, **kwargs) if item.get("NAME") != "Input SGST"]

        with patch.object(Mapper, "_oms_vendor_master_elements", without_input_sgst):
            self.run_due()
        job = self.jobs_of(bill, "purchase")
        self.assertEqual(job.state, "failed")
        self.assertIn("Ledger 'Input SGST' does not exist!", job.last_error)
        self.assertEqual(self.tally().voucher_count("Purchase"), 0)

    def test_missing_purchase_ledger_is_refused_before_queueing(self):
        self.config.auto_push = False
        self.config.purchase_ledger_ids.unlink()
        order = self.confirmed_purchase()
        with self.assertRaisesRegex(UserError, "No Tally purchase ledger is configured for GST rate 18%"):
            order.action_oms_tally_push()
        self.assertFalse(self.jobs_of(order))

    def test_user_without_rights_cannot_push(self):
        self.config.auto_push = False
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        with self.assertRaisesRegex(AccessError, "Only Finance may send documents to Tally"):
            order.with_user(self.buyer).action_oms_tally_push()
        with self.assertRaisesRegex(AccessError, "Only Finance may send documents to Tally"):
            bill.with_user(self.accountant).action_oms_tally_push()
        with self.assertRaises(AccessError):
            self.env["oms.tally.sync"].with_user(self.buyer).search([])
        with self.assertRaises(AccessError):
            self.config.purchase_ledger_ids.with_user(self.accountant).read(["ledger_name"])
        self.assertFalse(self.jobs_of(order) | self.jobs_of(bill))

    def test_auto_push_off_queues_nothing_on_confirm_or_post(self):
        self.config.auto_push = False
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        self.assertFalse(self.jobs_of(order) | self.jobs_of(bill))

    def test_cancelling_a_sent_order_cancels_its_voucher(self):
        order = self.confirmed_purchase()
        self.run_due()
        order.with_user(self.buyer).button_cancel()
        cancel = self.jobs_of(order, "cancel")
        self.assertEqual(len(cancel), 1)
        self.run_due()
        self.assertEqual(cancel.state, "done", cancel.last_error)
        self.assertTrue(self.tally().vouchers[cancel.remote_id].cancelled)

    def test_cancelling_a_bill_before_sending_withdraws_the_job(self):
        bill = self.vendor_bill(self.confirmed_purchase())
        bill.button_draft()
        bill.button_cancel()
        self.assertEqual(self.jobs_of(bill, "purchase").state, "cancelled")
        self.assertFalse(self.jobs_of(bill, "cancel"), "Tally never had it, so nothing to cancel")

    def test_cancelling_a_sent_bill_cancels_its_voucher(self):
        bill = self.vendor_bill(self.confirmed_purchase())
        self.run_due()
        bill.button_draft()
        bill.button_cancel()
        cancel = self.jobs_of(bill, "cancel")
        self.run_due()
        self.assertEqual(cancel.state, "done", cancel.last_error)
        self.assertTrue(self.tally().vouchers[cancel.remote_id].cancelled)

    def test_vendor_credit_note_becomes_a_debit_note_settled_against_the_bill(self):
        bill = self.vendor_bill(self.confirmed_purchase())
        refund = bill._reverse_moves([{"ref": "VCN-5", "invoice_date": bill.invoice_date}])
        refund.action_post()
        job = self.jobs_of(refund, "debit_note")
        self.assertEqual(len(job), 1)
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual((voucher.voucher_type, voucher.reference), ("Debit Note", "VB-778"))
        self.assertEqual(self.ledger_amounts(voucher)[VENDOR], ("-1180.00", "Yes"))
        self.assertEqual(self.ledger_amounts(voucher)["Input CGST"], ("90.00", "No"))
        self.assertEqual(voucher.bills, (("Agst Ref", "VB-778", Decimal("-1180.00")),))
        self.assertEqual(self.tally().bills_of(VENDOR), {"VB-778": Decimal("0.00")}, "the bill is settled")

    def test_offline_export_holds_purchase_vouchers_and_imports_into_tally(self):
        self.config.auto_push = False
        order = self.confirmed_purchase()
        bill = self.vendor_bill(order)
        wizard = (
            self.env["oms.tally.export.wizard"]
            .with_context(active_model="purchase.order", active_ids=order.ids)
            .create({})
        )
        self.assertEqual(wizard.purchase_order_ids, order)
        from_bills = (
            self.env["oms.tally.export.wizard"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({})
        )
        self.assertEqual(from_bills.vendor_bill_ids, bill)
        wizard.vendor_bill_ids = bill
        wizard.action_export()
        content = wizard.attachment_id.raw
        self.assertIn(b'VCHTYPE="Purchase Order"', content)
        self.assertIn(b'VCHTYPE="Purchase"', content)
        self.assertIn(b"<PARENT>Sundry Creditors</PARENT>", content)
        self.assertEqual(content.count(b'<LEDGER NAME="Input CGST"'), 1, "each master once")
        result = TallyClient(self.sim.host, self.sim.port, timeout=2).import_xml(content)
        self.assertEqual(result.errors, 0)
        self.assertEqual(self.tally().voucher_count("Purchase Order"), 1)
        self.assertEqual(self.tally().voucher_count("Purchase"), 1)
        self.assertEqual(self.sim.imports_received, 1, "exporting sends nothing itself")
