"""Purchase orders as Tally Purchase Order vouchers: queued on confirmation, re-sent after edits,
cancelled in Tally when cancelled here. Back-to-back orders placed with a vendor for a sale order
(``oms_dispatch``) are ordinary purchase orders and go the same way."""

from collections import defaultdict
from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.oms_tally_bridge.oms_tally import TaxLine, Voucher, VoucherLine
from odoo.addons.oms_tally_bridge.oms_tally.documents import PURCHASE_ORDER
from odoo.addons.oms_tally_bridge.oms_tally.xmlutil import money, to_decimal

CONFIRMED_STATES = ("purchase", "done")
# Fields whose change alters the voucher Tally holds.
TALLY_FIELDS = {"order_line", "partner_id", "date_order", "date_planned", "partner_ref"}
MAX_ROUND_OFF = Decimal("1.00")


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _oms_tally_lines(self):
        return self.order_line.filtered(lambda line: not line.display_type and line.product_id)

    def _oms_tally_tax_lines(self, config):
        """Input GST per Tally ledger, computed per line with the line's own taxes."""
        Mapper = self.env["oms.tally.mapper"]
        totals = defaultdict(Decimal)
        for line in self._oms_tally_lines():
            computed = line.taxes_id.compute_all(
                line.price_unit_discounted,
                self.currency_id,
                line.product_qty,
                line.product_id,
                self.partner_id,
            )
            for tax in computed["taxes"]:
                ledger = Mapper._oms_input_ledger_of(self.env["account.tax"].browse(tax["id"]), config)
                totals[ledger] += to_decimal(tax["amount"])
        return tuple(TaxLine(ledger, money(amount)) for ledger, amount in totals.items() if money(amount))

    def _oms_tally_voucher(self, config, cancelled=False):
        """Return the Purchase Order voucher; each item is due on its planned receipt date, and a
        rounding difference up to one rupee goes to round-off."""
        self.ensure_one()
        Mapper = self.env["oms.tally.mapper"]
        lines = tuple(
            VoucherLine(
                item_name=Mapper._oms_item_name(line.product_id),
                quantity=to_decimal(line.product_qty),
                unit=config.unit_for(line.product_uom.name),
                rate=to_decimal(line.price_unit_discounted),
                amount=money(line.price_subtotal),
                gst_rate=Mapper._oms_gst_rate(line.taxes_id),
                order_no=self.name,
                order_due_date=line.date_planned.date() if line.date_planned else None,
                godown=Mapper._oms_tally_godown_for_line(line) or "",
            )
            for line in self._oms_tally_lines()
        )
        tax_lines = () if cancelled else self._oms_tally_tax_lines(config)
        total = money(self.amount_total)
        difference = (
            total
            - sum((line.amount for line in lines), Decimal("0"))
            - sum((tax.amount for tax in tax_lines), Decimal("0"))
        )
        return Voucher(
            kind=PURCHASE_ORDER,
            remote_id=Mapper._oms_remote_id(self),
            number=self.name,
            date=(self.date_approve or self.date_order).date(),
            party_ledger=Mapper._oms_party_name(self.partner_id),
            total=total,
            lines=lines,
            tax_lines=tax_lines,
            round_off=difference if abs(difference) <= MAX_ROUND_OFF else Decimal("0"),
            reference=self.name,
            narration=self._oms_tally_narration(),
            order_no=self.name,
            cancelled=cancelled,
        )

    def _oms_tally_narration(self):
        parts = [f"Vendor ref: {self.partner_ref}" if self.partner_ref else "", self.origin or ""]
        return "; ".join(part for part in parts if part)

    def _oms_tally_master_elements(self, config, settings):
        Mapper = self.env["oms.tally.mapper"]
        lines = self._oms_tally_lines()
        products = [(line.product_id, line.product_uom) for line in lines]
        return Mapper._oms_vendor_master_elements(
            config, settings, self.partner_id, products, Mapper._oms_godowns_of(lines)
        )

    def action_oms_tally_push(self):
        """Queue the Purchase Order voucher of confirmed orders now (refused if it would not balance)."""
        self.env["oms.tally.mapper"]._oms_check_push_role()
        not_confirmed = self.filtered(lambda order: order.state not in CONFIRMED_STATES)
        if not_confirmed:
            raise UserError(
                self.env._(
                    "Only confirmed purchase orders are sent to Tally; confirm %(orders)s first.",
                    orders=", ".join(not_confirmed.mapped("name")),
                )
            )
        return self.env["oms.tally.mapper"]._oms_check_and_queue(self, PURCHASE_ORDER)

    def button_approve(self, force=False):
        # button_confirm approves the order here, directly or after the second validation.
        result = super().button_approve(force=force)
        confirmed = self.filtered(lambda order: order.state in CONFIRMED_STATES)
        self.env["oms.tally.mapper"]._oms_auto_queue(confirmed, PURCHASE_ORDER)
        return result

    def button_cancel(self):
        confirmed = self.filtered(lambda order: order.state in CONFIRMED_STATES)
        result = super().button_cancel()
        self.env["oms.tally.mapper"]._oms_queue_cancellation(confirmed, PURCHASE_ORDER)
        return result

    def write(self, vals):
        result = super().write(vals)
        if TALLY_FIELDS & set(vals):
            self._oms_tally_requeue_sent()
        return result

    def _oms_tally_requeue_sent(self):
        """Re-send edited confirmed orders that Tally already holds (one query for the batch)."""
        confirmed = self.filtered(lambda order: order.state in CONFIRMED_STATES)
        if not confirmed:
            return
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", confirmed.ids),
            ("kind", "=", PURCHASE_ORDER),
        ]
        # sudo: the log is the accountants'; whoever edits the order only triggers the re-send.
        sent = self.env["oms.tally.sync"].sudo().search([*domain, ("state", "=", "done")])
        self.env["oms.tally.mapper"]._oms_auto_queue(
            self.browse(list(set(sent.mapped("res_id")))), PURCHASE_ORDER
        )
