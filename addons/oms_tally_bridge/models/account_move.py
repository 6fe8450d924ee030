"""Customer invoices as Tally Sales vouchers, linked to their Sales Order voucher by ORDERNO."""

from collections import defaultdict
from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..oms_tally import SALES, TaxLine, Voucher, VoucherLine
from ..oms_tally.xmlutil import money, to_decimal

# Fields other add-ons may add for the e-invoice and e-way bill (oms_gst_india); read only if present.
IRN_FIELDS = ("oms_irn",)
EWAY_BILL_FIELDS = ("oms_ewb_number", "oms_eway_bill_no", "oms_ewaybill_number", "oms_ewb_no")


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_tally_lines(self):
        return self.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.product_id)

    def _oms_tally_field(self, names):
        for name in names:
            if name in self._fields and self[name]:
                return str(self[name])
        return ""

    def _oms_tally_order_no(self, line):
        orders = line.sale_line_ids.order_id if "sale_line_ids" in line._fields else line.browse()
        return orders[:1].name or ""

    def _oms_tally_tax_lines(self, config):
        """The invoice's own tax journal items, credited to the CGST/SGST/IGST/cess ledgers."""
        Mapper = self.env["oms.tally.mapper"]
        totals = defaultdict(Decimal)
        for line in self.line_ids.filtered(lambda item: item.display_type == "tax"):
            totals[Mapper._oms_ledger_of(line.tax_line_id, config)] -= to_decimal(line.amount_currency)
        return tuple(TaxLine(ledger, money(amount)) for ledger, amount in totals.items() if money(amount))

    def _oms_tally_voucher(self, config, cancelled=False):
        """Return the Sales voucher: item lines, tax lines and round-off exactly as journalised."""
        self.ensure_one()
        if self.move_type != "out_invoice":
            raise UserError(
                self.env._(
                    "%(move)s is not a customer invoice; only customer invoices are sent to Tally.",
                    move=self.display_name,
                )
            )
        Mapper = self.env["oms.tally.mapper"]
        lines = tuple(
            VoucherLine(
                item_name=Mapper._oms_item_name(line.product_id),
                quantity=to_decimal(line.quantity),
                unit=config.unit_for(line.product_uom_id.name),
                rate=to_decimal(line.price_unit) * (1 - to_decimal(line.discount) / 100),
                amount=money(line.price_subtotal),
                gst_rate=Mapper._oms_gst_rate(line.tax_ids),
                order_no=self._oms_tally_order_no(line),
            )
            for line in self._oms_tally_lines()
        )
        rounding = self.line_ids.filtered(lambda item: item.display_type == "rounding")
        order_nos = [line.order_no for line in lines if line.order_no]
        return Voucher(
            kind=SALES,
            remote_id=Mapper._oms_remote_id(self),
            number=self.name,
            date=self.invoice_date or self.date,
            party_ledger=Mapper._oms_party_name(self.partner_id),
            total=money(self.amount_total),
            lines=lines,
            tax_lines=() if cancelled else self._oms_tally_tax_lines(config),
            round_off=money(-sum(to_decimal(item.amount_currency) for item in rounding)),
            reference=self.ref or "",
            narration=f"Order: {self.invoice_origin}" if self.invoice_origin else "",
            order_no=order_nos[0] if order_nos else "",
            irn=self._oms_tally_field(IRN_FIELDS),
            eway_bill_no=self._oms_tally_field(EWAY_BILL_FIELDS),
            cancelled=cancelled,
        )

    def _oms_tally_master_elements(self, config, settings):
        products = [(line.product_id, line.product_uom_id) for line in self._oms_tally_lines()]
        return self.env["oms.tally.mapper"]._oms_master_elements(config, settings, self.partner_id, products)

    def action_oms_tally_push(self):
        """Queue the Sales voucher of posted customer invoices now (refused if it would not balance)."""
        wrong = self.filtered(lambda move: move.state != "posted" or move.move_type != "out_invoice")
        if wrong:
            raise UserError(
                self.env._(
                    "Only posted customer invoices are sent to Tally; post %(moves)s first.",
                    moves=", ".join(wrong.mapped("display_name")),
                )
            )
        return self.env["oms.tally.mapper"]._oms_check_and_queue(self, SALES)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice" and move.state == "posted")
        self.env["oms.tally.mapper"]._oms_auto_queue(invoices, SALES)
        return posted

    def button_cancel(self):
        result = super().button_cancel()
        self.env["oms.tally.mapper"]._oms_queue_cancellation(
            self.filtered(lambda move: move.move_type == "out_invoice"), SALES
        )
        return result
