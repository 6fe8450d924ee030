"""Customer invoices as Tally Sales vouchers, linked to their Sales Order voucher by ORDERNO, and
customer credit notes as Credit Note vouchers settled against the invoice they reverse."""

from collections import defaultdict
from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..oms_tally import CREDIT_NOTE, SALES, EInvoiceDetails, TaxLine, Voucher, VoucherLine
from ..oms_tally.xmlutil import money, to_decimal

# The Tally voucher kind of each customer document type.
TALLY_KINDS = {"out_invoice": SALES, "out_refund": CREDIT_NOTE}


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_tally_kind(self):
        """sales for a customer invoice, credit_note for a customer credit note, else None."""
        return TALLY_KINDS.get(self.move_type)

    def _oms_tally_lines(self):
        return self.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.product_id)

    def _oms_tally_einvoice_values(self):
        """Return the :class:`EInvoiceDetails` (IRN, acknowledgement, e-way bills) of this document
        for Tally's own e-invoice fields.

        Empty here: this module knows no e-invoicing, and a trading company may run Tally without
        it. ``oms_tally_gst`` (installed automatically with ``oms_gst_india``) fills it.
        """
        self.ensure_one()
        return EInvoiceDetails()

    def _oms_tally_resend_sent(self):
        """Queue the voucher of posted invoices and credit notes again when Tally already holds it,
        so that Tally alters it (same REMOTEID) with what arrived since, e.g. the IRN or an e-way
        bill. A pending job of the same kind already covers a document: it is queued once.

        It does not wait for the company's automatic push: the voucher was sent on purpose, and
        the IRN and e-way bill belong on it.
        """
        Sync = self.env["oms.tally.sync"]
        for kind, moves in self.filtered(lambda move: move.state == "posted")._oms_tally_by_kind().items():
            # sudo: the log is the accountants'; the IRP or e-way bill job only triggers the re-send.
            sent = Sync.sudo().search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", moves.ids),
                    ("kind", "=", kind),
                    ("state", "=", "done"),
                ]
            )
            if sent:
                Sync._oms_enqueue(self.browse(sorted(set(sent.mapped("res_id")))), kind)

    def _oms_tally_order_no(self, line):
        orders = line.sale_line_ids.order_id if "sale_line_ids" in line._fields else line.browse()
        return orders[:1].name or ""

    def _oms_tally_tax_ledger(self, tax, config):
        """The Tally ledger of a tax of this document: the output GST ledger of its duty here;
        ``oms_tally_purchase`` books vendor bills to the input GST ledgers."""
        return self.env["oms.tally.mapper"]._oms_ledger_of(tax, config)

    def _oms_tally_tax_lines(self, config):
        """The document's own tax journal items per CGST/SGST/IGST/cess ledger, as positive amounts
        for an invoice and for a credit note alike (the voucher builder reverses the credit note)."""
        totals = defaultdict(Decimal)
        for line in self.line_ids.filtered(lambda item: item.display_type == "tax"):
            # direction_sign is -1 on an invoice (tax credited), +1 on a credit note (tax debited);
            # on a vendor bill and refund the other way round: the amount is positive on every kind.
            amount = to_decimal(line.amount_currency) * self.direction_sign
            totals[self._oms_tally_tax_ledger(line.tax_line_id, config)] += amount
        return tuple(TaxLine(ledger, money(amount)) for ledger, amount in totals.items() if money(amount))

    def _oms_tally_round_off(self):
        rounding = self.line_ids.filtered(lambda item: item.display_type == "rounding")
        return money(sum(to_decimal(item.amount_currency) for item in rounding) * self.direction_sign)

    def _oms_tally_narration(self, kind):
        if kind == CREDIT_NOTE:
            return self.ref or ""
        return f"Order: {self.invoice_origin}" if self.invoice_origin else ""

    def _oms_tally_voucher(self, config, cancelled=False):
        """Return the Sales or Credit Note voucher: item lines, tax lines and round-off exactly as
        journalised; a credit note names the invoice it reverses."""
        self.ensure_one()
        kind = self._oms_tally_kind()
        if not kind:
            raise UserError(
                self.env._(
                    "%(move)s is neither a customer invoice nor a customer credit note; only those are "
                    "sent to Tally.",
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
                godown=Mapper._oms_tally_godown_for_line(line) or "",
            )
            for line in self._oms_tally_lines()
        )
        order_nos = [line.order_no for line in lines if line.order_no]
        original = self.reversed_entry_id if kind == CREDIT_NOTE else self.browse()
        return Voucher(
            kind=kind,
            remote_id=Mapper._oms_remote_id(self),
            number=self.name,
            date=self.invoice_date or self.date,
            party_ledger=Mapper._oms_party_name(self.partner_id),
            total=money(self.amount_total),
            lines=lines,
            tax_lines=() if cancelled else self._oms_tally_tax_lines(config),
            round_off=self._oms_tally_round_off(),
            # A credit note's REFERENCE is the original invoice number (set by the builder).
            reference=(self.ref or "") if kind == SALES else "",
            narration=self._oms_tally_narration(kind),
            order_no=order_nos[0] if order_nos else "",
            einvoice=self._oms_tally_einvoice_values(),
            cancelled=cancelled,
            against_number=original.name or "",
            against_date=original.invoice_date or None,
        )

    def _oms_tally_master_elements(self, config, settings):
        Mapper = self.env["oms.tally.mapper"]
        lines = self._oms_tally_lines()
        products = [(line.product_id, line.product_uom_id) for line in lines]
        return Mapper._oms_master_elements(
            config, settings, self.partner_id, products, Mapper._oms_godowns_of(lines)
        )

    def _oms_tally_by_kind(self):
        """{kind: moves} of the customer invoices and credit notes among these moves."""
        groups = {}
        for move in self:
            kind = move._oms_tally_kind()
            if kind:
                groups[kind] = groups.get(kind, self.browse()) | move
        return groups

    def action_oms_tally_push(self):
        """Queue the Sales or Credit Note voucher of posted customer invoices and credit notes now
        (refused if it would not balance)."""
        self.env["oms.tally.mapper"]._oms_check_push_role()
        wrong = self.filtered(lambda move: move.state != "posted" or not move._oms_tally_kind())
        if wrong:
            raise UserError(
                self.env._(
                    "Only posted customer invoices and credit notes are sent to Tally; post %(moves)s first.",
                    moves=", ".join(wrong.mapped("display_name")),
                )
            )
        action = None
        for kind, moves in self._oms_tally_by_kind().items():
            action = self.env["oms.tally.mapper"]._oms_check_and_queue(moves, kind)
        return action

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        Mapper = self.env["oms.tally.mapper"]
        for kind, moves in posted.filtered(lambda move: move.state == "posted")._oms_tally_by_kind().items():
            Mapper._oms_auto_queue(moves, kind)
        return posted

    def button_cancel(self):
        result = super().button_cancel()
        Mapper = self.env["oms.tally.mapper"]
        for kind, moves in self._oms_tally_by_kind().items():
            Mapper._oms_queue_cancellation(moves, kind)
        return result
