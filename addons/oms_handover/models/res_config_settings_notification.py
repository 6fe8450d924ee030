from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_notify_rep_invoiced = fields.Boolean(related="company_id.oms_notify_rep_invoiced", readonly=False)
    oms_notify_rep_dispatched = fields.Boolean(related="company_id.oms_notify_rep_dispatched", readonly=False)
    oms_notify_operations_handover = fields.Boolean(
        related="company_id.oms_notify_operations_handover", readonly=False
    )
    oms_notify_finance_credit_hold = fields.Boolean(
        related="company_id.oms_notify_finance_credit_hold", readonly=False
    )
