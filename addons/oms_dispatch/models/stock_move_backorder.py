from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        products = moves.filtered(lambda move: move.state == "done").product_id
        if products:
            # Arrivals (and deliveries) change what is short: re-check the orders with open demands for
            # these products. Read as superuser: the receiving user need not see sale orders or demands.
            demands = (
                self.env["oms.backorder.demand"]
                .sudo()
                .search([("state", "=", "open"), ("product_id", "in", products.ids)])
            )
            demands.order_id._oms_sync_backorder_demands()
        return moves
