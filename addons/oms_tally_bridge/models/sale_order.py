"""Sales orders as Tally Sales Order vouchers: queued on confirmation, re-sent after edits."""

from collections import defaultdict
from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..oms_tally import SALES_ORDER, TaxLine, Voucher, VoucherLine
from ..oms_tally.xmlutil import money, to_decimal

# Fields whose change alters the voucher Tally holds.
TALLY_FIELDS = {
    "order_line",
    "partner_id",
    "date_order",
    "oms_agreed_date",
    "commitment_date",
    "client_order_ref",
}
MAX_ROUND_OFF = Decimal("1.00")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_tally_lines(self):
        return self.order_line.filtered(
            lambda line: not line.display_type and line.product_id and not line.is_downpayment
        )

    def _oms_tally_due_date(self):
        if "oms_agreed_date" in self._fields and self.oms_agreed_date:
            return self.oms_agreed_date
        return self.commitment_date.date() if self.commitment_date else None

    def _oms_tally_tax_lines(self, config):
        """Tax credits per Tally ledger, computed per line with the line's own taxes."""
        Mapper = self.env["oms.tally.mapper"]
        totals = defaultdict(Decimal)
        for line in self._oms_tally_lines():
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            computed = line.tax_id.compute_all(
                price, self.currency_id, line.product_uom_qty, line.product_id, self.partner_shipping_id
            )
            for tax in computed["taxes"]:
                ledger = Mapper._oms_ledger_of(self.env["account.tax"].browse(tax["id"]), config)
                totals[ledger] += to_decimal(tax["amount"])
        return tuple(TaxLine(ledger, money(amount)) for ledger, amount in totals.items() if money(amount))

    def _oms_tally_voucher(self, config, cancelled=False):
        """Return the Sales Order voucher; a rounding difference up to one rupee goes to round-off."""
        self.ensure_one()
        Mapper = self.env["oms.tally.mapper"]
        due_date = self._oms_tally_due_date()
        lines = tuple(
            VoucherLine(
                item_name=Mapper._oms_item_name(line.product_id),
                quantity=to_decimal(line.product_uom_qty),
                unit=config.unit_for(line.product_uom.name),
                rate=to_decimal(line.price_reduce_taxexcl),
                amount=money(to_decimal(line.price_subtotal)),
                gst_rate=Mapper._oms_gst_rate(line.tax_id),
                order_no=self.name,
                order_due_date=due_date,
                godown=Mapper._oms_tally_godown_for_line(line) or "",
            )
            for line in self._oms_tally_lines()
        )
        tax_lines = () if cancelled else self._oms_tally_tax_lines(config)
        total = money(to_decimal(self.amount_total))
        difference = (
            total
            - sum((line.amount for line in lines), Decimal("0"))
            - sum((tax.amount for tax in tax_lines), Decimal("0"))
        )
        return Voucher(
            kind=SALES_ORDER,
            remote_id=Mapper._oms_remote_id(self),
            number=self.name,
            date=self.date_order.date(),
            party_ledger=Mapper._oms_party_name(self.partner_id),
            total=total,
            lines=lines,
            tax_lines=tax_lines,
            round_off=difference if abs(difference) <= MAX_ROUND_OFF else Decimal("0"),
            reference=self.name,
            narration=f"Customer PO: {self.client_order_ref}" if self.client_order_ref else "",
            order_no=self.name,
            cancelled=cancelled,
        )

    def _oms_tally_master_elements(self, config, settings):
        Mapper = self.env["oms.tally.mapper"]
        lines = self._oms_tally_lines()
        products = [(line.product_id, line.product_uom) for line in lines]
        return Mapper._oms_master_elements(
            config, settings, self.partner_id, products, Mapper._oms_godowns_of(lines)
        )

    def action_oms_tally_push(self):
        """Queue the Sales Order voucher of confirmed orders now (refused if it would not balance)."""
        self.env["oms.tally.mapper"]._oms_check_push_role()
        not_confirmed = self.filtered(lambda order: order.state != "sale")
        if not_confirmed:
            raise self._oms_tally_refusal(not_confirmed)
        return self.env["oms.tally.mapper"]._oms_check_and_queue(self, SALES_ORDER)

    def _oms_tally_refusal(self, orders):
        return UserError(
            self.env._(
                "Only confirmed orders are sent to Tally; confirm %(orders)s first.",
                orders=", ".join(orders.mapped("name")),
            )
        )

    def action_confirm(self):
        result = super().action_confirm()
        self.env["oms.tally.mapper"]._oms_auto_queue(self.filtered(lambda o: o.state == "sale"), SALES_ORDER)
        return result

    def _action_cancel(self):
        confirmed = self.filtered(lambda order: order.state == "sale")
        result = super()._action_cancel()
        self.env["oms.tally.mapper"]._oms_queue_cancellation(confirmed, SALES_ORDER)
        return result

    def write(self, vals):
        result = super().write(vals)
        if TALLY_FIELDS & set(vals):
            self._oms_tally_requeue_sent()
        return result

    def _oms_tally_requeue_sent(self):
        """Re-send edited confirmed orders that Tally already holds (one query for the batch)."""
        confirmed = self.filtered(lambda order: order.state == "sale")
        if not confirmed:
            return
        domain = [("res_model", "=", self._name), ("res_id", "in", confirmed.ids), ("kind", "=", SALES_ORDER)]
        # sudo: the log is the accountants'; whoever edits the order only triggers the re-send.
        sent = self.env["oms.tally.sync"].sudo().search([*domain, ("state", "=", "done")])
        self.env["oms.tally.mapper"]._oms_auto_queue(
            self.browse(list(set(sent.mapped("res_id")))), SALES_ORDER
        )
