"""Alerts and customer mails: each configured event notifies its recipients, turning it off stops it; the
invoice mail is queued once per invoice whatever is retried."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import OmsCommon, send_queued_customer_mails


@tagged("post_install", "-at_install")
class TestNotifications(OmsCommon):
    def rep_notifications(self, order, text):
        return order.message_ids.filtered(
            lambda message: (
                self.users["sales"].partner_id in message.partner_ids and text in str(message.body)
            )
        )

    def test_rep_notified_when_invoiced_and_not_when_off(self):
        order = self.confirmed_order()
        order._oms_enter_stage(self.stages["tax_invoice"])
        self.assertEqual(len(self.rep_notifications(order, "is invoiced")), 1)
        order._oms_enter_stage(self.stages["shipment"])
        self.assertEqual(
            len(self.rep_notifications(order, "is invoiced")), 1, "once, when it becomes invoiced"
        )

        self.company.oms_notify_rep_invoiced = False
        other = self.confirmed_order(client_order_ref="PO-OFF")
        other._oms_enter_stage(self.stages["tax_invoice"])
        self.assertFalse(self.rep_notifications(other, "is invoiced"))

    def test_rep_notified_when_dispatched_and_not_when_off(self):
        order = self.confirmed_order()
        order._oms_enter_stage(self.stages["partial_dispatch"])
        self.assertEqual(len(self.rep_notifications(order, "Partial Dispatch")), 1)
        self.company.oms_notify_rep_dispatched = False
        order._oms_enter_stage(self.stages["partial_dispatch"])
        self.assertEqual(len(self.rep_notifications(order, "Partial Dispatch")), 1)

    def test_rep_mail_waits_in_the_queue(self):
        """A rep who reads notifications by e-mail gets the dispatch note through Odoo's mail queue alone:
        sent by the request after it commits, the same mail could also be taken by the queue's cron."""
        self.users["sales"].notification_type = "email"
        order = self.confirmed_order()
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]).unlink()
        order._oms_enter_stage(self.stages["partial_dispatch"])
        [note] = self.rep_notifications(order, "Partial Dispatch")
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", note.id)])
        self.assertEqual(len(mail), 1, "the rep's mail exists, not yet sent by the request")
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.users["sales"].partner_id, mail.recipient_ids)
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", queue.id)]),
            "Odoo's mail queue is woken to send it",
        )

    def test_rep_inbox_note_wakes_no_queue(self):
        """A rep who reads in Odoo's inbox gets no mail, so the mail queue is not woken for the note."""
        self.users["sales"].notification_type = "inbox"
        order = self.confirmed_order()
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]).unlink()
        order._oms_enter_stage(self.stages["partial_dispatch"])
        self.assertEqual(len(self.rep_notifications(order, "Partial Dispatch")), 1)
        self.assertFalse(self.env["ir.cron.trigger"].search_count([("cron_id", "=", queue.id)]))

    def test_operations_notified_on_handover_unless_off(self):
        quotation = self.create_order()
        quotation._oms_hand_over()
        activity = quotation.activity_ids.filtered(lambda act: "New order to process" in act.summary)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("oms_handover.group_oms_manager"))
        self.company.oms_notify_operations_handover = False
        other = self.create_order(client_order_ref="PO-OFF")
        other._oms_hand_over()
        self.assertEqual(other.oms_handover_state, "pending", "the handover itself still happens")
        self.assertFalse(other.activity_ids)

    def test_finance_notified_on_credit_hold_unless_off(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 10.0
        order = self.confirmed_order()
        activity = order.activity_ids.filtered(lambda act: "Credit hold" in act.summary)
        self.assertEqual(activity.user_id, self.users["finance"])
        self.company.oms_notify_finance_credit_hold = False
        other = self.confirmed_order(client_order_ref="PO-OFF")
        self.assertEqual(other.oms_credit_state, "hold")
        self.assertFalse(other.activity_ids.filtered(lambda act: "Credit hold" in act.summary))

    def test_assignee_mail_of_a_team_activity_waits_in_the_queue(self):
        """Finance, reading notifications by e-mail, is told of the credit hold's activity through Odoo's mail
        queue alone (sent by the request after it commits, the queue's cron could take the same mail)."""
        self.users["finance"].notification_type = "email"
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 10.0
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]).unlink()
        order = self.as_role(self.create_order(), "sales")
        order.action_confirm()
        activity = order.activity_ids.filtered(lambda act: "Credit hold" in act.summary)
        self.assertEqual(activity.user_id, self.users["finance"])
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
            .filtered(lambda mail: self.users["finance"].partner_id in mail.recipient_ids)
        )
        self.assertEqual(len(mail), 1, "Finance's mail exists, not sent by the request")
        self.assertEqual(mail.state, "outgoing")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", queue.id)]),
            "Odoo's mail queue is woken to send it",
        )

    def test_settings_expose_the_company_switches(self):
        settings = self.env["res.config.settings"].create({"oms_notify_rep_invoiced": False})
        settings.execute()
        self.assertFalse(self.company.oms_notify_rep_invoiced)
        self.assertTrue(self.company.oms_notify_rep_dispatched)


@tagged("post_install", "-at_install")
class TestInvoiceMail(OmsCommon):
    def invoice_mails(self, invoice):
        """The customer's invoice mails (followers get Odoo's own internal copies)."""
        mails = send_queued_customer_mails(self.env).search(
            [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        return mails.filtered(lambda mail: invoice.partner_id in mail.recipient_ids)

    def test_invoice_mailed_once_with_pdf_even_when_retried(self):
        order = self.confirmed_order()
        invoice = order._create_invoices()
        self.assertFalse(self.invoice_mails(invoice))
        invoice.action_post()
        mail = self.invoice_mails(invoice)
        self.assertEqual(len(mail), 1)
        self.assertIn(invoice.name, mail.subject)
        self.assertIn(self.customer, mail.recipient_ids)
        self.assertEqual(mail.state, "outgoing")
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", queue.id)]),
            "Odoo's mail queue is woken",
        )
        self.assertTrue(mail.attachment_ids, "the invoice PDF is attached")
        self.assertTrue(invoice.oms_customer_mail_sent)

        invoice._oms_send_customer_invoice_mail()
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(len(self.invoice_mails(invoice)), 1, "retries and re-posts never mail twice")

    def test_invoice_outside_the_pipeline_is_not_mailed(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": self.product.id, "quantity": 1, "price_unit": 10})
                ],
            }
        )
        invoice.action_post()
        self.assertFalse(self.invoice_mails(invoice))
        self.assertFalse(invoice.oms_customer_mail_sent)

    def test_template_is_editable(self):
        template = self.env.ref("oms_handover.mail_template_customer_invoice")
        template.subject = "Your invoice {{ object.name }}"
        order = self.confirmed_order()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(self.invoice_mails(invoice).subject, f"Your invoice {invoice.name}")

    def test_posting_renders_nothing_the_mail_job_does_once(self):
        """The posting transaction only queues the mail; its PDF is rendered by the mail's own job. A job
        that cannot render it fails alone: the invoice stays posted, and people are told."""
        order = self.confirmed_order()
        invoice = order._create_invoices()
        Report = type(self.env["ir.actions.report"])
        broken = UserError("Unable to find Wkhtmltopdf on this system. The PDF can not be created.")
        with patch.object(Report, "_render_qweb_pdf", side_effect=broken) as render:
            invoice.action_post()
            self.assertEqual(render.call_count, 0, "posting rendered a PDF")
            job = self.env["oms.customer.mail"].search(
                [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
            )
            self.assertEqual((len(job), job.state), (1, "pending"))
            self.assertTrue(job.requested_by.email, "the mail has a sender: the user, or the salesperson")
            send_queued_customer_mails(self.env)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(job.state, "failed")
        self.assertIn("Wkhtmltopdf", job.last_error)
        self.assertFalse(self.invoice_mails(invoice))
        self.assertFalse(invoice.oms_customer_mail_sent, "not mailed: it can still be sent by hand")
        self.assertIn("could not be prepared", invoice.message_ids[:1].body)
        self.assertTrue(
            invoice.activity_ids.filtered(lambda a: a.summary == "Send the customer mail by hand")
        )

    def test_queue_is_the_systems(self):
        order = self.confirmed_order()
        for role in ("sales", "finance", "manager"):
            with self.assertRaises(AccessError):
                self.env["oms.customer.mail"].with_user(self.users[role]).search([("res_id", "=", order.id)])


@tagged("post_install", "-at_install")
class TestBusyCustomerRow(OmsCommon):
    def test_signup_prepared_once_not_per_mail(self):
        """Every customer mail with a portal link prepares the customer's signup when customers may sign up:
        the contact's row is written the first time only."""
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        self.customer.signup_type = False
        self.env.flush_all()
        with patch.object(
            type(self.customer), "write", autospec=True, side_effect=type(self.customer).write
        ) as write:
            self.customer.signup_get_auth_param()
            self.customer.signup_get_auth_param()
        self.assertEqual(self.customer.signup_type, "signup")
        written = [call.args[1] for call in write.call_args_list if call.args[0] == self.customer]
        self.assertEqual(written, [{"signup_type": "signup"}])
