"""Free supply: the orders of a type whose invoicing is "free supply" (samples, gifts, display, sponsorship).

What the law asks, and what the suite does:
- Goods given away without consideration to someone unrelated are not a supply (CGST Act s.7 and
  Schedule I), so no tax invoice is issued and no output tax is charged: the order's lines carry no tax and
  no invoice can be made from the order, by any path.
- The goods still travel on a delivery challan (CGST Rule 55(1)(c), "transportation for reasons other than
  by way of supply"), and above the threshold with an e-way bill of sub-supply type 8, Others
  (Rule 138(1)(iii)); oms_gst_india builds both from the delivery (``_oms_non_supply_reason``).
- Input tax credit is not available on goods "disposed of by way of gift or free samples" (s.17(5)(h)): the
  credit taken when they were bought is reversed.
- The goods' value is a selling expense of the company.

Finance posts one journal entry per order, the free-supply voucher (Post Free-Supply Voucher): the goods'
value from the cost of goods (or, with perpetual valuation, the stock output account) to the type's
selling-expense account, and the input tax on that value from the input tax accounts to the same expense.
It stands where a tax invoice stands for a sale: the order cannot leave Tax Invoice, and no goods leave,
before it is posted. The value of each line is the product's cost, so that the challan, the e-way bill and
the ledger show one figure.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE

FREE_SUPPLY = "free_supply"
# NIC takes at most 20 characters as the sub-supply description of "Others".
NIC_SUB_SUPPLY_DESC_LENGTH = 20
# l10n_in's "Business Promotion" account: the selling expense of a company whose type names none.
L10N_IN_PROMOTION_ACCOUNT = "p2110"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Not tracked on the order (the type's own field is): a related field inherits tracking, and would be
    # read on every write of the order.
    oms_invoicing = fields.Selection(related="type_id.oms_invoicing", string="Invoicing", tracking=False)
    oms_free_supply_move_id = fields.Many2one(
        "account.move",
        string="Free-Supply Voucher",
        readonly=True,
        copy=False,
        help="The journal entry that charged the goods' value and the reversed input tax to the selling "
        "expense account.",
    )

    def _oms_is_free_supply(self):
        self.ensure_one()
        return self.type_id.oms_invoicing == FREE_SUPPLY

    # ----- no invoice, by any path -----

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._oms_refuse_free_supply_invoice()
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def _oms_create_invoice_for(self, quantities):
        self._oms_refuse_free_supply_invoice()
        return super()._oms_create_invoice_for(quantities)

    def _oms_refuse_free_supply_invoice(self):
        free = self.filtered(lambda order: order._oms_is_free_supply())
        if free:
            raise UserError(
                self.env._(
                    "%(orders)s: goods given free are not invoiced (no supply is made). Finance posts the "
                    "free-supply voucher instead, and the goods travel on their delivery challan.",
                    orders=", ".join(free.mapped("name")),
                )
            )

    def _action_cancel(self):
        """A free supply cancelled before its goods left gives nothing away: its voucher is reversed (the
        expense and the input tax credit come back), on the day of the cancellation."""
        result = super()._action_cancel()
        for order in self.filtered(lambda order: order.oms_free_supply_move_id.state == "posted"):
            voucher = order.oms_free_supply_move_id
            if voucher.reversal_move_ids:
                continue
            # sudo: cancelling is the Cancel group's right; reversing the voucher it made moot follows from it.
            reversal = voucher.sudo()._reverse_moves(
                [
                    {
                        "ref": self.env._("Cancelled: %(ref)s", ref=voucher.ref),
                        "date": fields.Date.context_today(order),
                    }
                ],
                cancel=True,
            )
            order.message_post(
                body=self.env._(
                    "Free-supply voucher %(voucher)s reversed by %(reversal)s.",
                    voucher=voucher._get_html_link(),
                    reversal=reversal._get_html_link(),
                )
            )
        return result

    # ----- the stage and dispatch checks: the voucher stands for the invoice -----

    def _oms_check_tax_invoice_posted(self):
        if not self._oms_is_free_supply():
            return super()._oms_check_tax_invoice_posted()
        if self.sudo().oms_free_supply_move_id.state == "posted":
            return []
        return [
            self.env._(
                "Post the free-supply voucher of order %(order)s first (Finance: Post Free-Supply Voucher): "
                "goods given free have no tax invoice.",
                order=self.name,
            )
        ]

    def _oms_tranche_document_failures(self, picking, quantities):
        if not self._oms_is_free_supply():
            return super()._oms_tranche_document_failures(picking, quantities)
        failures = self._oms_check_tax_invoice_posted()
        if not picking.oms_challan_number:
            failures.append(
                self.env._(
                    "Delivery %(picking)s moves goods given free: it travels on its delivery challan (CGST "
                    "Rule 55); print the challan to number it.",
                    picking=picking.name,
                )
            )
        return failures

    # ----- the voucher -----

    def action_oms_post_free_supply(self):
        """Finance: post the free-supply voucher of this confirmed order (see the module's docstring)."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(
                self.env._(
                    "Only Finance may post the free-supply voucher of order %(order)s.", order=self.name
                )
            )
        if not self._oms_is_free_supply():
            raise UserError(
                self.env._("Order %(order)s is not a free supply: it is invoiced.", order=self.name)
            )
        if self.state != "sale":
            raise UserError(self.env._("Confirm order %(order)s first.", order=self.name))
        if self.oms_free_supply_move_id.state == "posted":
            raise UserError(
                self.env._(
                    "Order %(order)s has its free-supply voucher already (%(move)s).",
                    order=self.name,
                    move=self.oms_free_supply_move_id.name,
                )
            )
        values, itc_reversed = self._oms_free_supply_move_values()
        move = self.env["account.move"].create(values)
        move.action_post()
        # The link is the system's record of which voucher stands for the invoice; Sales may not write it.
        self.sudo().oms_free_supply_move_id = move
        self.message_post(
            body=self.env._(
                "Free-supply voucher %(move)s posted: %(value)s to %(account)s, of which %(itc)s input tax "
                "reversed.",
                move=move._get_html_link(),
                value=self._oms_format(sum(move.line_ids.mapped("debit"))),
                account=self._oms_free_supply_expense_account().display_name,
                itc=self._oms_format(itc_reversed),
            )
        )
        return move._get_records_action()

    def _oms_format(self, amount):
        return self.company_id.currency_id.format(amount)

    def _oms_free_supply_expense_account(self):
        company = self.company_id
        account = self.type_id.with_company(company).oms_expense_account_id
        if not account:
            account = (
                self.env["account.chart.template"]
                .with_company(company)
                .ref(L10N_IN_PROMOTION_ACCOUNT, raise_if_not_found=False)
            )
        if not account:
            raise UserError(
                self.env._(
                    "Set the selling expense account of order type %(type)s for %(company)s first.",
                    type=self.type_id.name,
                    company=company.name,
                )
            )
        return account

    def _oms_free_supply_move_values(self):
        """(values of the voucher's journal entry, input tax reversed in it)."""
        company = self.company_id
        expense = self._oms_free_supply_expense_account()
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1
        )
        if not journal:
            raise UserError(self.env._("%(company)s has no miscellaneous journal.", company=company.name))
        lines = []
        itc_reversed = 0.0
        for line in self._oms_goods_lines():
            value = self.currency_id._convert(
                line.price_subtotal, company.currency_id, company, self.date_order
            )
            if company.currency_id.is_zero(value):
                continue
            label = self.env._(
                "%(order)s: %(product)s given free", order=self.name, product=line.product_id.display_name
            )
            lines.append(Command.create({"name": label, "account_id": expense.id, "debit": value}))
            lines.append(
                Command.create(
                    {"name": label, "account_id": self._oms_goods_account(line).id, "credit": value}
                )
            )
            itc_lines = self._oms_itc_reversal_lines(line, value, expense, label)
            itc_reversed += sum(command[2].get("credit", 0.0) for command in itc_lines)
            lines += itc_lines
        if not lines:
            raise UserError(
                self.env._(
                    "Order %(order)s gives nothing of value: there is nothing to post.", order=self.name
                )
            )
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self),
            "ref": self.env._("Free supply %(order)s (%(type)s)", order=self.name, type=self.type_id.name),
            "line_ids": lines,
        }, itc_reversed

    def _oms_goods_account(self, line):
        """Where the goods' cost sits until given away: the stock output account under perpetual valuation
        (the delivery moves the stock there), else the cost of goods the purchase was charged to."""
        accounts = line.product_id.product_tmpl_id.with_company(self.company_id).get_product_accounts()
        if line.product_id.categ_id.property_valuation == "real_time" and accounts.get("stock_output"):
            return accounts["stock_output"]
        if not accounts.get("expense"):
            raise UserError(
                self.env._(
                    "Product %(product)s has no expense account for %(company)s.",
                    product=line.product_id.display_name,
                    company=self.company_id.name,
                )
            )
        return accounts["expense"]

    def _oms_itc_reversal_lines(self, line, value, expense, label):
        """The input tax credit taken on ``value`` of the line's goods, by the product's purchase taxes,
        moved back from the input tax accounts to the expense (s.17(5)(h)). Odoo's own tax engine gives the
        amounts and the accounts (the purchase taxes' repartition lines)."""
        company = self.company_id
        taxes = line.product_id.supplier_taxes_id.filtered_domain(
            self.env["account.tax"]._check_company_domain(company)
        )
        if not taxes:
            return []
        result = taxes.compute_all(value, currency=company.currency_id, product=line.product_id)
        commands = []
        for tax in result["taxes"]:
            if not tax["account_id"] or company.currency_id.is_zero(tax["amount"]):
                continue
            itc_label = self.env._("%(label)s: input tax reversed (%(tax)s)", label=label, tax=tax["name"])
            commands.append(
                Command.create({"name": itc_label, "account_id": expense.id, "debit": tax["amount"]})
            )
            commands.append(
                Command.create(
                    {
                        "name": itc_label,
                        "account_id": tax["account_id"],
                        "credit": tax["amount"],
                    }
                )
            )
        return commands


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # No supply, no output tax; the value is the goods' cost (see the module's docstring).
    @api.depends("order_id.type_id")
    def _compute_tax_id(self):
        result = super()._compute_tax_id()
        self.filtered(lambda line: line.order_id.type_id.oms_invoicing == FREE_SUPPLY).tax_id = False
        return result

    @api.depends("order_id.type_id")
    def _compute_price_unit(self):
        result = super()._compute_price_unit()
        for line in self.filtered(
            lambda line: (
                line.order_id.type_id.oms_invoicing == FREE_SUPPLY and line.product_id and line.product_uom
            )
        ):
            order = line.order_id
            company = order.company_id or self.env.company
            cost = line.product_id.with_company(company).standard_price
            cost = line.product_id.uom_id._compute_price(cost, line.product_uom)
            line.price_unit = company.currency_id._convert(
                cost,
                order.currency_id or company.currency_id,
                company,
                order.date_order or fields.Date.today(),
            )
        return result

    @api.depends("order_id.type_id")
    def _compute_discount(self):
        result = super()._compute_discount()
        self.filtered(lambda line: line.order_id.type_id.oms_invoicing == FREE_SUPPLY).discount = 0.0
        return result

    @api.constrains("tax_id", "order_id")
    def _check_oms_free_supply_tax(self):
        taxed = self.filtered(lambda line: line.order_id.type_id.oms_invoicing == FREE_SUPPLY and line.tax_id)
        if taxed:
            raise ValidationError(
                self.env._(
                    "Order %(order)s gives its goods free: no output tax applies (no supply is made); remove "
                    "the taxes of %(products)s.",
                    order=taxed[0].order_id.name,
                    products=", ".join(taxed.mapped("product_id.display_name")),
                )
            )

    @api.depends("order_id.type_id")
    def _compute_invoice_status(self):
        result = super()._compute_invoice_status()
        self.filtered(lambda line: line.order_id.type_id.oms_invoicing == FREE_SUPPLY).invoice_status = "no"
        return result

    @api.depends("order_id.type_id")
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        self.filtered(lambda line: line.order_id.type_id.oms_invoicing == FREE_SUPPLY).qty_to_invoice = 0.0
        return result


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _oms_non_supply_reason(self):
        order = self.sudo().sale_id
        if order and order._oms_is_free_supply():
            # The type's name says why the goods move ("Gift", "Display"): the challan's and NIC's reason.
            return (self.env._("Free %(type)s", type=order.type_id.name))[:NIC_SUB_SUPPLY_DESC_LENGTH]
        return super()._oms_non_supply_reason()
