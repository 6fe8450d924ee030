"""Customer credit notes become Tally Credit Note vouchers settled against the invoice they reverse."""

from decimal import Decimal
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..oms_tally import TaxLine
from .common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyCreditNote(TallyCommon):
    def sent_invoice(self):
        order = self.confirmed_order()
        invoice = self.invoice_of(order)
        self.run_due()
        self.assertEqual(self.jobs_of(invoice, "sales").state, "done")
        return invoice

    def credit_note_of(self, invoice, quantity=2, post=True):
        """A credit note for ``quantity`` of the invoice's 5 units (100.00 each, 18 % GST)."""
        (refund,) = invoice._reverse_moves([{"ref": f"Return of {invoice.name}: damaged"}])
        refund.write(
            {"invoice_line_ids": [Command.update(refund.invoice_line_ids.id, {"quantity": quantity})]}
        )
        if post:
            refund.action_post()
        return refund

    def test_credit_note_becomes_one_credit_note_voucher_against_the_invoice(self):
        invoice = self.sent_invoice()
        refund = self.credit_note_of(invoice)
        job = self.jobs_of(refund, "credit_note")
        self.assertEqual((len(job), job.state), (1, "pending"), "posting queues exactly one job")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        tally = self.tally()
        self.assertEqual(tally.voucher_count("Credit Note"), 1)
        voucher = tally.vouchers[job.remote_id]
        self.assertEqual((voucher.number, voucher.reference), (refund.name, invoice.name))
        self.assertEqual(voucher.amount, Decimal("236.00"))
        self.assertEqual(voucher.bills, (("Agst Ref", invoice.name, Decimal("236.00")),))
        element = voucher.element
        self.assertEqual(element.findtext("REFERENCEDATE"), invoice.invoice_date.strftime("%Y%m%d"))
        entries = {
            e.findtext("LEDGERNAME"): e.findtext("AMOUNT") for e in element.findall("LEDGERENTRIES.LIST")
        }
        self.assertEqual(
            entries, {"Test Customer Pvt Ltd": "236.00", "Output CGST": "-18.00", "Output SGST": "-18.00"}
        )
        item = element.find("ALLINVENTORYENTRIES.LIST")
        self.assertEqual((item.findtext("ISDEEMEDPOSITIVE"), item.findtext("AMOUNT")), ("Yes", "-200.00"))
        self.assertEqual(tally.bills_of("Test Customer Pvt Ltd"), {invoice.name: Decimal("354.00")})
        self.assertEqual(job.amount, 236.0)

    def test_resending_a_credit_note_alters_the_same_voucher(self):
        refund = self.credit_note_of(self.sent_invoice())
        self.run_due()
        refund.action_oms_tally_push()
        jobs = self.jobs_of(refund, "credit_note")
        self.assertEqual(jobs.mapped("state"), ["pending", "done"])
        self.run_due()
        self.assertEqual(jobs.mapped("state"), ["done", "done"], jobs.mapped("last_error"))
        self.assertEqual(self.tally().creations[jobs[0].remote_id], 1, "never a second voucher")
        self.assertEqual(self.tally().voucher_count("Credit Note"), 1)

    def test_cancelling_a_sent_credit_note_cancels_its_voucher(self):
        invoice = self.sent_invoice()
        refund = self.credit_note_of(invoice)
        self.run_due()
        refund.button_cancel()
        cancel = self.jobs_of(refund, "cancel")
        self.assertEqual(len(cancel), 1)
        self.run_due()
        self.assertEqual(cancel.state, "done", cancel.last_error)
        self.assertTrue(self.tally().vouchers[cancel.remote_id].cancelled)
        self.assertEqual(self.tally().bills_of("Test Customer Pvt Ltd"), {invoice.name: Decimal("590.00")})

    def test_unbalanced_credit_note_is_refused_before_sending(self):
        invoice = self.sent_invoice()
        self.config.auto_push = False
        refund = self.credit_note_of(invoice)
        imports = self.sim.imports_received
        wrong = (TaxLine("Output CGST", Decimal("18.00")), TaxLine("Output SGST", Decimal("1.80")))
        with (
            patch.object(type(refund), "_oms_tally_tax_lines", lambda self, config: wrong),
            self.assertRaisesRegex(UserError, "does not balance"),
        ):
            refund.action_oms_tally_push()
        self.assertFalse(self.jobs_of(refund))
        self.assertEqual(self.sim.imports_received, imports)

    def test_draft_credit_note_is_refused_and_the_voucher_type_is_configurable(self):
        invoice = self.sent_invoice()
        draft = self.credit_note_of(invoice, post=False)
        with self.assertRaisesRegex(UserError, "post"):
            draft.action_oms_tally_push()
        self.assertFalse(self.jobs_of(draft))
        # A type Tally does not have is named in Tally's refusal, so the setting is really used.
        self.config.credit_note_voucher_type = "Sales Return"
        draft.action_post()
        job = self.jobs_of(draft, "credit_note")
        self.run_due()
        self.assertEqual(job.state, "failed")
        self.assertIn("Voucher Type 'Sales Return' does not exist", job.last_error)
        self.assertEqual(self.tally().voucher_count("Credit Note"), 0)
