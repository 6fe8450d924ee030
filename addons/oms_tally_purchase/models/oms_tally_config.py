"""The purchase side of the Tally settings: vendor group, purchase and input GST ledgers, voucher types."""

import dataclasses

from odoo import fields, models


class OmsTallyConfig(models.Model):
    _inherit = "oms.tally.config"

    creditor_group = fields.Char(
        string="Vendor Group",
        required=True,
        default="Sundry Creditors",
        help="Tally group of vendor ledgers.",
    )
    input_cgst_ledger = fields.Char(string="CGST Input Ledger", required=True, default="Input CGST")
    input_sgst_ledger = fields.Char(string="SGST Input Ledger", required=True, default="Input SGST")
    input_igst_ledger = fields.Char(string="IGST Input Ledger", required=True, default="Input IGST")
    input_cess_ledger = fields.Char(string="Cess Input Ledger", required=True, default="Input Cess")
    purchase_order_voucher_type = fields.Char(required=True, default="Purchase Order")
    purchase_voucher_type = fields.Char(required=True, default="Purchase")
    debit_note_voucher_type = fields.Char(required=True, default="Debit Note")
    purchase_ledger_ids = fields.One2many("oms.tally.purchase.ledger", "config_id", string="Purchase Ledgers")

    def _oms_core_config(self):
        return dataclasses.replace(
            super()._oms_core_config(),
            creditor_group=self.creditor_group,
            purchase_ledgers={line.gst_rate: line.ledger_name for line in self.purchase_ledger_ids},
            input_cgst_ledger=self.input_cgst_ledger,
            input_sgst_ledger=self.input_sgst_ledger,
            input_igst_ledger=self.input_igst_ledger,
            input_cess_ledger=self.input_cess_ledger,
            purchase_order_voucher_type=self.purchase_order_voucher_type,
            purchase_voucher_type=self.purchase_voucher_type,
            debit_note_voucher_type=self.debit_note_voucher_type,
        )

    def _oms_voucher_types(self):
        """The period read-back also lists the purchase-side vouchers."""
        return [
            *super()._oms_voucher_types(),
            self.purchase_order_voucher_type,
            self.purchase_voucher_type,
            self.debit_note_voucher_type,
        ]
