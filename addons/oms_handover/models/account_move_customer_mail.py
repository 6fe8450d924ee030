"""The customer's invoice mail (issue 7, "Customer mails"): an editable template with the invoice PDF,
queued once per invoice when the tax invoice of a pipeline order is posted. The sent state is kept on the
invoice, so a retried post (or a reset to draft and a new post) never mails the customer twice."""

from odoo import fields, models

INVOICE_MAIL_TEMPLATE = "oms_handover.mail_template_customer_invoice"


class AccountMove(models.Model):
    _inherit = "account.move"

    oms_customer_mail_sent = fields.Boolean(
        string="Invoice Mailed to Customer",
        readonly=True,
        copy=False,
        help="Set when the customer's invoice mail was queued; it is never queued twice.",
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # The customer's portal link, made with the post rather than by the first portal page listing the
        # invoice (a read that would write, and race the IRN job's update of the invoice).
        for move in posted.filtered(lambda record: record.is_sale_document()):
            move._portal_ensure_token()  # one record at a time: Odoo's method reads its own token
        posted._oms_send_customer_invoice_mail()
        return posted

    def _oms_pipeline_orders(self):
        return self.line_ids.sale_line_ids.order_id.filtered("oms_stage_id")

    def _oms_invoice_mail_ready(self):
        """Whether the invoice is complete for the customer. The GST module waits for the IRN, so the
        PDF carries its QR code."""
        self.ensure_one()
        return self.state == "posted"

    def _oms_send_customer_invoice_mail(self):
        """Queue the invoice mail of each posted customer invoice of a pipeline order, once."""
        template = self.env.ref(INVOICE_MAIL_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        for move in self.filtered(
            lambda record: record.move_type == "out_invoice" and not record.oms_customer_mail_sent
        ):
            if not move._oms_pipeline_orders() or not move._oms_invoice_mail_ready():
                continue
            if move._oms_post_customer_mail(template):
                # The flag is the system's record of a mail it sent, whoever posted the invoice.
                move.sudo().oms_customer_mail_sent = True

    def _oms_customer_mail_not_sent(self, template):
        result = super()._oms_customer_mail_not_sent(template)
        if template == self.env.ref(INVOICE_MAIL_TEMPLATE, raise_if_not_found=False):
            self.sudo().oms_customer_mail_sent = False  # the system's own record, whoever's mail it was
        return result
