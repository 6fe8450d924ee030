from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_gst_enforce = fields.Boolean(related="company_id.oms_gst_enforce", readonly=False)
    oms_gstin_sandbox = fields.Boolean(related="company_id.oms_gstin_sandbox", readonly=False)
    oms_gst_lut = fields.Boolean(related="company_id.oms_gst_lut", readonly=False)
    oms_aato = fields.Monetary(related="company_id.oms_aato", readonly=False)
