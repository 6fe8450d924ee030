"""The customer's dispatch mail (issue 7, "Customer mails"): one per dispatched tranche, from an editable
template, with the delivery challan and the e-way bill number. The sent state is kept on the delivery, so
a retried validation never mails the customer twice."""

from odoo import fields, models

DISPATCH_MAIL_TEMPLATE = "oms_dispatch.mail_template_customer_dispatch"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_dispatch_mail_sent = fields.Boolean(
        string="Dispatch Mailed to Customer",
        readonly=True,
        copy=False,
        help="Set when the customer's dispatch mail of this tranche was queued; it is never queued twice. "
        "Cleared when the mail could not be prepared, so it can be sent by hand.",
    )

    def _action_done(self):
        result = super()._action_done()
        self._oms_send_dispatch_mail()
        return result

    def _oms_eway_bill_summary(self):
        """The e-way bill of the tranche for the customer's mail ("" without one); the GST module fills it."""
        self.ensure_one()
        return ""

    def _oms_send_dispatch_mail(self):
        """Queue the dispatch mail of each dispatched tranche of a pipeline order, once."""
        template = self.env.ref(DISPATCH_MAIL_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        # sudo: a warehouse user may validate the delivery of an order they cannot read; only whether the
        # order is in the pipeline is looked at here.
        for picking in self.filtered(
            lambda record: (
                not record.oms_dispatch_mail_sent
                and record._oms_is_tranche()
                and record.sudo().sale_id.oms_stage_id
            )
        ):
            if picking._oms_post_customer_mail(template):
                # The flag is the system's record of a mail it sent, whoever validated the delivery.
                picking.sudo().oms_dispatch_mail_sent = True

    def _oms_customer_mail_not_sent(self, template):
        result = super()._oms_customer_mail_not_sent(template)
        if template == self.env.ref(DISPATCH_MAIL_TEMPLATE, raise_if_not_found=False):
            self.sudo().oms_dispatch_mail_sent = False  # the system's own record, whoever's mail it was
        return result
