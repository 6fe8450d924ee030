"""Customer mails of the suite (acknowledgement, invoice, dispatch, dispatch complete, cancellation) are
queued through one method, so that a mail which cannot be prepared never undoes the business action that
triggered it."""

import logging

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _oms_post_customer_mail(self, template, prepare=None, **post_kwargs):
        """Queue the mail of ``template`` on this record; return whether it was queued.

        Preparing a mail renders its PDFs at once (the template's reports, or ``prepare()``, which returns
        extra ``message_post_with_source`` arguments such as ``attachment_ids``). When that fails - a server
        without its PDF engine, a broken report - the dispatch or posting that triggered the mail still
        stands: the record gets a note and the current user a to-do to send it by hand."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                extra = prepare() if prepare else {}
                # Through the mail queue: the business action never waits on the mail server.
                self.with_context(mail_notify_force_send=False).message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", **post_kwargs, **extra
                )
            return True
        except UserError as error:
            _logger.warning("Customer mail %r on %s not prepared: %s", template.name, self, error)
            message = self.env._(
                "The customer mail “%(mail)s” could not be prepared and was not sent: %(error)s",
                mail=template.name,
                error=str(error),
            )
            self.message_post(body=message, subtype_xmlid="mail.mt_note")
            if hasattr(self, "activity_schedule"):
                self.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Send the customer mail by hand"),
                    note=message,
                    user_id=self.env.uid,
                )
            return False
