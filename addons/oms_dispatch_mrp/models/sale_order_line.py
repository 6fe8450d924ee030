from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_finished_qty = fields.Float(
        string="Finished",
        digits="Product Unit of Measure",
        copy=False,
        help="Quantity of this line finished and ready in the finished-goods warehouse (Finished Products).",
    )

    def write(self, vals):
        if "oms_finished_qty" in vals:
            self.order_id._oms_check_production_fields({"oms_finished_qty"})
        return super().write(vals)

    @api.constrains("oms_finished_qty", "product_uom_qty")
    def _check_oms_finished_qty(self):
        # Only lines with a finished quantity are checked: returns and corrections (negative ordered
        # quantities in Odoo's flows) never carry one.
        for line in self.filtered("oms_finished_qty"):
            rounding = line.product_uom.rounding or 0.01
            if line.oms_finished_qty < 0 or (
                float_compare(line.oms_finished_qty, line.product_uom_qty, precision_rounding=rounding) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Line %(line)s: the finished quantity must be between 0 and the %(ordered)s ordered.",
                        line=line._oms_label(),
                        ordered=line.product_uom_qty,
                    )
                )

    def _oms_reserved_components(self, moves):
        """Whole kits reserved: for each component of the kit's BoM, its reserved quantity (in the
        component's own unit) over what one kit needs; the smallest ratio is the kits ready to leave,
        as sale_mrp counts kits delivered (``stock.move._compute_kit_quantities``)."""
        self.ensure_one()
        product = self.product_id
        bom = (
            self.env["mrp.bom"]
            .sudo()  # the BoM is read for a count shown to every role on the order, as sale_mrp does
            ._bom_find(product, bom_type="phantom", company_id=self.company_id.id)[product]
        )
        if not bom:
            return super()._oms_reserved_components(moves)
        # One unit of the sold product, in the BoM's unit and as a share of the BoM's batch.
        one_kit = product.uom_id._compute_quantity(1.0, bom.product_uom_id) / bom.product_qty
        _boms, component_lines = bom.explode(product, 1.0)
        ratios = []
        for bom_line, line_data in component_lines:
            component = bom_line.product_id
            needed = bom_line.product_uom_id._compute_quantity(
                line_data["qty"] * one_kit, component.uom_id, round=False
            )
            if component.type == "service" or not needed:
                continue  # services never move; optional components (0 per kit) bound nothing
            reserved = sum(
                move.product_uom._compute_quantity(move.quantity, component.uom_id)
                for move in moves
                if move.product_id == component
            )
            ratios.append(reserved / needed)
        return min(ratios) if ratios else 0.0
