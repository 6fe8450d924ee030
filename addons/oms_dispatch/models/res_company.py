from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_receipt_threshold = fields.Float(
        string="Receipt Threshold (%)",
        default=100.0,
        help="Share of each traded line's purchased quantity that must be received before an order leaves "
        "the Purchase Order stage.",
    )
    oms_vendor_reminder_days = fields.Integer(
        string="Vendor Reminder (days)",
        default=3,
        help="Operations get a reminder on an order at Purchase Order without an update for this many days.",
    )
    oms_at_risk_days = fields.Integer(
        string="At Risk Window (days)",
        default=2,
        help="An open order whose agreed date is this close shows as at risk on the operations board.",
    )
