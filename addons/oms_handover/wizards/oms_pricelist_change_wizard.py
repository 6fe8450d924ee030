from odoo import fields, models


class OmsPricelistChangeWizard(models.TransientModel):
    """Finance's change of a sent quotation's price list, with the reason kept on the order's timeline."""

    _name = "oms.pricelist.change.wizard"
    _description = "Change Price List"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    company_id = fields.Many2one(related="order_id.company_id")
    current_pricelist_id = fields.Many2one(related="order_id.pricelist_id", string="Current Price List")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="New Price List",
        required=True,
        domain="[('company_id', 'in', (False, company_id))]",
    )
    reason = fields.Text(required=True)

    def action_apply(self):
        self.order_id._oms_change_pricelist(self.pricelist_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
