"""The demo's read-back from Tally: the receipts its accountants keyed in Tally paid their invoices in Odoo,
once, and Tally's outstanding bills are there for the credit check to read.

Run by the Odoo tier with pytest-odoo on the demo database once its history is made (tag oms_demo_history;
bin/lib/odoo_tier_demo.py)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "-standard", "oms_demo_history")
class TestDemoTallyReadBack(TransactionCase):
    def test_receipts_keyed_in_tally_paid_their_invoices_once(self):
        company = self.env.ref("oms_handover.company_oms_demo")
        settlements = self.env["oms.tally.settlement"].search([("company_id", "=", company.id)])
        applied = settlements.filtered(
            lambda settlement: settlement.state == "applied" and settlement.voucher_type == "Receipt"
        )
        self.assertGreaterEqual(len(applied), 1, settlements.mapped("state"))
        for settlement in applied:
            self.assertEqual(len(settlement.payment_ids), 1)
            invoices = settlement.payment_ids.reconciled_invoice_ids
            self.assertTrue(
                invoices and all(invoice.payment_state in ("paid", "in_payment") for invoice in invoices)
            )
        [credit_note] = settlements.filtered(lambda settlement: settlement.voucher_type == "Credit Note")
        self.assertEqual(credit_note.state, "applied")
        self.assertEqual(credit_note.clearing_move_ids.state, "posted")
        self.assertFalse(credit_note.payment_ids)
        bills = self.env["oms.tally.outstanding"].search([("company_id", "=", company.id)])
        self.assertTrue(bills.filtered("partner_id"), "Tally's open bills are matched to the demo customers")
