"""The suite's rules on OCA's order type: its kind, the warehouses allowed, the stages it skips, the staff
limits, and the Tally voucher types its documents are sent as.

OCA's ``sale.order.type`` already gives the defaults a type sets on an order (sequence, billing journal,
warehouse, price list, payment terms, route, incoterm, salesperson, team); this module adds the rules that
Odoo and OCA do not enforce.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.oms_handover.oms_pipeline.stages import MANDATORY_STAGES

KINDS = [
    ("standard", "Standard"),
    ("staff", "Staff"),
    ("metro", "Metro (cash and carry)"),
    ("consignment", "Consignment"),
    ("promotion", "Promotion"),
    ("gift", "Gift"),
    ("display", "Display"),
    ("sponsor", "Sponsor"),
]

INVOICING = [
    ("invoice", "Tax invoice"),
    ("counter", "Invoiced on confirmation, paid at the counter"),
    ("consignee_report", "Invoiced from the consignee's sales report"),
    ("free_supply", "No invoice: free supply on a delivery challan"),
]

LIMIT_PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class SaleOrderType(models.Model):
    _name = "sale.order.type"
    _inherit = ["sale.order.type", "mail.thread"]

    name = fields.Char(tracking=True)
    oms_kind = fields.Selection(
        KINDS,
        string="Kind",
        required=True,
        default="standard",
        tracking=True,
        help="What the orders of this type are: the rules below follow from it (a Staff order must be for an "
        "employee, within the employee's limit).",
    )
    oms_invoicing = fields.Selection(
        INVOICING,
        string="Invoicing",
        required=True,
        default="invoice",
        tracking=True,
        help="How the orders of this type are billed.\n"
        "- Tax invoice: Finance invoices each tranche or the whole supply, as the company's policy says.\n"
        "- Invoiced on confirmation, paid at the counter (cash and carry): confirming the order reserves "
        "its goods, plans them as one tranche and posts its tax invoice; the goods leave once the invoice is "
        "paid at the counter.\n"
        "- Invoiced from the consignee's sales report (consignment): the customer holds the company's goods "
        "at its consignment location; the order of what it reports sold is invoiced on confirmation and "
        "delivered from there.\n"
        "- Free supply (samples, gifts, display, sponsorship): no invoice and no tax on the order; the goods "
        "travel on a delivery challan (CGST Rule 55(1)(c)), their value goes to the selling-expense account "
        "below and the input tax credit on them is reversed (CGST Act s.17(5)(h)).",
    )
    oms_expense_account_id = fields.Many2one(
        "account.account",
        string="Selling Expense Account",
        company_dependent=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Free supply: the account each company charges the goods' value and the reversed input tax "
        "to (such as Business Promotion).",
    )
    oms_counter_journal_id = fields.Many2one(
        "account.journal",
        string="Counter Journal",
        company_dependent=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Cash and carry: the cash or bank journal each company's counter takes payments in.",
    )
    oms_warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Allowed Warehouses",
        # No check_company: a type shared by every company (no company) may list each company's warehouses.
        help="The warehouses an order of this type may ship from. Empty: any warehouse of the company.",
    )
    oms_skip_stage_ids = fields.Many2many(
        "oms.stage",
        string="Stages Skipped",
        domain=[("code", "not in", sorted(MANDATORY_STAGES))],
        help="Pipeline stages the orders of this type leave out, recorded as skipped in their history. The tax "
        "invoice, shipment, e-way bill, dispatch and feedback stages are never skipped: the law and the "
        "movement of goods need them on every order.",
    )
    oms_staff_limit = fields.Float(
        string="Limit per Employee",
        digits="Product Price",
        help="Staff orders: the most one employee may order (total with taxes, in the company's currency) in "
        "each period. Zero: no limit.",
    )
    oms_staff_limit_period = fields.Selection(
        LIMIT_PERIODS, string="Limit Period", default="month", required=True
    )
    oms_tally_order_voucher_type = fields.Char(
        string="Tally Order Voucher Type",
        help="The Tally voucher type of this type's orders (a type under Sales Order in Tally, such as "
        "'Staff Sales Order'). Empty: the company's Sales Order voucher type.",
    )
    oms_tally_sales_voucher_type = fields.Char(
        string="Tally Sales Voucher Type",
        help="The Tally voucher type of this type's invoices (a type under Sales in Tally). Empty: the "
        "company's Sales voucher type.",
    )

    @api.constrains("oms_skip_stage_ids")
    def _check_oms_skip_stages(self):
        for order_type in self:
            mandatory = order_type.oms_skip_stage_ids.filtered(lambda stage: stage.code in MANDATORY_STAGES)
            if mandatory:
                raise ValidationError(
                    self.env._(
                        "Order type %(type)s cannot skip %(stages)s: the law and the movement of goods need "
                        "these stages on every order.",
                        type=order_type.name,
                        stages=", ".join(mandatory.mapped("name")),
                    )
                )

    @api.constrains("oms_staff_limit")
    def _check_oms_staff_limit(self):
        for order_type in self:
            if order_type.oms_staff_limit < 0:
                raise ValidationError(
                    self.env._("The limit per employee of %(type)s cannot be negative.", type=order_type.name)
                )

    # Which stages are optional is part of each company's cached pipeline, and the default rules must jump
    # them: both follow any change of the types.
    @api.model_create_multi
    def create(self, vals_list):
        order_types = super().create(vals_list)
        order_types._oms_pipeline_changed()
        return order_types

    def write(self, vals):
        result = super().write(vals)
        if {"oms_skip_stage_ids", "active", "company_id"} & set(vals):
            self._oms_pipeline_changed()
        return result

    def unlink(self):
        companies = self._oms_companies()
        result = super().unlink()
        self._oms_pipeline_changed(companies)
        return result

    def _oms_companies(self):
        # sudo: every company's pipeline follows a shared type, whatever companies the consultant works in.
        if self.filtered(lambda order_type: not order_type.company_id):
            return self.env["res.company"].sudo().search([])
        return self.company_id

    def _oms_pipeline_changed(self, companies=None):
        self.env.registry.clear_cache()
        rules = self.env["oms.transition.rule"].sudo()  # the rules follow the pipeline, as for a step edit
        for company in companies if companies is not None else self._oms_companies():
            rules._oms_sync_default_rules(company)
