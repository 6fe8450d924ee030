from odoo import api, fields, models
from odoo.tools import float_compare

PROGRESS = [("not_started", "Not Started"), ("in_progress", "In Progress"), ("received", "Received")]


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_purchased_qty = fields.Float(
        string="Purchased", compute="_compute_oms_purchase", digits="Product Unit of Measure"
    )
    oms_received_qty = fields.Float(
        string="Received", compute="_compute_oms_purchase", digits="Product Unit of Measure"
    )
    oms_purchase_progress = fields.Selection(PROGRESS, string="Purchase", compute="_compute_oms_purchase")
    oms_remaining_qty = fields.Float(
        string="Remaining to Dispatch", compute="_compute_oms_remaining_qty", digits="Product Unit of Measure"
    )

    def _oms_label(self):
        self.ensure_one()
        position = list(self.order_id.order_line.filtered(lambda line: not line.display_type)).index(self) + 1
        return f"{position} ({self.product_id.display_name})"

    def _oms_purchase_lines(self):
        """Purchase lines bought for these sale lines and not cancelled: linked directly (sale_purchase's
        sale_line_id, set by Place to Vendor and by Odoo's Buy procurements) or through a Replenish on Order
        chain of stock moves."""
        chained = self.env["stock.move"].browse(self.move_ids._rollup_move_origs()).purchase_line_id
        return (self.purchase_line_ids | chained).filtered(
            lambda line: line.state != "cancel" and line.product_id in self.product_id
        )

    @api.depends("purchase_line_ids.state", "purchase_line_ids.product_qty", "purchase_line_ids.qty_received")
    def _compute_oms_purchase(self):
        for line in self:
            purchased = received = 0.0
            for purchase_line in line._oms_purchase_lines():
                if purchase_line.state not in ("purchase", "done"):
                    continue
                purchased += purchase_line.product_uom._compute_quantity(
                    purchase_line.product_qty, line.product_uom
                )
                received += purchase_line.product_uom._compute_quantity(
                    purchase_line.qty_received, line.product_uom
                )
            line.oms_purchased_qty, line.oms_received_qty = purchased, received
            rounding = line.product_uom.rounding or 0.01
            if not line.purchase_line_ids and not purchased:
                line.oms_purchase_progress = False
            elif float_compare(received, 0.0, precision_rounding=rounding) <= 0:
                line.oms_purchase_progress = "not_started"
            elif float_compare(received, purchased, precision_rounding=rounding) >= 0:
                line.oms_purchase_progress = "received"
            else:
                line.oms_purchase_progress = "in_progress"

    @api.depends("product_uom_qty", "qty_delivered")
    def _compute_oms_remaining_qty(self):
        for line in self:
            line.oms_remaining_qty = max(line.product_uom_qty - line.qty_delivered, 0.0)
