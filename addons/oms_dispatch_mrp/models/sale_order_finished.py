"""Finished Products stage (seed 002): readiness from what Odoo has reserved or delivered for each line,
and a quality hold that blocks the move to invoicing."""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_compare

PRODUCTION_GROUP = "oms_handover.group_oms_production"
READINESS = [("not_ready", "Not Ready"), ("partial", "Partial"), ("ready", "Ready for Invoice")]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_qc_hold = fields.Boolean(string="Quality Hold", readonly=True, copy=False, tracking=True)
    oms_finished_readiness = fields.Selection(
        READINESS, string="Readiness", compute="_compute_oms_finished_readiness"
    )

    @api.model
    def _oms_protected_fields(self):
        return super()._oms_protected_fields() | {"oms_qc_hold"}

    def _oms_line_covered(self, line):
        """Delivered plus reserved on open deliveries, in the line's unit."""
        reserved = sum(
            move.product_uom._compute_quantity(move.quantity, line.product_uom)
            for move in line.move_ids
            if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
        )
        return line.qty_delivered + reserved

    @api.depends("order_line.move_ids.quantity", "order_line.qty_delivered")
    def _compute_oms_finished_readiness(self):
        for order in self:
            lines = order._oms_goods_lines()
            covered = [
                float_compare(
                    order._oms_line_covered(line),
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding,
                )
                >= 0
                for line in lines
            ]
            if lines and all(covered):
                order.oms_finished_readiness = "ready"
            elif any(order._oms_line_covered(line) > 0 for line in lines):
                order.oms_finished_readiness = "partial"
            else:
                order.oms_finished_readiness = "not_ready"

    def _check_oms_finished_goods_ready(self):
        failures = list(super()._check_oms_finished_goods_ready())
        if self.oms_qc_hold:
            failures.append(
                self.env._("Order %(order)s is on quality hold: QC must release it.", order=self.name)
            )
        if self.oms_finished_readiness != "ready":
            failures.append(
                self.env._(
                    "The goods of order %(order)s are not all finished and reserved in the warehouse yet.",
                    order=self.name,
                )
            )
        return failures

    def _oms_set_qc_hold(self, hold, note=None):
        if not self.env.user.has_group(PRODUCTION_GROUP):
            raise AccessError(self.env._("Only Production may put an order on quality hold or release it."))
        self._oms_write_protected({"oms_qc_hold": hold})
        for order in self:
            order.message_post(
                body=note or (self.env._("Quality hold") if hold else self.env._("Quality released"))
            )
        return True

    def action_oms_qc_hold(self):
        return self._oms_set_qc_hold(True)

    def action_oms_qc_release(self):
        return self._oms_set_qc_hold(False)
