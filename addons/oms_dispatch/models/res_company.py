from odoo import fields, models

# How the documents of a supply shipped in lots are issued (CGST Rule 55(5)): either every consignment has
# its own tax invoice for exactly its quantities, or one tax invoice covers the whole supply before the
# first lot leaves and each later lot travels on a numbered delivery challan that references it.
LOT_DOCUMENT_POLICIES = [
    ("invoice_per_tranche", "An invoice per tranche"),
    ("challan_per_lot", "One invoice, a delivery challan per later lot"),
]


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
    oms_lot_document_policy = fields.Selection(
        LOT_DOCUMENT_POLICIES,
        string="Documents of Goods Sent in Lots",
        default="invoice_per_tranche",
        required=True,
        help="An invoice per tranche: each consignment is invoiced for its own picked quantities before it "
        "leaves. One invoice, a challan per later lot (CGST Rule 55(5)): the whole supply is invoiced before "
        "the first lot; every later lot travels on its own delivery challan referencing that invoice.",
    )
    oms_dispatch_gate = fields.Boolean(
        string="Goods Leave Only Through the Pipeline",
        help="Deliveries of pipeline orders are validated only through the dispatch checks (stage, credit, "
        "the tranche's invoice or challan, e-way bill). Turned on at install for the companies that exist "
        "then; a company created later starts without it.",
    )
