from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError

from .common import OmsCommon, send_queued_customer_mails


class TestHandover(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)

    def opportunity_with_quotation(self, sent=True, **quotation_values):
        lead = self.env["crm.lead"].create(
            {
                "name": "Bearings for Line 3",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.users["sales"].id,
            }
        )
        quotation = self.create_order(opportunity_id=lead.id, **quotation_values)
        if sent:
            quotation.action_quotation_sent()
        return lead, quotation

    def test_won_without_quotation_is_refused(self):
        lead = self.env["crm.lead"].create(
            {"name": "No quote", "type": "opportunity", "partner_id": self.customer.id}
        )
        with self.assertRaisesRegex(UserError, "has no quotation"):
            self.as_role(lead, "sales").action_set_won()
        self.assertFalse(lead.stage_id.is_won)

    def test_won_with_unsent_quotation_is_refused_with_reason(self):
        lead, quotation = self.opportunity_with_quotation(sent=False)
        with self.assertRaisesRegex(UserError, "neither sent to the customer nor signed online"):
            self.as_role(lead, "sales").action_set_won()
        self.assertFalse(quotation.oms_handover_state)

    def test_expired_quotation_is_refused(self):
        lead, _quotation = self.opportunity_with_quotation(
            validity_date=fields.Date.today() - timedelta(days=1)
        )
        with self.assertRaisesRegex(UserError, "expired"):
            self.as_role(lead, "sales").action_set_won()

    def test_discount_above_limit_needs_approval(self):
        lead, quotation = self.opportunity_with_quotation()
        quotation.order_line.discount = 25.0
        with self.assertRaisesRegex(UserError, "needs a manager's approval"):
            self.as_role(lead, "sales").action_set_won()
        with self.assertRaises(AccessError):
            self.as_role(quotation, "sales").action_oms_approve()
        self.as_role(quotation, "manager").action_oms_approve()
        self.assertEqual(quotation.oms_approved_by_id, self.users["manager"])
        self.as_role(lead, "sales").action_set_won()
        self.assertEqual(quotation.oms_handover_state, "pending")

    def test_won_hands_over_and_freezes_the_quotation(self):
        lead, quotation = self.opportunity_with_quotation()
        self.as_role(lead, "sales").action_set_won()
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(quotation.oms_handover_state, "pending")
        self.assertEqual(quotation.oms_board_column, "new")
        self.assertEqual(quotation.oms_customer_status, "received")
        self.assertEqual(quotation.oms_history_ids.kind, "handover")
        activity = quotation.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("New order to process", activity.summary)
        self.assertTrue(activity.user_id.has_group("oms_handover.group_oms_manager"))
        # Frozen for sales: no price, line or customer change.
        with self.assertRaisesRegex(UserError, "handed over to operations"):
            self.as_role(quotation.order_line, "sales").write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, "handed over to operations"):
            self.as_role(quotation, "sales").write(
                {"order_line": [Command.create({"product_id": self.product_b.id, "product_uom_qty": 1})]}
            )
        with self.assertRaisesRegex(UserError, "handed over to operations"):
            self.as_role(quotation, "sales").write({"payment_term_id": False})
        # ... and sales cannot convert it: only operations proceed.
        with self.assertRaises(AccessError):
            self.as_role(quotation, "sales").action_confirm()
        self.assertEqual(quotation.state, "sent")

    def test_operations_convert_at_the_quote_price(self):
        lead, quotation = self.opportunity_with_quotation()
        quoted_price = quotation.order_line.price_unit
        self.as_role(lead, "sales").action_set_won()
        self.product.list_price = quoted_price * 2  # the price list changed after the quote
        self.as_role(quotation, "manager").action_confirm()
        self.assertEqual(quotation.state, "sale")
        self.assertEqual(quotation.order_line.price_unit, quoted_price)
        self.assertEqual(quotation.partner_id, self.customer)
        self.assertEqual(quotation.payment_term_id, self.payment_term)
        self.assertEqual(quotation.oms_handover_state, "done")
        self.assertEqual(quotation.oms_stage_id.code, "sale_order")
        self.assertEqual(quotation.oms_history_ids.sorted("id")[-1].kind, "handover")

    def test_acknowledgement_mail_is_queued_with_the_order_number(self):
        order = self.confirmed_order()
        mails = send_queued_customer_mails(self.env).search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        # The customer's mail; followers (the salesperson) get Odoo's own internal copy.
        acknowledgement = mails.filtered(
            lambda mail: (
                "Thank you for your Order" in (mail.subject or "") and order.partner_id in mail.recipient_ids
            )
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.subject, f"Thank you for your Order #{order.name}")
        self.assertIn(
            f"Thank you for your Order #{order.name}. We are processing it.", str(acknowledgement.body_html)
        )
        self.assertIn(self.customer, acknowledgement.recipient_ids)
        self.assertEqual(acknowledgement.state, "outgoing")

    def test_requested_date_defaults_to_order_date_plus_lead_days(self):
        order = self.create_order()
        self.assertEqual(order.oms_requested_date, fields.Date.to_date(order.date_order) + timedelta(days=3))

    def test_online_payment_confirms_a_handed_over_quotation(self):
        """The customer pays a handed-over quotation online. Odoo's payment status poll (payment's
        ``/payment/status/poll``) post-processes the transaction as the visitor, in sudo, and sale confirms
        the quotation there: the customer's payment is acceptance, not a sales user going around
        operations, so it confirms and enters the pipeline."""
        lead, quotation = self.opportunity_with_quotation(require_payment=True, prepayment_percent=1.0)
        self.as_role(lead, "sales").action_set_won()
        self.assertEqual(quotation.oms_handover_state, "pending")
        provider = self.env["payment.provider"].create(
            {
                "name": "Test Card Gateway",
                "code": "none",
                "state": "test",
                "payment_method_ids": [Command.set(self.env.ref("payment.payment_method_unknown").ids)],
            }
        )
        transaction = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                    "reference": f"{quotation.name}-online",
                    "amount": quotation.amount_total,
                    "currency_id": quotation.currency_id.id,
                    "partner_id": quotation.partner_id.id,
                    "operation": "online_redirect",
                    "sale_order_ids": [Command.set(quotation.ids)],
                }
            )
        )
        transaction._set_done()
        visitor = self.env.ref("base.public_user")
        # The accounting side of the payment (account_payment's journal entry) is not what this tests.
        with patch("odoo.addons.account_payment.models.payment_transaction.PaymentTransaction._post_process"):
            transaction.with_user(visitor).sudo()._post_process()
        self.assertEqual(quotation.state, "sale")
        self.assertEqual(quotation.oms_handover_state, "done")
        self.assertEqual(quotation.oms_stage_id.code, "sale_order")
        # One mail for the confirmation: Odoo's own (sent on payment), not the suite's acknowledgement too.
        queued = self.env["oms.customer.mail"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", quotation.id)]
        )
        acknowledgement = self.env.ref("oms_handover.mail_template_order_acknowledgement")
        self.assertFalse(queued.filtered(lambda mail: mail.template_id == acknowledgement))
        self.assertTrue(
            quotation.message_ids.filtered(lambda message: quotation.name in (message.subject or ""))
        )
