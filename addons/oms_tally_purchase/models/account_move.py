"""Vendor bills as Tally Purchase vouchers (input GST ledgers, the vendor's bill opened under its own
number, linked to the Purchase Order voucher by ORDERNO) and vendor credit notes as Debit Note
vouchers settled against the bill they reduce.

Posting, cancelling, *Send to Tally* and the file export are the bridge's: they work by kind."""

import dataclasses

from odoo import models

from odoo.addons.oms_tally_bridge.oms_tally.documents import DEBIT_NOTE, PURCHASE, PURCHASE_KINDS

# The Tally voucher kind of each vendor document type.
PURCHASE_TALLY_KINDS = {"in_invoice": PURCHASE, "in_refund": DEBIT_NOTE}


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_tally_kind(self):
        return PURCHASE_TALLY_KINDS.get(self.move_type) or super()._oms_tally_kind()

    def _oms_tally_is_purchase(self):
        return self._oms_tally_kind() in PURCHASE_KINDS

    def _oms_tally_tax_ledger(self, tax, config):
        if self._oms_tally_is_purchase():
            return self.env["oms.tally.mapper"]._oms_input_ledger_of(tax, config)
        return super()._oms_tally_tax_ledger(tax, config)

    def _oms_tally_order_no(self, line):
        if "purchase_line_id" in line._fields and line.purchase_line_id:
            return line.purchase_line_id.order_id.name
        return super()._oms_tally_order_no(line)

    def _oms_tally_bill_name(self):
        """The bill a Purchase voucher opens in Tally: the vendor's bill number, else ours."""
        return self.ref or self.name

    def _oms_tally_voucher(self, config, cancelled=False):
        """On a vendor bill, REFERENCE is the vendor's bill number and date and the voucher is dated
        in our books (accounting date); a vendor credit note is settled against the bill it reduces."""
        voucher = super()._oms_tally_voucher(config, cancelled=cancelled)
        if not self._oms_tally_is_purchase():
            return voucher
        original = self.reversed_entry_id
        if voucher.kind == PURCHASE:
            values = {"reference": self.ref or "", "reference_date": self.invoice_date or None}
        else:
            # Tally knows the bill under the name its Purchase voucher opened it with.
            values = {"against_number": original._oms_tally_bill_name() if original else ""}
        narration = f"Order: {self.invoice_origin}" if self.invoice_origin else ""
        if voucher.kind == DEBIT_NOTE and self.ref:
            narration = f"Vendor credit note: {self.ref}"
        return dataclasses.replace(voucher, date=self.date, narration=narration, **values)

    def _oms_tally_master_elements(self, config, settings):
        if not self._oms_tally_is_purchase():
            return super()._oms_tally_master_elements(config, settings)
        Mapper = self.env["oms.tally.mapper"]
        lines = self._oms_tally_lines()
        products = [(line.product_id, line.product_uom_id) for line in lines]
        return Mapper._oms_vendor_master_elements(
            config, settings, self.partner_id, products, Mapper._oms_godowns_of(lines)
        )
