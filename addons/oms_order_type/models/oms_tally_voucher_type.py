"""An order type's own Tally voucher types: its orders and invoices reach Tally as those types (created in
Tally under Sales Order and Sales), so the accountant sees staff, metro or promotion sales apart."""

from dataclasses import replace

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_tally_voucher(self, config, cancelled=False):
        voucher = super()._oms_tally_voucher(config, cancelled=cancelled)
        # sudo: whoever confirms may not read order types' Tally settings; only the type's name is used.
        voucher_type = self.sudo().type_id.oms_tally_order_voucher_type
        return replace(voucher, voucher_type=voucher_type) if voucher_type else voucher


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_tally_voucher(self, config, cancelled=False):
        voucher = super()._oms_tally_voucher(config, cancelled=cancelled)
        if self.move_type != "out_invoice":
            return voucher  # credit notes keep the company's Credit Note type
        # sudo: as above; OCA's sale_type_id is the type of the order the invoice bills.
        voucher_type = self.sudo().sale_type_id.oms_tally_sales_voucher_type
        return replace(voucher, voucher_type=voucher_type) if voucher_type else voucher
