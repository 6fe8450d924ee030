"""Place to Vendor (seed 000 §2.3): vendor and expected arrival date; one purchase order per vendor per
order, its lines linked to the sale lines through Odoo's own sale_line_id."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

ALLOWED_CODES = ("sale_order", "purchase_order")


class OmsPlaceVendorWizard(models.TransientModel):
    _name = "oms.place.vendor.wizard"
    _description = "Place to Vendor"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", required=True)
    date_planned = fields.Date(string="Expected Arrival", required=True)
    line_ids = fields.One2many("oms.place.vendor.wizard.line", "wizard_id", string="Lines")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id") or self.env.context.get("active_id"))
        if order:
            values["order_id"] = order.id
            lines = []
            for line, shortage in order._oms_purchase_shortages().items():
                already = line.product_uom._compute_quantity(line.oms_purchased_qty, line.product_id.uom_id)
                quantity = max(shortage - already, 0.0)
                lines.append(Command.create({"sale_line_id": line.id, "quantity": quantity}))
                if not values.get("partner_id") and line.product_id.seller_ids:
                    values["partner_id"] = line.product_id.seller_ids[:1].partner_id.id
            values["line_ids"] = lines
        return values

    def action_place(self):
        self.ensure_one()
        order = self.order_id
        if order.oms_stage_id.code not in ALLOWED_CODES:
            raise UserError(
                self.env._(
                    "Order %(order)s is past the Purchase Order stage; it cannot be placed now.",
                    order=order.name,
                )
            )
        lines = self.line_ids.filtered(
            lambda line: (
                float_compare(line.quantity, 0.0, precision_rounding=line.product_id.uom_id.rounding) > 0
            )
        )
        if not lines:
            raise UserError(self.env._("Enter a quantity to buy on at least one line."))
        if any(line.quantity < 0 for line in self.line_ids):
            raise UserError(self.env._("Quantities to buy cannot be negative."))
        if order.oms_stage_id.code == "sale_order":
            # The engine decides: procurement's role, and the Sale Order checks (header, credit...).
            order.action_oms_move(
                "purchase_order", note=self.env._("Placed to vendor %(vendor)s", vendor=self.partner_id.name)
            )
        purchase = self._find_or_create_purchase()
        planned = fields.Datetime.to_datetime(self.date_planned)
        for line in lines:
            existing = purchase.order_line.filtered(
                lambda pol, sol=line.sale_line_id: pol.sale_line_id == sol
            )
            if existing:
                existing[:1].write({"product_qty": line.quantity, "date_planned": planned})
            else:
                purchase.write(
                    {
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": line.product_id.id,
                                    "product_qty": line.quantity,
                                    "product_uom": line.product_id.uom_id.id,
                                    "sale_line_id": line.sale_line_id.id,
                                    "date_planned": planned,
                                }
                            )
                        ]
                    }
                )
        if purchase.state in ("draft", "sent"):
            purchase.button_confirm()
        order._oms_touch_purchase(cancelled=False)
        order.message_post(
            body=self.env._(
                "Placed to vendor %(vendor)s on %(purchase)s, expected on %(date)s.",
                vendor=self.partner_id.name,
                purchase=purchase.name,
                date=self.date_planned,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": purchase.id,
            "view_mode": "form",
        }

    def _find_or_create_purchase(self):
        """This order's open request to this vendor, or a new one: one purchase order per vendor per order."""
        order = self.order_id
        purchase = order._get_purchase_orders().filtered(
            lambda po: po.partner_id == self.partner_id and po.state in ("draft", "sent", "purchase")
        )[:1]
        if purchase:
            return purchase
        return self.env["purchase.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": order.company_id.id,
                "origin": order.name,
                "picking_type_id": order.warehouse_id.in_type_id.id,
            }
        )


class OmsPlaceVendorWizardLine(models.TransientModel):
    _name = "oms.place.vendor.wizard.line"
    _description = "Place to Vendor Line"

    wizard_id = fields.Many2one("oms.place.vendor.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    ordered_qty = fields.Float(related="sale_line_id.product_uom_qty", string="Ordered")
    purchased_qty = fields.Float(related="sale_line_id.oms_purchased_qty", string="Already Purchased")
    quantity = fields.Float(string="To Buy", digits="Product Unit of Measure", help="In the product's unit.")
