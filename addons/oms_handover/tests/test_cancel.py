from odoo.exceptions import AccessError, UserError

from .common import OmsCommon, send_queued_customer_mails


class TestCancel(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("oms_handover.cancel_reason_customer")
        cls.reason_other = cls.env.ref("oms_handover.cancel_reason_other")

    def test_cancel_needs_the_cancel_group(self):
        order = self.confirmed_order()
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").action_oms_cancel(self.reason.id)
        self.assertEqual(order.state, "sale")

    def test_cancel_needs_a_reason(self):
        order = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "Choose a cancel reason"):
            self.as_role(order, "manager").action_oms_cancel(False)
        with self.assertRaisesRegex(UserError, "needs a note"):
            self.as_role(order, "manager").action_oms_cancel(self.reason_other.id)
        self.assertEqual(order.state, "sale")

    def test_cancel_is_audited_and_leaves_the_boards(self):
        order = self.confirmed_order()
        invoice = order._create_invoices()
        self.assertEqual(invoice.state, "draft")
        self.as_role(order, "manager").action_oms_cancel(self.reason.id, note="Customer changed plans")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(invoice.state, "cancel")  # draft commercial invoice voided
        self.assertEqual(order.oms_cancel_reason_id, self.reason)
        self.assertFalse(order.oms_board_column)
        row = order.oms_history_ids.filtered(lambda history: history.kind == "cancel")
        self.assertEqual(row.from_stage_id.code, "sale_order")
        self.assertIn("Customer changed plans", row.note)
        self.assertEqual(row.user_id, self.users["manager"])
        self.assertIn(order, self.env["sale.order"].search([("oms_cancel_reason_id", "=", self.reason.id)]))
        with self.assertRaisesRegex(UserError, "cancelled"):
            self.as_role(order, "manager").action_oms_move("purchase_order")

    def test_cancellation_mail_follows_the_company_setting(self):
        def cancel_mails(order):
            mails = send_queued_customer_mails(self.env).search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id), ("subject", "ilike", "cancel")]
            )
            return mails.filtered(lambda mail: order.partner_id in mail.recipient_ids)

        quiet = self.confirmed_order()
        self.as_role(quiet, "manager").action_oms_cancel(self.reason.id)
        self.assertFalse(cancel_mails(quiet))
        self.company.oms_send_cancel_mail = True
        told = self.confirmed_order()
        self.as_role(told, "manager").action_oms_cancel(self.reason.id)
        # One mail to the customer (followers such as the salesperson are notified apart, as Odoo does).
        mail = cancel_mails(told).filtered(lambda outgoing: self.customer in outgoing.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(told.name, mail.subject)

    def test_cancel_refused_once_goods_are_dispatched(self):
        order = self.confirmed_order()
        order.order_line.qty_delivered = 1
        with self.assertRaisesRegex(UserError, "already been dispatched"):
            self.as_role(order, "manager").action_oms_cancel(self.reason.id)
        self.assertEqual(order.state, "sale")

    def test_reopen_is_recorded(self):
        order = self.confirmed_order()
        self.as_role(order, "manager").action_oms_cancel(self.reason.id)
        order.action_draft()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.oms_stage_id)
        self.assertEqual(order.oms_history_ids.sorted("id")[-1].kind, "reopen")
        order.action_confirm()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
