"""Customer mails as outbox jobs: prepared and posted after the business action committed, never inside it.

Rendering a mail means rendering its PDFs (invoice, challan, dispatch summary) and its portal links, which
write on the customer's contact. Done inside the transaction that stores an IRN, validates a tranche or posts
an invoice, it made that transaction long and let two users working for the same customer collide on the
contact's row (a serialization failure undid the IRN or the dispatch). Here the action only queues the job;
the job's own transaction (the outbox cron, woken at once) renders and posts the mail, once. A concurrent
change met there is retried; a mail that cannot be prepared (a broken report) fails the job alone, with a
note on the record and a to-do for the user who triggered it, and the business action stands.
"""

import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from .ir_actions_report import CUSTOMER_MAIL_PRINT_DELAY_MS

_logger = logging.getLogger(__name__)


class OmsCustomerMail(models.Model):
    _name = "oms.customer.mail"
    _inherit = ["oms.outbox.job.mixin"]
    _description = "Customer Mail to Send"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True, readonly=True
    )
    template_id = fields.Many2one("mail.template", required=True, readonly=True, ondelete="cascade")
    preparer = fields.Char(
        readonly=True,
        help="The document's method that renders the mail's own attachments (its PDFs) when the mail is sent.",
    )
    post_options = fields.Text(
        readonly=True, help="Further options of the posted message, such as its layout."
    )
    requested_by = fields.Many2one("res.users", readonly=True, help="Whose action queued the mail.")

    @api.model
    def _oms_queue(self, record, template, preparer=None, **post_options):
        record.ensure_one()
        requester = self.env.user
        if not requester.email:
            # A scheduled job (the IRN's, as the system) has no address to write from: the mail is then the
            # document's salesperson's, as a mail they sent themselves would be.
            responsible = [record[name] for name in ("invoice_user_id", "user_id") if name in record._fields]
            requester = next((user for user in responsible if user.email), requester)
        # The queue is the system's: the users whose actions queue mails cannot read or write it.
        return self.sudo().create(
            {
                "res_model": record._name,
                "res_id": record.id,
                "template_id": template.id,
                "company_id": (record["company_id"].id if "company_id" in record._fields else False)
                or self.env.company.id,
                "preparer": preparer,
                "post_options": json.dumps(post_options) if post_options else False,
                "requested_by": requester.id,
            }
        )

    def _oms_perform(self):
        # The customer's mail is the company's, whoever's action queued it: its PDFs are rendered and its
        # message posted with the rights of the system, as that user (the author, and ``user`` of the
        # template, such as its sender address, are theirs, as when the mail was posted at once).
        requester = self.requested_by or self.env.user
        # Its PDFs wait a fifth of a second for scripts, not Odoo's second (see ir_actions_report.py).
        job = self.with_context(oms_report_print_delay=CUSTOMER_MAIL_PRINT_DELAY_MS)
        record = job.with_user(requester).sudo().env[self.res_model].browse(self.res_id).exists()
        if not record:
            return  # the document was deleted meanwhile: nobody to write to
        if self.preparer and not self.preparer.startswith("_oms_"):
            raise UserError(self.env._("%(method)s does not prepare customer mails.", method=self.preparer))
        extra = getattr(record, self.preparer)() if self.preparer else {}
        options = json.loads(self.post_options) if self.post_options else {}
        record.with_context(mail_notify_force_send=False).message_post_with_source(
            job.template_id, subtype_xmlid="mail.mt_comment", **options, **extra
        )
        record._oms_wake_mail_queue()

    def _oms_record_failure(self, message, retry):
        result = super()._oms_record_failure(message, retry)
        if self.state == "failed":
            self._oms_tell_requester(message)
        return result

    def _oms_tell_requester(self, error):
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            return
        _logger.warning("Customer mail %r on %s not sent: %s", self.template_id.name, record, error)
        message = self.env._(
            "The customer mail “%(mail)s” could not be prepared and was not sent: %(error)s",
            mail=self.template_id.name,
            error=error,
        )
        record._oms_customer_mail_not_sent(self.template_id)
        record.message_post(body=message, subtype_xmlid="mail.mt_note")
        if hasattr(record, "activity_schedule"):
            record._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self.env._("Send the customer mail by hand"),
                note=message,
                user_id=(self.requested_by or self.env.user).id,
            )


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _oms_post_customer_mail(self, template, preparer=None, **post_options):
        """Queue the customer mail of ``template`` on this record; it is prepared and posted after this
        transaction commits (``oms.customer.mail``). ``preparer`` names this record's method returning extra
        ``message_post_with_source`` arguments (its rendered ``attachment_ids``). Return True once queued."""
        self.ensure_one()
        self.env["oms.customer.mail"]._oms_queue(self, template, preparer, **post_options)
        return True

    def _oms_post_queued(self, **message_values):
        """``message_post`` whose e-mails (to a user who reads notifications by e-mail) wait in Odoo's mail
        queue, sent by its cron alone. Posted the default way, Odoo sends them from this request right after
        it commits (``mail.mail.send_after_commit``) while its queue manager, which locks nothing, may take
        the same outgoing mail: both send it, and one fails on the other's update (seen in the load test as
        "Failed processing mail queue", the recipient mailed twice). It also keeps SMTP out of the user's
        request."""
        message = self.with_context(mail_notify_force_send=False).message_post(**message_values)
        # Only a recipient who reads by e-mail leaves a mail to send; an inbox note needs no queue run.
        # sudo: the poster may not read the notifications of other users' messages.
        if message.sudo().notification_ids.filtered(
            lambda notification: notification.notification_type == "email"
        ):
            self._oms_wake_mail_queue()
        return message

    def _oms_schedule_queued(self, act_type_xmlid="", date_deadline=None, summary="", note="", **act_values):
        """``activity_schedule`` whose notification to the assignee waits in Odoo's mail queue, for the
        reason ``_oms_post_queued`` gives (Odoo mails an assignee who reads notifications by e-mail from the
        request after it commits, and its queue may take the same mail)."""
        activities = self.with_context(mail_notify_force_send=False).activity_schedule(
            act_type_xmlid, date_deadline, summary, note, **act_values
        )
        # Odoo notifies the assignee unless they scheduled it themselves; only e-mail readers get a mail.
        if any(
            activity.user_id != self.env.user and activity.user_id.notification_type == "email"
            for activity in activities
        ):
            self._oms_wake_mail_queue()
        return activities

    def _oms_wake_mail_queue(self):
        # The mail is in Odoo's mail queue; its cron sends it once this transaction commits, not at its next
        # hourly run. sudo: scheduled actions are configuration users cannot read; this only asks it to run.
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _oms_customer_mail_not_sent(self, template):
        """The queued mail of ``template`` failed for good: a record that remembers having mailed the
        customer forgets it here, so the mail can be sent by hand."""
