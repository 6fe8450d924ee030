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
            client_order_ref="PO-4712",
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": 6})],
        )
        self.assertFalse(other.oms_duplicate_order_ids)

    def test_same_customer_po_reference_is_a_duplicate_whatever_the_lines(self):
        first = self.confirmed_order(client_order_ref="PO/2025/118")
        second = self.confirmed_order(
            client_order_ref="po/2025/118 ",
            order_line=[Command.create({"product_id": self.product_b.id, "product_uom_qty": 40})],
        )
        self.assertEqual(second.oms_duplicate_order_ids, first)
        self.assertIn("same customer PO reference (po/2025/118)", second.oms_duplicate_warning)
        with self.assertRaisesRegex(UserError, "same customer PO reference"):
            self.as_role(second, "manager").action_oms_move_next()

    def test_similar_lines_count_within_the_companys_window_only(self):
        # A quotation keyed 20 days ago (confirming would date it today, as Odoo does).
        first = self.create_order(date_order=fields.Datetime.now() - timedelta(days=20))
        # 5 against 5.4: within the default 10% tolerance.
        second = self.create_order(
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": 5.4})],
        )
        self.assertEqual(second.oms_duplicate_order_ids, first)
        self.assertIn("same products in similar quantities", second.oms_duplicate_warning)
        self.company.oms_duplicate_window_days = 10
        second.invalidate_recordset(["oms_duplicate_order_ids", "oms_duplicate_warning"])
        self.assertFalse(second.oms_duplicate_order_ids)
        self.company.oms_duplicate_window_days = 30
        self.company.oms_duplicate_tolerance_percent = 0
        second.invalidate_recordset(["oms_duplicate_order_ids", "oms_duplicate_warning"])
        self.assertFalse(second.oms_duplicate_order_ids)

    def merge_wizard(self, quotation, role="sales"):
        # As the form's button opens it: the quotation in the context.
        return (
            self.env["oms.duplicate.merge.wizard"]
            .with_user(self.users[role])
            .with_context(default_order_id=quotation.id)
            .create({})
        )

    def test_quotation_lines_go_to_the_earlier_order_instead(self):
        earlier = self.confirmed_order()
        delivery = earlier.picking_ids
        quotation = self.create_order(
            client_order_ref=earlier.client_order_ref,  # the customer's PO keyed a second time
            order_line=[
                Command.create({"product_id": self.product_b.id, "product_uom_qty": 3, "price_unit": 240.0})
            ],
        )
        wizard = self.merge_wizard(quotation)
        self.assertEqual(wizard.target_id, earlier)
        action = wizard.action_add_to_order()
        self.assertEqual(action["res_id"], earlier.id)
        self.assertEqual(quotation.state, "cancel")
        added = earlier.order_line.filtered(lambda line: line.product_id == self.product_b)
        self.assertEqual((added.product_uom_qty, added.price_unit), (3, 240.0))
        # Odoo's own sale_stock adds the new line to the order's open delivery.
        self.assertEqual(earlier.picking_ids, delivery)
        self.assertEqual(
            delivery.move_ids.filtered(lambda move: move.product_id == self.product_b).product_uom_qty, 3
        )
        self.assertIn(f"added from {quotation.name}", earlier.message_ids[0].body)
        self.assertIn(f"added to {earlier.name} instead", quotation.message_ids[0].body)

    def test_adding_to_an_order_past_sale_order_or_by_another_role_is_refused(self):
        earlier = self.confirmed_order()
        quotation = self.create_order()
        with self.assertRaises(AccessError):
            self.as_role(quotation, "dispatch").action_oms_add_to_order(earlier.id)
        self.put_at_stage(earlier, "purchase_order")
        with self.assertRaisesRegex(UserError, "already past the Sale Order stage"):
            self.merge_wizard(quotation).action_add_to_order()
        stranger = self.create_order(
            client_order_ref="PO-OTHER", partner_id=self.env["res.partner"].create({"name": "Other"}).id
        )
        with self.assertRaisesRegex(UserError, "not a possible duplicate"):
            self.as_role(quotation, "sales").action_oms_add_to_order(stranger.id)
        confirmed = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "no longer an open quotation"):
            self.as_role(confirmed, "sales").action_oms_add_to_order(quotation.id)
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(len(earlier.order_line), 1)

    def test_back_dating_beyond_limit_is_refused(self):
        Order = self.env["sale.order"].with_user(self.users["sales"])
        with self.assertRaisesRegex(ValidationError, "back-dated by at most 90 days"), self.cr.savepoint():
            Order.create(self.order_values(date_order=fields.Datetime.now() - timedelta(days=100)))
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=like", "PO-4711/%")]))
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
