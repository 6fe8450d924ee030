from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oms_production_threshold = fields.Float(related="company_id.oms_production_threshold", readonly=False)
