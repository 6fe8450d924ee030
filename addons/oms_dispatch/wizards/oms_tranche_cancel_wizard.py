"""Cancel a dispatch tranche (seed 002): the goods come back through Odoo's own return, the quantity
becomes deliverable again, and the reason is kept on the tranche."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH


class OmsTrancheCancelWizard(models.TransientModel):
    _name = "oms.tranche.cancel.wizard"
    _description = "Cancel Dispatch Tranche"

    picking_id = fields.Many2one("stock.picking", string="Tranche", required=True, readonly=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("picking_id") and self.env.context.get("active_model") == "stock.picking":
            values["picking_id"] = self.env.context.get("active_id")
        return values

    def action_cancel_tranche(self):
        self.ensure_one()
        picking = self.picking_id
        order = picking.sale_id
        if not self.env.user.has_group(GROUP_DISPATCH):
            raise UserError(self.env._("Only Dispatch may cancel a dispatch tranche."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the tranche."))
        if not picking._oms_is_tranche():
            raise UserError(
                self.env._("%(picking)s is not a dispatched tranche of an order.", picking=picking.name)
            )
        if order.oms_stage_id.code in ("complete_dispatch", "customer_feedback"):
            raise UserError(
                self.env._(
                    "Order %(order)s is completely dispatched and locked; its tranches stay.",
                    order=order.name,
                )
            )
        order._oms_lock_for_dispatch()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        for line in wizard.product_return_moves:
            line.write({"quantity": line.move_id.quantity, "to_refund": True})
        returned = wizard._create_return()
        for move in returned.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        returned.with_context(skip_backorder=True, skip_sms=True).button_validate()
        picking.write({"oms_tranche_cancelled": True, "oms_tranche_cancel_reason": self.reason})
        picking.message_post(
            body=self.env._(
                "Tranche cancelled and returned (%(ret)s): %(reason)s", ret=returned.name, reason=self.reason
            )
        )
        # The returned quantity is owed again: Odoo's own procurement makes it deliverable.
        order.order_line.sudo()._action_launch_stock_rule()
        order.message_post(
            body=self.env._(
                "Dispatch tranche %(picking)s cancelled: %(reason)s", picking=picking.name, reason=self.reason
            )
        )
        return True
