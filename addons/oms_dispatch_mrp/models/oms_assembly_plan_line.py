"""Assembly Plan lines (seed 002): planned versus done quantity per manufactured order line, with the
finish date and, when it slips more than a day past the planned assembly date, the reason."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

LATE_AFTER = timedelta(days=1)


class OmsAssemblyPlanLine(models.Model):
    _name = "oms.assembly.plan.line"
    _description = "Assembly Plan Line"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", ondelete="cascade", domain="[('order_id', '=', order_id)]"
    )
    product_id = fields.Many2one("product.product", required=True)
    product_uom = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    planned_qty = fields.Float(string="Planned", digits="Product Unit of Measure", required=True)
    done_qty = fields.Float(string="Done", digits="Product Unit of Measure")
    done = fields.Boolean(string="Finished")
    finished_date = fields.Date(string="Finished On")
    delay_reason = fields.Text(string="Reason for Delay")
    is_late = fields.Boolean(
        string="Late", compute="_compute_is_late", store=True, help="Finished more than a day after the plan."
    )

    @api.depends("finished_date", "order_id.oms_assembly_date")
    def _compute_is_late(self):
        for line in self:
            planned = line.order_id.oms_assembly_date
            line.is_late = bool(planned and line.finished_date and line.finished_date > planned + LATE_AFTER)

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._oms_complete_done_values(vals) for vals in vals_list])

    def write(self, vals):
        if vals.get("done") and len(self) > 1:
            for line in self:
                line.write(vals)
            return True
        return super().write(self._oms_complete_done_values(vals, self[:1]))

    def _oms_complete_done_values(self, vals, line=None):
        """Marking a line finished fills what the team did not type: the whole planned quantity, today."""
        if not vals.get("done"):
            return vals
        vals = dict(vals)
        planned = vals.get("planned_qty", line.planned_qty if line else 0.0)
        if not vals.get("done_qty") and not (line and line.done_qty):
            vals["done_qty"] = planned
        if not vals.get("finished_date") and not (line and line.finished_date):
            vals["finished_date"] = fields.Date.context_today(self)
        return vals

    @api.constrains("planned_qty", "done_qty", "done")
    def _check_quantities(self):
        for line in self:
            if line.planned_qty <= 0 or line.done_qty < 0:
                raise ValidationError(
                    self.env._(
                        "Plan line %(line)s: the planned quantity must be positive and the done quantity "
                        "cannot be negative.",
                        line=line._oms_label(),
                    )
                )
            rounding = line.sale_line_id.product_uom.rounding or 0.01
            if line.done and float_compare(line.done_qty, line.planned_qty, precision_rounding=rounding) < 0:
                raise ValidationError(
                    self.env._(
                        "Plan line %(line)s: %(done)s of %(planned)s done; it can only be marked finished "
                        "once the planned quantity is assembled.",
                        line=line._oms_label(),
                        done=line.done_qty,
                        planned=line.planned_qty,
                    )
                )

    def _oms_label(self):
        self.ensure_one()
        if self.sale_line_id:
            return self.sale_line_id._oms_label()
        return self.product_id.display_name

    def _oms_failures(self):
        """Why these lines keep the order in Assembly Plan: not finished, or late without a reason."""
        failures = []
        for line in self:
            if not line.done:
                failures.append(
                    self.env._(
                        "Plan line %(line)s: %(done)s of %(planned)s assembled; finish it first.",
                        line=line._oms_label(),
                        done=line.done_qty,
                        planned=line.planned_qty,
                    )
                )
            elif line.is_late and not (line.delay_reason or "").strip():
                failures.append(
                    self.env._(
                        "Plan line %(line)s finished on %(finished)s, more than a day after the planned "
                        "%(planned)s: give the reason for the delay.",
                        line=line._oms_label(),
                        finished=line.finished_date,
                        planned=line.order_id.oms_assembly_date,
                    )
                )
        return failures
