"""Mapping rows of the Tally settings: the purchase ledger of each GST rate."""

from odoo import fields, models


class OmsTallyPurchaseLedger(models.Model):
    _name = "oms.tally.purchase.ledger"
    _description = "Tally Purchase Ledger per GST Rate"
    _order = "gst_rate"

    config_id = fields.Many2one("oms.tally.config", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="config_id.company_id", store=True)
    gst_rate = fields.Float(string="GST Rate (%)", required=True)
    ledger_name = fields.Char(string="Tally Purchase Ledger", required=True)

    _sql_constraints = [
        ("rate_unique", "unique(config_id, gst_rate)", "Each GST rate maps to one purchase ledger."),
        ("rate_range", "CHECK(gst_rate >= 0 AND gst_rate <= 100)", "A GST rate is between 0 and 100."),
    ]
