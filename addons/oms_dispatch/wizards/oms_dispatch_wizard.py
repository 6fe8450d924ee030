"""Plan or dispatch one tranche: date, vehicle (defaults from the plan) and quantity per line.

Plan Tranche is the pick confirmation: the quantities are picked on the open delivery and the tranche's
documents (its invoice, or the challan of a later lot, and its e-way bill) are then made for exactly them.
Dispatch plans and validates in one step, which the dispatch checks refuse while a document is missing."""

from odoo import Command, api, fields, models


class OmsDispatchWizard(models.TransientModel):
    _name = "oms.dispatch.wizard"
    _description = "Dispatch Tranche"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    dispatch_date = fields.Date(required=True, default=fields.Date.context_today)
    vehicle_number = fields.Char(help="Defaults to the planned vehicle; normalised like the plan.")
    line_ids = fields.One2many("oms.dispatch.wizard.line", "wizard_id", string="Lines")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id") or self.env.context.get("active_id"))
        if order:
            values["order_id"] = order.id
            values.setdefault("vehicle_number", order.oms_vehicle_number)
            values["line_ids"] = [
                Command.create({"sale_line_id": line.id, "quantity": line.oms_remaining_qty})
                for line in order._oms_goods_lines()
                if line.oms_remaining_qty > 0
            ]
        return values

    def _normalized_vehicle(self):
        if not self.vehicle_number:
            return self.vehicle_number
        values = self.env["sale.order"]._oms_normalize_shipment_vals(
            {"oms_vehicle_number": self.vehicle_number}
        )
        return values["oms_vehicle_number"]

    def action_plan(self):
        self.ensure_one()
        picking = self.order_id._oms_plan_tranche(
            {line.sale_line_id: line.quantity for line in self.line_ids},
            dispatch_date=self.dispatch_date,
            vehicle_number=self._normalized_vehicle(),
        )
        return self._open(picking)

    def action_dispatch(self):
        self.ensure_one()
        picking = self.order_id._oms_dispatch_tranche(
            {line.sale_line_id: line.quantity for line in self.line_ids},
            dispatch_date=self.dispatch_date,
            vehicle_number=self._normalized_vehicle(),
        )
        return self._open(picking)

    def _open(self, picking):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }


class OmsDispatchWizardLine(models.TransientModel):
    _name = "oms.dispatch.wizard.line"
    _description = "Dispatch Tranche Line"

    wizard_id = fields.Many2one("oms.dispatch.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    ordered_qty = fields.Float(related="sale_line_id.product_uom_qty", string="Ordered")
    dispatched_qty = fields.Float(related="sale_line_id.qty_delivered", string="Dispatched")
    quantity = fields.Float(string="This Tranche", digits="Product Unit of Measure")
