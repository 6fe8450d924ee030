"""The customer's card shows every open order with its customer status bar (issue 7, "One screen")."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_open_order_count = fields.Integer(
        string="Open Orders", compute="_compute_oms_open_orders", groups="sales_team.group_sale_salesman"
    )
    oms_open_orders_html = fields.Html(
        string="Open Orders Status",
        compute="_compute_oms_open_orders",
        sanitize=False,  # rendered by our own QWeb template, which escapes every value
        groups="sales_team.group_sale_salesman",
    )

    def _oms_open_orders(self):
        """Confirmed orders of the customer (and its contacts) in the pipeline and not yet delivered."""
        self.ensure_one()
        return self.env["sale.order"].search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("state", "=", "sale"),
                ("oms_customer_status", "not in", (False, "delivered")),
            ],
            order="date_order desc, id desc",
        )

    def _compute_oms_open_orders(self):
        for partner in self:
            orders = partner._oms_open_orders() if partner.id else self.env["sale.order"]
            partner.oms_open_order_count = len(orders)
            partner.oms_open_orders_html = self.env["ir.qweb"]._render(
                "oms_handover.res_partner_open_orders", {"orders": orders}
            )

    def action_oms_view_open_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("id", "in", self._oms_open_orders().ids)]
        action["context"] = {"create": False}
        return action
