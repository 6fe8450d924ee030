"""Backorder demand (seed 004: "record insufficient quantity as a backorder for forecasting future
demand"; "unfulfilled quantity capture in case of less stock").

One open demand per short order line, written by the system (never typed by users): created when the order
is confirmed, updated while the shortage lasts, fulfilled when goods arrive and cover the line, cancelled
with the order.
"""

from odoo import api, fields, models

STATES = [("open", "Open"), ("fulfilled", "Fulfilled"), ("cancelled", "Cancelled")]


class OmsBackorderDemand(models.Model):
    _name = "oms.backorder.demand"
    _description = "Backorder Demand"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", required=True, readonly=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", readonly=True, ondelete="set null")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, readonly=True, index=True)
    quantity = fields.Float(
        string="Quantity Short", digits="Product Unit of Measure", readonly=True, tracking=True
    )
    state = fields.Selection(STATES, default="open", required=True, readonly=True, index=True, tracking=True)
    date = fields.Datetime(string="Recorded On", default=fields.Datetime.now, required=True, readonly=True)
    closed_date = fields.Datetime(string="Closed On", readonly=True)

    @api.depends("order_id.name", "product_id.display_name")
    def _compute_display_name(self):
        for demand in self:
            demand.display_name = f"{demand.order_id.name} - {demand.product_id.display_name}"

    def _oms_close(self, state):
        self.filtered(lambda demand: demand.state == "open").write(
            {"state": state, "closed_date": fields.Datetime.now()}
        )
