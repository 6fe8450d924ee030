"""The last gate: a move of a pipeline order's delivery is done only as part of its delivery's validation,
after the order's dispatch checks passed (stock_picking_tranche.py). Code that would finish such moves
directly (another add-on, a server action) is refused instead of letting goods leave around the pipeline."""

from odoo import api, models
from odoo.exceptions import UserError

from .stock_picking_tranche import CLEARED_KEY


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        self._oms_refuse_leaving_around_the_checks()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def write(self, vals):
        # A move written "done" directly (a form, an import, JSON-RPC) would mark the delivery done and the
        # goods delivered without any validation; Odoo's own validation writes it inside _action_done.
        if vals.get("state") == "done":
            self._oms_refuse_leaving_around_the_checks()
        return super().write(vals)

    def _oms_refuse_leaving_around_the_checks(self):
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


# What a done move line moved: editing any of them on a validated delivery moves goods again, directly in
# the quants (Odoo's "unlock and edit" of a done transfer), without any validation.
MOVED_GOODS_FIELDS = {
    "quantity",
    "product_id",
    "product_uom_id",
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.state == "done")._oms_refuse_edit_of_dispatched_goods()
        return lines

    def write(self, vals):
        if MOVED_GOODS_FIELDS & set(vals):
            self.filtered(lambda line: line.state == "done")._oms_refuse_edit_of_dispatched_goods()
        return super().write(vals)

    def _oms_refuse_edit_of_dispatched_goods(self):
        for picking in self.picking_id:
            if picking.sudo().sale_id and picking._oms_is_pipeline_delivery():
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s has left with its documents; what it carried is not edited "
                        "afterwards. Goods that came back are returned with Cancel Tranche; more goods leave "
                        "as a new tranche.",
                        picking=picking.name,
                    )
                )
