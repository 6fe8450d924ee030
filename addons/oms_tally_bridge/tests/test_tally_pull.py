"""Receipts, credit notes and outstanding bills read back from Tally: a receipt pays its invoice once, a
change in Tally is flagged and never applied twice, the credit check reads Tally when the company says so,
and the wrong role, a Tally down and a pull repeated change nothing."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyPull(TallyCommon):
    def setUp(self):
        super().setUp()
        self.order = self.confirmed_order()
        self.invoice = self.invoice_of(self.order)
        self.run_due()  # the Sales voucher is in Tally: its bill (New Ref) is the invoice number
        self.party = self.customer.name
        self.Settlement = self.env["oms.tally.settlement"]

    def key_in_receipt(self, amount, bill=None, number="R-1"):
        bills = [("Agst Ref", bill or self.invoice.name, amount)]
        return self.tally().enter_voucher("Receipt", number, "20250510", self.party, amount, bills=bills)

    def pull(self, role="finance"):
        self.Settlement.with_user(self.users[role]).action_oms_pull_now()

    def test_a_receipt_keyed_in_tally_pays_its_invoice_once(self):
        self.key_in_receipt(self.invoice.amount_total)
        self.pull()
        settlement = self.Settlement.search([("number", "=", "R-1")])
        self.assertEqual(settlement.state, "applied")
        self.assertEqual(settlement.partner_id, self.customer)
        self.assertIn(settlement.payment_ids.state, ("in_process", "paid"))
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice.amount_residual, 0.0)
        watermark = self.config.settlement_alter_id
        self.assertTrue(watermark)
        # Pulled again: Tally has nothing new, and nothing is written.
        written = settlement.write_date
        self.pull()
        self.assertEqual(self.Settlement.search_count([]), 1)
        self.assertEqual(len(settlement.payment_ids), 1)
        self.assertEqual((settlement.write_date, self.config.settlement_alter_id), (written, watermark))
        self.assertFalse(self.env["oms.tally.outstanding"].search([("move_id", "=", self.invoice.id)]))

    def test_a_receipt_naming_no_open_invoice_stays_unmatched_and_is_listed_in_reconciliation(self):
        self.key_in_receipt(300.0, bill="OLD/2019/7")
        self.pull()
        settlement = self.Settlement.search([])
        self.assertEqual((settlement.state, settlement.unmatched_amount), ("unmatched", 300.0))
        self.assertFalse(settlement.payment_ids)
        self.assertEqual(self.invoice.amount_residual, self.invoice.amount_total)
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": self.invoice.invoice_date, "date_to": self.invoice.invoice_date}
        )
        wizard.action_reconcile()
        receipt = wizard.line_ids.filtered(lambda line: line.status == "receipt")
        self.assertEqual((receipt.number, receipt.tally_amount), ("R-1", 300.0))

    def test_a_receipt_changed_in_tally_after_it_was_applied_is_flagged_not_paid_twice(self):
        voucher = self.key_in_receipt(self.invoice.amount_total)
        self.pull()
        self.tally().alter_voucher(voucher.remote_id, amount=50, bills=[("Agst Ref", self.invoice.name, 50)])
        self.pull()
        settlement = self.Settlement.search([])
        self.assertEqual(settlement.state, "changed")
        self.assertEqual(len(settlement.payment_ids), 1)
        self.assertEqual(settlement.amount, 50.0)
        self.assertIn("Changed in Tally after Odoo applied it", settlement.message_ids[0].body)

    def test_outstanding_bills_and_the_credit_check_read_tally_when_the_company_says_so(self):
        # The accountant credits part of the invoice in Tally; Odoo knows nothing of it.
        credit = round(self.invoice.amount_total / 2, 2)
        self.tally().enter_voucher(
            "Credit Note",
            "CN-1",
            "20250511",
            self.party,
            credit,
            bills=[("Agst Ref", self.invoice.name, credit)],
        )
        self.pull()
        [bill] = self.env["oms.tally.outstanding"].search([])
        self.assertEqual((bill.move_id, bill.partner_id), (self.invoice, self.customer))
        self.assertAlmostEqual(bill.amount, self.invoice.amount_total - credit)
        self.assertEqual(self.Settlement.search([]).state, "credit_note")
        # A limit between Tally's exposure and Odoo's: which figure the check reads decides the order.
        self.company.account_use_credit_limit = True
        new_order = self.create_order()
        self.customer.credit_limit = self.invoice.amount_total - credit / 2 + new_order.amount_total
        outcomes = {}
        for source in ("odoo", "tally", "larger"):
            self.company.oms_credit_source = source
            new_order.invalidate_recordset()
            new_order._oms_check_credit()
            outcomes[source] = new_order.oms_credit_state
        self.assertEqual(outcomes, {"odoo": "hold", "tally": "passed", "larger": "hold"})
        self.company.oms_credit_source = "tally"
        new_order.invalidate_recordset()
        buckets = (
            "oms_ageing_not_due",
            "oms_ageing_0_30",
            "oms_ageing_31_60",
            "oms_ageing_61_90",
            "oms_ageing_90_plus",
        )
        self.assertAlmostEqual(sum(new_order[field] for field in buckets), self.invoice.amount_total - credit)
        # Reconciliation: the customer's receivable differs by the credit note keyed in Tally.
        wizard = self.env["oms.tally.reconcile.wizard"].create(
            {"date_from": self.invoice.invoice_date, "date_to": self.invoice.invoice_date}
        )
        wizard.action_reconcile()
        line = wizard.line_ids.filtered(
            lambda line: line.status == "receivable" and line.document_ref == self.customer
        )
        self.assertAlmostEqual(line.odoo_amount - line.tally_amount, credit)

    def test_a_credit_note_keyed_in_tally_clears_its_invoice_against_the_clearing_account(self):
        clearing = self.env["account.account"].create(
            {"name": "Tally credit notes (clearing)", "code": "TCN01", "account_type": "liability_current"}
        )
        self.config.credit_note_account_id = clearing
        credit = round(self.invoice.amount_total / 4, 2)
        self.tally().enter_voucher(
            "Credit Note",
            "CN-2",
            "20250511",
            self.party,
            credit,
            bills=[("Agst Ref", self.invoice.name, credit)],
        )
        refunds = self.env["account.move"].search_count([("move_type", "=", "out_refund")])
        self.pull()
        settlement = self.Settlement.search([("number", "=", "CN-2")])
        self.assertEqual(settlement.state, "applied")
        entry = settlement.clearing_move_ids
        self.assertEqual((entry.move_type, entry.state), ("entry", "posted"))
        self.assertAlmostEqual(
            sum(entry.line_ids.filtered(lambda line: line.account_id == clearing).mapped("debit")), credit
        )
        self.assertAlmostEqual(self.invoice.amount_residual, self.invoice.amount_total - credit)
        # No second tax document: no Odoo credit note, nothing queued for Tally.
        self.assertEqual(self.env["account.move"].search_count([("move_type", "=", "out_refund")]), refunds)
        self.assertFalse(self.jobs_of(entry))
        # Odoo's receivable now agrees with Tally's outstanding bill.
        [bill] = self.env["oms.tally.outstanding"].search([("move_id", "=", self.invoice.id)])
        self.assertAlmostEqual(bill.amount, self.invoice.amount_residual)
        self.pull()
        self.assertEqual(len(settlement.clearing_move_ids), 1)

    def test_a_bill_paid_off_in_tally_leaves_the_picture_and_unchanged_bills_are_not_rewritten(self):
        self.pull()
        [bill] = self.env["oms.tally.outstanding"].search([])
        written = bill.write_date
        self.pull()
        self.assertEqual(bill.write_date, written)
        self.key_in_receipt(self.invoice.amount_total)
        self.pull()
        self.assertFalse(bill.exists())

    def test_tally_down_says_so_and_changes_nothing(self):
        self.key_in_receipt(self.invoice.amount_total)
        self.sim.fail_next("down")
        with self.assertRaisesRegex(UserError, "Could not read back from Tally"):
            self.pull()
        self.assertFalse(self.Settlement.search([]))
        self.assertEqual(self.config.settlement_alter_id, 0)
        self.assertIn(self.invoice.payment_state, ("not_paid", "partial"))

    def test_only_finance_pulls_and_reads(self):
        for role in ("sales", "dispatch"):
            with self.assertRaises(AccessError):
                self.pull(role)
        self.pull()
        with self.assertRaises(AccessError):
            self.Settlement.with_user(self.users["sales"]).search([]).read(["amount"])
