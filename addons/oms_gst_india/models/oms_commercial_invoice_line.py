from odoo import fields, models


class OmsCommercialInvoiceLine(models.Model):
    _name = "oms.commercial.invoice.line"
    _description = "Commercial Invoice Line"
    _order = "invoice_id, id"

    invoice_id = fields.Many2one("oms.commercial.invoice", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="invoice_id.company_id", store=True)
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    name = fields.Text(string="Description", required=True)
    product_id = fields.Many2one("product.product")
    hsn_code = fields.Char(string="HSN/SAC")
    quantity = fields.Float(digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", string="Unit")
    price_unit = fields.Float(digits="Product Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    tax_ids = fields.Many2many("account.tax", string="Taxes")
    price_subtotal = fields.Monetary(string="Taxable Value")
    price_tax = fields.Monetary(string="Tax")
