from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_production_threshold = fields.Float(
        string="Production Threshold (%)",
        default=100.0,
        help="Share of each manufactured line that must be produced before an order leaves Factory Order.",
    )
