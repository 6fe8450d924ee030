"""Orders and invoices become Tally vouchers once; edits alter them, cancellations cancel them."""

import datetime
from decimal import Decimal
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..oms_tally import EInvoiceDetails, EwayBillReference, TaxLine
from .common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyPush(TallyCommon):
    def test_confirmed_order_becomes_one_sales_order_voucher(self):
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.assertEqual((len(job), job.state), (1, "pending"), "confirming queues exactly one job")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual(voucher.voucher_type, "Sales Order")
        self.assertEqual(voucher.reference, order.name)
        self.assertEqual(voucher.amount, Decimal("590.00"))
        self.assertIn(order.name, voucher.order_numbers)
        self.assertEqual(self.tally().creations[job.remote_id], 1)
        self.assertIn("27AAPFU0939F1ZV", self.tally().ledgers["Test Customer Pvt Ltd"].findtext(".//GSTIN"))
        requests = self.sim.requests_received
        self.run_due()
        self.assertEqual(self.sim.requests_received, requests, "a sent job is never sent again")

    def test_pushing_twice_queues_one_job(self):
        self.config.auto_push = False
        order = self.confirmed_order()
        order.action_oms_tally_push()
        order.action_oms_tally_push()
        self.assertEqual(len(self.jobs_of(order, "sales_order")), 1)

    def test_edit_after_sending_alters_the_same_voucher(self):
        order = self.confirmed_order()
        self.run_due()
        order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 10})]})
        jobs = self.jobs_of(order, "sales_order")
        self.assertEqual(jobs.mapped("state"), ["pending", "done"], "the edit queues one new job")
        self.run_due()
        remote_id = jobs[0].remote_id
        self.assertEqual(self.tally().creations[remote_id], 1, "never a second voucher")
        self.assertEqual(self.tally().vouchers[remote_id].amount, Decimal("1180.00"))
        self.assertEqual(self.tally().voucher_count("Sales Order"), 1)

    def test_invoice_becomes_sales_voucher_linked_by_order_number(self):
        order = self.confirmed_order()
        invoice = self.invoice_of(order)
        job = self.jobs_of(invoice, "sales")
        self.assertEqual(len(job), 1, "posting queues exactly one job")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual(voucher.voucher_type, "Sales")
        self.assertEqual(voucher.order_numbers, (order.name,))
        self.assertEqual(voucher.amount, Decimal("590.00"))
        ledgers = {
            entry.findtext("LEDGERNAME"): entry.findtext("AMOUNT")
            for entry in voucher.element.findall("LEDGERENTRIES.LIST")
        }
        self.assertEqual(ledgers["Output CGST"], "45.00")
        self.assertEqual(ledgers["Output SGST"], "45.00")
        self.assertEqual(voucher.element.findtext(".//BILLALLOCATIONS.LIST/NAME"), invoice.name)
        self.assertEqual(len(self.tally().vouchers_with_order(order.name)), 2)

    def test_irn_and_eway_bill_go_into_the_narration(self):
        order = self.confirmed_order()
        invoice = self.invoice_of(order)
        # The hook is empty in this module; oms_tally_gst fills it from oms_gst_india's fields.
        details = EInvoiceDetails(
            irn="a1b2c3irn",
            ack_no="112510000012345",
            ack_date=datetime.date(2025, 4, 10),
            eway_bills=(EwayBillReference("331000123456", datetime.date(2025, 4, 11)),),
        )
        with patch.object(type(invoice), "_oms_tally_einvoice_values", lambda self: details):
            self.run_due()
        voucher = self.tally().vouchers[self.jobs_of(invoice, "sales").remote_id]
        self.assertIn("IRN: a1b2c3irn", voucher.element.findtext("NARRATION"))
        self.assertIn("E-way bill: 331000123456", voucher.element.findtext("NARRATION"))
        self.assertEqual(
            (voucher.irn, voucher.irn_ack_no, voucher.irn_ack_date),
            ("a1b2c3irn", "112510000012345", "20250410"),
        )
        self.assertEqual(voucher.eway_bills, (("331000123456", "20250411"),))

    def test_without_einvoice_the_voucher_has_no_einvoice_field(self):
        order = self.confirmed_order()
        invoice = self.invoice_of(order)
        self.assertFalse(invoice._oms_tally_einvoice_values(), "no IRN, no e-way bill")
        self.run_due()
        voucher = self.tally().vouchers[self.jobs_of(invoice, "sales").remote_id]
        self.assertEqual((voucher.irn, voucher.eway_bills), ("", ()))
        self.assertNotIn("IRN", voucher.element.findtext("NARRATION") or "")

    def test_inter_state_invoice_uses_the_igst_ledger(self):
        order = self.confirmed_order()
        order.order_line.tax_id = self.igst18
        invoice = self.invoice_of(order)
        self.run_due()
        voucher = self.tally().vouchers[self.jobs_of(invoice, "sales").remote_id]
        names = [entry.findtext("LEDGERNAME") for entry in voucher.element.findall("LEDGERENTRIES.LIST")]
        self.assertIn("Output IGST", names)
        self.assertNotIn("Output CGST", names)

    def test_cancelling_a_sent_order_cancels_its_voucher(self):
        order = self.confirmed_order()
        self.run_due()
        order._action_cancel()
        cancel = self.jobs_of(order, "cancel")
        self.assertEqual(len(cancel), 1)
        self.run_due()
        self.assertEqual(cancel.state, "done", cancel.last_error)
        self.assertTrue(self.tally().vouchers[cancel.remote_id].cancelled)

    def test_cancelling_before_sending_withdraws_the_job(self):
        order = self.confirmed_order()
        order._action_cancel()
        self.assertEqual(self.jobs_of(order, "sales_order").state, "cancelled")
        self.assertFalse(self.jobs_of(order, "cancel"), "Tally never had it, so nothing to cancel")

    def test_unbalanced_voucher_is_refused_before_sending(self):
        self.config.auto_push = False
        order = self.confirmed_order()
        imports = self.sim.imports_received
        wrong = (TaxLine("Output CGST", Decimal("45.00")), TaxLine("Output SGST", Decimal("4.50")))
        with patch.object(type(order), "_oms_tally_tax_lines", lambda self, config: wrong):
            with self.assertRaisesRegex(UserError, "does not balance"):
                order.action_oms_tally_push()
            self.assertFalse(self.jobs_of(order))
            # A job already queued (e.g. automatically) fails in plain words without sending anything.
            job = self.Sync._oms_enqueue(order, "sales_order")
            self.run_due(job)
        self.assertEqual(job.state, "failed")
        self.assertIn("does not balance", job.last_error)
        self.assertEqual(self.sim.imports_received, imports)
        # The order's form line and board card tell Finance.
        order.invalidate_recordset()
        self.assertIn(f"Tally sync failed: {job.name}", order.oms_blocking_reason)
        self.assertIn("Waiting for Finance:", order.oms_blocking_line)

    def test_missing_sales_ledger_is_refused_with_the_rate(self):
        self.config.auto_push = False
        order = self.confirmed_order()
        self.igst18.amount = 12
        order.order_line.tax_id = self.igst18
        with self.assertRaisesRegex(UserError, "GST rate 12"):
            order.action_oms_tally_push()
        self.assertFalse(self.jobs_of(order))

    def test_draft_order_is_refused(self):
        order = self.create_order()
        with self.assertRaisesRegex(UserError, "confirm"):
            order.action_oms_tally_push()
        self.assertFalse(self.jobs_of(order))


@tagged("post_install", "-at_install")
class TestTallyRefusalsInPlainWords(TallyCommon):
    def test_a_company_not_open_in_tally_fails_the_job_naming_the_document_in_plain_words(self):
        self.config.company_name = "Company Not Open Ltd"
        order = self.confirmed_order()
        self.run_due()
        job = self.jobs_of(order, "sales_order")
        self.assertEqual(job.state, "failed")
        self.assertIn(order.name, job.last_error)
        self.assertIn("Tally does not have the company 'Company Not Open Ltd' open", job.last_error)
