from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import OmsCommon


class TestCreditAndDuplicates(OmsCommon):
    def test_credit_passes_without_limit(self):
        order = self.confirmed_order()
        self.assertEqual(order.oms_credit_state, "passed")

    def set_credit_limit(self, amount):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = amount

    def test_limit_exceeded_puts_order_on_hold_and_tells_finance(self):
        self.set_credit_limit(100.0)
        order = self.confirmed_order()  # 5 x 100 = 500 > 100
        self.assertEqual(order.oms_credit_state, "hold")
        self.assertIn("is above the limit of 100.00", order.oms_credit_reasons)
        self.assertEqual(order.oms_credit_limit, 100.0)
        self.assertGreaterEqual(order.oms_credit_exposure, 500.0)
        activity = order.activity_ids.filtered(lambda act: "Credit hold" in act.summary)
        self.assertEqual(activity.user_id, self.users["finance"])
        with self.assertRaisesRegex(UserError, "on credit hold"):
            self.as_role(order, "manager").action_oms_move_next()

    def test_only_finance_sanctions_and_the_decision_is_recorded(self):
        self.set_credit_limit(100.0)
        order = self.confirmed_order()
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").action_oms_credit_sanction("please")
        wizard = (
            self.env["oms.credit.decision.wizard"]
            .with_user(self.users["finance"])
            .create({"order_id": order.id, "note": "Long-standing customer, cheque received"})
        )
        wizard.action_sanction()
        self.assertEqual(order.oms_credit_state, "sanctioned")
        self.assertEqual(order.oms_credit_decided_by_id, self.users["finance"])
        self.assertTrue(order.oms_credit_decided_on)
        self.assertEqual(order.oms_credit_decision_note, "Long-standing customer, cheque received")
        self.assertFalse(order._oms_check_credit_approved())

    def test_refused_credit_blocks_the_order(self):
        self.set_credit_limit(100.0)
        order = self.confirmed_order()
        self.as_role(order, "finance").action_oms_credit_refuse("Overdue for months")
        self.assertEqual(order.oms_credit_state, "refused")
        self.assertEqual(
            order._oms_check_credit_approved(), [f"Finance refused the credit of order {order.name}."]
        )

    def post_invoice(self, amount, due_days_ago):
        # Days overdue count from the user's today (their time zone), as the credit check counts them.
        today = fields.Date.context_today(self.env["sale.order"])
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": today - timedelta(days=due_days_ago + 30),
                "invoice_date_due": today - timedelta(days=due_days_ago),
                "invoice_line_ids": [
                    Command.create({"name": "Old supply", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.invoice_payment_term_id = False
        invoice.invoice_date_due = today - timedelta(days=due_days_ago)
        invoice.action_post()
        return invoice

    def test_overdue_invoice_holds_and_ageing_buckets_are_shown(self):
        self.post_invoice(1000.0, due_days_ago=45)
        self.post_invoice(300.0, due_days_ago=100)
        order = self.confirmed_order()
        self.assertEqual(order.oms_credit_state, "hold")
        self.assertIn("100 days overdue", order.oms_credit_reasons)
        self.assertEqual(order.oms_ageing_31_60, 1000.0)
        self.assertEqual(order.oms_ageing_90_plus, 300.0)
        self.assertEqual(order.oms_ageing_0_30, 0.0)
        wizard = (
            self.env["oms.credit.decision.wizard"]
            .with_user(self.users["finance"])
            .create({"order_id": order.id, "note": "ok"})
        )
        self.assertEqual(wizard.ageing_31_60, 1000.0)

    def test_duplicate_order_must_be_acknowledged(self):
        first = self.confirmed_order()
        second = self.confirmed_order()
        self.assertEqual(second.oms_duplicate_order_ids, first)
        with self.assertRaisesRegex(UserError, f"Possible duplicate: {first.name}"):
            self.as_role(second, "manager").action_oms_move_next()
        self.as_role(second, "sales").action_oms_acknowledge_duplicates()
        self.assertTrue(second.oms_duplicates_acknowledged)
        self.assertEqual(second.oms_duplicates_acknowledged_by_id, self.users["sales"])
        self.assertFalse(second._oms_check_duplicates_acknowledged())

    def test_different_quantities_are_not_duplicates(self):
        self.confirmed_order()
        other = self.confirmed_order(
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": 6})]
        )
        self.assertFalse(other.oms_duplicate_order_ids)

    def test_back_dating_beyond_limit_is_refused(self):
        Order = self.env["sale.order"].with_user(self.users["sales"])
        with self.assertRaisesRegex(ValidationError, "back-dated by at most 90 days"), self.cr.savepoint():
            Order.create(self.order_values(date_order=fields.Datetime.now() - timedelta(days=100)))
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-4711")]))
        order = Order.create(self.order_values(date_order=fields.Datetime.now() - timedelta(days=80)))
        self.assertTrue(order)
        self.company.oms_backdate_limit_days = 30
        with self.assertRaises(ValidationError), self.cr.savepoint():
            order.date_order = fields.Datetime.now() - timedelta(days=40)

    def test_company_without_limit_accepts_historical_dates(self):
        self.company.oms_backdate_limit_days = 0
        order = (
            self.env["sale.order"]
            .with_user(self.users["sales"])
            .create(self.order_values(date_order=fields.Datetime.now() - timedelta(days=400)))
        )
        self.assertTrue(order)
