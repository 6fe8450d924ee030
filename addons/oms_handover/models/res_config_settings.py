from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_discount_approval_limit = fields.Float(
        related="company_id.oms_discount_approval_limit", readonly=False
    )
    oms_backdate_limit_days = fields.Integer(related="company_id.oms_backdate_limit_days", readonly=False)
    oms_requested_lead_days = fields.Integer(related="company_id.oms_requested_lead_days", readonly=False)
    oms_duplicate_window_days = fields.Integer(related="company_id.oms_duplicate_window_days", readonly=False)
    oms_duplicate_tolerance_percent = fields.Float(
        related="company_id.oms_duplicate_tolerance_percent", readonly=False
    )
    oms_credit_overdue_grace_days = fields.Integer(
        related="company_id.oms_credit_overdue_grace_days", readonly=False
    )
    oms_send_cancel_mail = fields.Boolean(related="company_id.oms_send_cancel_mail", readonly=False)
    oms_handover_on_won = fields.Boolean(related="company_id.oms_handover_on_won", readonly=False)
    oms_advance_percent = fields.Float(related="company_id.oms_advance_percent", readonly=False)
