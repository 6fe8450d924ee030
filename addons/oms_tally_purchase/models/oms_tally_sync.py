"""Purchase orders and the purchase-side voucher kinds in the Tally outbox."""

from odoo import fields, models

PURCHASE_DOCUMENT_MODELS = [("purchase.order", "Purchase Order")]


class OmsTallySync(models.Model):
    _inherit = "oms.tally.sync"

    res_model = fields.Selection(
        selection_add=PURCHASE_DOCUMENT_MODELS, ondelete={"purchase.order": "cascade"}
    )
    document_ref = fields.Reference(selection_add=PURCHASE_DOCUMENT_MODELS)
    kind = fields.Selection(
        selection_add=[
            ("purchase_order", "Purchase Order Voucher"),
            ("purchase", "Purchase Voucher"),
            ("debit_note", "Debit Note Voucher"),
        ],
        ondelete={"purchase_order": "cascade", "purchase": "cascade", "debit_note": "cascade"},
    )
