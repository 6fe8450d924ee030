"""Backorder demand capture on the order (seed 004), at confirmation.

Why at confirmation and not when the order leaves Sale Order: in seed 004 the ATP check is part of
completing the sales order, and confirmation is when Odoo reserves stock on the delivery, so the shortage
recorded is exactly what the reservation could not cover. Leaving Sale Order happens later (credit,
duplicates) and would lose the demand of orders waiting there.
"""

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_backorder_demand_ids = fields.One2many(
        "oms.backorder.demand",
        "order_id",
        string="Backorder Demands",
        readonly=True,
        groups="sales_team.group_sale_salesman,stock.group_stock_user",
    )
    oms_backorder_open_count = fields.Integer(
        string="Open Backorders", compute="_compute_oms_backorder_open_count"
    )

    def _compute_oms_backorder_open_count(self):
        # A count on an order the user reads: Odoo's invoicing users read orders without reading demands.
        counts = dict(
            self.env["oms.backorder.demand"]
            .sudo()
            ._read_group([("order_id", "in", self.ids), ("state", "=", "open")], ["order_id"], ["__count"])
        )
        for order in self:
            order.oms_backorder_open_count = counts.get(order, 0)

    def action_confirm(self):
        result = super().action_confirm()
        self.filtered(lambda order: order.state == "sale")._oms_sync_backorder_demands()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        # The demands are the system's record of the order: closed with it, whoever cancels.
        self.env["oms.backorder.demand"].sudo().search(
            [("order_id", "in", self.ids), ("state", "=", "open")]
        )._oms_close("cancelled")
        return result

    def _oms_sync_backorder_demands(self):
        """Create, update or fulfil the open demands of these confirmed orders from the lines' shortages.
        Set-based: one availability pass, one search and grouped writes for all orders."""
        # Demands are written by the system on behalf of whoever confirms or receives; users only read them.
        Demand = self.env["oms.backorder.demand"].sudo()
        orders = self.filtered(lambda order: order.state == "sale")
        lines = orders.order_line
        shortages = {line: short for line, (_free, short) in lines._oms_availability().items() if short > 0}
        open_demands = Demand.search([("order_id", "in", orders.ids), ("state", "=", "open")])
        by_line = {demand.sale_line_id: demand for demand in open_demands}
        fulfilled = open_demands.filtered(lambda demand: demand.sale_line_id not in shortages)
        fulfilled._oms_close("fulfilled")
        new_values = []
        for line, short in shortages.items():
            demand = by_line.get(line)
            if demand and demand.quantity != short:
                demand.quantity = short
            elif not demand:
                new_values.append(
                    {
                        "order_id": line.order_id.id,
                        "sale_line_id": line.id,
                        "product_id": line.product_id.id,
                        "warehouse_id": line.order_id.warehouse_id.id,
                        "quantity": short,
                    }
                )
        return Demand.create(new_values) if new_values else Demand

    def action_oms_view_backorder_demands(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_dispatch.action_oms_backorder_demand")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action
