"""The consignee's sales report: what a customer holding the company's goods on consignment has sold. Create
Order makes the consignment order of exactly those quantities, which is invoiced at once (the supply takes
place when the goods are sold, CGST Act s.31(7)), and delivered from the customer's consignment location
(see stock_consignment.py and sale_order_consignment.py)."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_SALES

CONSIGNMENT_TYPE = "oms_order_type.sale_order_type_consignment"


class OmsConsignmentReport(models.Model):
    _name = "oms.consignment.report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Consignee Sales Report"
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Consignee", required=True, tracking=True, domain="[('is_company', '=', True)]"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    customer_reference = fields.Char(help="The consignee's own number of its sales report.")
    line_ids = fields.One2many("oms.consignment.report.line", "report_id", string="Sold", copy=True)
    state = fields.Selection(
        [("draft", "Draft"), ("ordered", "Ordered")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    order_id = fields.Many2one("sale.order", string="Consignment Order", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oms_refuse_order_fields(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("oms.consignment.report") or "/"
        return super().create(vals_list)

    def write(self, vals):
        self._oms_refuse_order_fields(vals)
        return super().write(vals)

    def _oms_refuse_order_fields(self, vals):
        # The form shows them read-only; over JSON-RPC too, only Create Order (as the system) sets them, so a
        # report never claims an order it did not make.
        if {"state", "order_id"} & set(vals) and not self.env.su:
            raise AccessError(self.env._("A sales report's state and order are set by Create Order only."))

    def action_oms_create_order(self):
        """Sales: the consignment order of the sold quantities, confirmed and invoiced at once."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_SALES):
            raise AccessError(self.env._("Only Sales may order what a consignee reports sold."))
        if self.state != "draft":
            raise UserError(self.env._("Report %(report)s has its order already.", report=self.name))
        location = self.partner_id._oms_consignment_location(self.warehouse_id)
        if not location:
            raise UserError(
                self.env._(
                    "%(customer)s holds no consignment stock of %(warehouse)s: send it goods on consignment first.",
                    customer=self.partner_id.name,
                    warehouse=self.warehouse_id.name,
                )
            )
        self.line_ids._oms_check_held(location)
        order_type = self.env.ref(CONSIGNMENT_TYPE, raise_if_not_found=False)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "warehouse_id": self.warehouse_id.id,
                "type_id": order_type.id if order_type else False,
                "client_order_ref": self.customer_reference or self.name,
                "oms_agreed_date": self.date,
                "order_line": [
                    Command.create({"product_id": line.product_id.id, "product_uom_qty": line.quantity})
                    for line in self.line_ids
                ],
            }
        )
        if not order._oms_sells_consignment_stock():
            raise UserError(
                self.env._(
                    "Order type %(type)s is not invoiced from sales reports: set its Invoicing.",
                    type=order.type_id.name or "",
                )
            )
        order.action_confirm()
        self.sudo().write({"state": "ordered", "order_id": order.id})  # sudo: see _oms_refuse_order_fields
        self.message_post(body=self.env._("Consignment order %s made and invoiced.", order._get_html_link()))
        return order._get_records_action()


class OmsConsignmentReportLine(models.Model):
    _name = "oms.consignment.report.line"
    _description = "Consignee Sales Report Line"

    report_id = fields.Many2one("oms.consignment.report", required=True, ondelete="cascade", index=True)
    product_id = fields.Many2one(
        "product.product", required=True, domain="[('is_storable', '=', True), ('sale_ok', '=', True)]"
    )
    quantity = fields.Float(string="Sold", required=True, digits="Product Unit of Measure")
    held_quantity = fields.Float(
        string="Held by the Consignee", compute="_compute_held_quantity", digits="Product Unit of Measure"
    )

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(float_compare(line.quantity, 0.0, precision_digits=6) <= 0 for line in self):
            raise ValidationError(
                self.env._("A consignee reports the quantities it sold: each must be positive.")
            )

    @api.depends("product_id", "report_id.partner_id", "report_id.warehouse_id")
    def _compute_held_quantity(self):
        for line in self:
            report = line.report_id
            location = report.partner_id and report.partner_id._oms_consignment_location(report.warehouse_id)
            line.held_quantity = (
                line.product_id.with_context(location=location.id).free_qty
                if location and line.product_id
                else 0.0
            )

    def _oms_check_held(self, location):
        """Refuse a report of more than the consignee holds: it cannot have sold what it never received."""
        for line in self:
            held = line.product_id.with_context(location=location.id).free_qty
            if float_compare(line.quantity, held, precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(customer)s holds %(held)s of %(product)s on consignment, not the %(sold)s reported sold.",
                        customer=line.report_id.partner_id.name,
                        held=held,
                        product=line.product_id.display_name,
                        sold=line.quantity,
                    )
                )
