"""The last gate: a move of a pipeline order's delivery is done only as part of its delivery's validation,
after the order's dispatch checks passed (stock_picking_tranche.py). Code that would finish such moves
directly (another add-on, a server action) is refused instead of letting goods leave around the pipeline."""

from odoo import models
from odoo.exceptions import UserError

from .stock_picking_tranche import CLEARED_KEY


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        cleared = self.env.cr.cache.get(CLEARED_KEY, set())
        pickings = self.filtered(lambda move: move.state not in ("done", "cancel")).picking_id
        for picking in pickings:
            if picking.id not in cleared and picking._oms_is_pipeline_delivery():
                raise UserError(
                    self.env._(
                        "The goods of delivery %(picking)s belong to an order in the pipeline: they leave "
                        "only when the delivery is validated through its order's dispatch checks (Dispatch "
                        "acts, from the order's Dispatch action or the delivery's Validate button).",
                        picking=picking.name,
                    )
                )
        return super()._action_done(cancel_backorder=cancel_backorder)
