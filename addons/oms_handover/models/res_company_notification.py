"""Which pipeline events notify whom, per company (issue 7, "Alerts"): the sales rep when their order is
invoiced or dispatched, operations on handover, Finance on credit hold. Each may be turned off."""

from odoo import fields, models

# Event -> company field switching it on.
NOTIFICATION_FIELDS = {
    "rep_invoiced": "oms_notify_rep_invoiced",
    "rep_dispatched": "oms_notify_rep_dispatched",
    "operations_handover": "oms_notify_operations_handover",
    "finance_credit_hold": "oms_notify_finance_credit_hold",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_notify_rep_invoiced = fields.Boolean(
        string="Notify the Salesperson when Invoiced",
        default=True,
        help="The order's salesperson gets a notification when the order's status becomes Invoiced.",
    )
    oms_notify_rep_dispatched = fields.Boolean(
        string="Notify the Salesperson when Dispatched",
        default=True,
        help="The order's salesperson gets a notification for each dispatch and when it is complete.",
    )
    oms_notify_operations_handover = fields.Boolean(
        string="Notify Operations on Handover",
        default=True,
        help="A won quotation handed over to operations gets an activity for the operations managers.",
    )
    oms_notify_finance_credit_hold = fields.Boolean(
        string="Notify Finance on Credit Hold",
        default=True,
        help="An order put on credit hold gets an activity for Finance.",
    )

    def _oms_notifies(self, event):
        """Whether this company notifies on ``event`` (a key of NOTIFICATION_FIELDS)."""
        self.ensure_one()
        return bool(self[NOTIFICATION_FIELDS[event]])
