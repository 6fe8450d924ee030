"""Commercial (proforma) invoice of an order.

A separate model rather than a draft ``account.move``: a proforma is not an accounting document. It must
not take a number from the tax invoice sequence, must never reach the ledgers or GST returns, and has its
own life (issued to the customer, paid in advance, cancelled) while the tax invoice is later posted from
the delivered quantities. Keeping both in one record would tie these two lives together.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE


class OmsCommercialInvoice(models.Model):
    _name = "oms.commercial.invoice"
    _description = "Commercial Invoice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    order_id = fields.Many2one("sale.order", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    partner_shipping_id = fields.Many2one(related="order_id.partner_shipping_id")
    payment_term_id = fields.Many2one(related="order_id.payment_term_id")
    client_order_ref = fields.Char(related="order_id.client_order_ref")
    place_of_supply_id = fields.Many2one(related="order_id.oms_place_of_supply_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many("oms.commercial.invoice.line", "invoice_id", string="Lines")
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True)
    amount_tax = fields.Monetary(compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    note = fields.Html()

    @api.depends("line_ids.price_subtotal", "line_ids.price_tax")
    def _compute_amounts(self):
        for invoice in self:
            invoice.amount_untaxed = sum(invoice.line_ids.mapped("price_subtotal"))
            invoice.amount_tax = sum(invoice.line_ids.mapped("price_tax"))
            invoice.amount_total = invoice.amount_untaxed + invoice.amount_tax

    @api.model
    def _oms_values_from_order(self, order):
        lines = order.order_line.filtered(lambda line: not line.display_type and line.product_id)
        return {
            "order_id": order.id,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": line.id,
                        "name": line.name,
                        "product_id": line.product_id.id,
                        "hsn_code": line.product_id.l10n_in_hsn_code,
                        "quantity": line.product_uom_qty,
                        "product_uom_id": line.product_uom.id,
                        "price_unit": line.price_unit,
                        "discount": line.discount,
                        "tax_ids": [Command.set(line.tax_id.ids)],
                        "price_subtotal": line.price_subtotal,
                        "price_tax": line.price_tax,
                    }
                )
                for line in lines
            ],
        }

    def _oms_check_finance(self):
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may issue, settle or cancel commercial invoices."))

    def action_issue(self):
        self._oms_check_finance()
        for invoice in self:
            if invoice.state != "draft":
                raise UserError(self.env._("Only a draft commercial invoice can be issued."))
            if not invoice.line_ids:
                raise UserError(self.env._("Commercial invoice %(name)s has no lines.", name=invoice.name))
            values = {"state": "issued"}
            if invoice.name == "/":
                values["name"] = self.env["ir.sequence"].next_by_code("oms.commercial.invoice") or "/"
            invoice.write(values)
        return True

    def action_mark_paid(self):
        self._oms_check_finance()
        if self.filtered(lambda invoice: invoice.state != "issued"):
            raise UserError(self.env._("Only an issued commercial invoice can be marked paid."))
        return self.write({"state": "paid"})

    def action_cancel(self):
        self._oms_check_finance()
        return self._oms_void()

    def _oms_void(self):
        return self.filtered(lambda invoice: invoice.state in ("draft", "issued")).write(
            {"state": "cancelled"}
        )

    def action_draft(self):
        self._oms_check_finance()
        if self.filtered(lambda invoice: invoice.state != "cancelled"):
            raise UserError(self.env._("Only a cancelled commercial invoice can be set back to draft."))
        return self.write({"state": "draft"})

    def action_print(self):
        return self.env.ref("oms_gst_india.action_report_commercial_invoice").report_action(self)
