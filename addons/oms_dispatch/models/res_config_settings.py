from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_receipt_threshold = fields.Float(related="company_id.oms_receipt_threshold", readonly=False)
    oms_vendor_reminder_days = fields.Integer(related="company_id.oms_vendor_reminder_days", readonly=False)
    oms_at_risk_days = fields.Integer(related="company_id.oms_at_risk_days", readonly=False)
    oms_lot_document_policy = fields.Selection(related="company_id.oms_lot_document_policy", readonly=False)
    oms_dispatch_gate = fields.Boolean(related="company_id.oms_dispatch_gate", readonly=False)
