"""Mapping rows of the Tally settings: sales ledger per GST rate, Tally unit per unit of measure."""

from odoo import fields, models


class OmsTallySalesLedger(models.Model):
    _name = "oms.tally.sales.ledger"
    _description = "Tally Sales Ledger per GST Rate"
    _order = "gst_rate"

    config_id = fields.Many2one("oms.tally.config", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="config_id.company_id", store=True)
    gst_rate = fields.Float(string="GST Rate (%)", required=True)
    ledger_name = fields.Char(string="Tally Sales Ledger", required=True)

    _sql_constraints = [
        ("rate_unique", "unique(config_id, gst_rate)", "Each GST rate maps to one sales ledger."),
        ("rate_range", "CHECK(gst_rate >= 0 AND gst_rate <= 100)", "A GST rate is between 0 and 100."),
    ]


class OmsTallyUnit(models.Model):
    _name = "oms.tally.unit"
    _description = "Tally Unit per Unit of Measure"

    config_id = fields.Many2one("oms.tally.config", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="config_id.company_id", store=True)
    uom_id = fields.Many2one("uom.uom", string="Unit of Measure", required=True)
    tally_unit = fields.Char(required=True, help="Unit name in Tally, e.g. Nos, Kg, Mtr.")
    uqc = fields.Char(string="GST UQC", help="GST reporting unit, e.g. NOS-NUMBERS.")

    _sql_constraints = [
        ("uom_unique", "unique(config_id, uom_id)", "Each unit of measure maps to one Tally unit."),
    ]
