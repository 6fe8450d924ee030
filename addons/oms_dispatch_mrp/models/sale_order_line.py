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
