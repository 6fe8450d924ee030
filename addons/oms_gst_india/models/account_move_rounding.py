"""GST invoices are issued for whole rupees: a rounding line through Odoo's own cash rounding.

l10n_in ships the method (``l10n_in.cash_rounding_in_half_up``: 1 rupee, half up, a separate line, with the
chart's round-off accounts), the same rule as oms_gst.rounding.round_invoice_total; the e-invoice payload
takes the line's amount as ``RndOffAmt`` (account_move_einvoice).
"""

from odoo import api, models

GST_ROUNDING_XMLID = "l10n_in.cash_rounding_in_half_up"


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves._oms_apply_gst_rounding()
        return moves

    def _oms_apply_gst_rounding(self):
        rounding = self.env.ref(GST_ROUNDING_XMLID, raise_if_not_found=False)
        if not rounding:
            return
        for move in self:
            if (
                move.state != "draft"
                or move.invoice_cash_rounding_id
                or not move.is_sale_document(include_receipts=False)
                or move.country_code != "IN"
                or not move.company_id.oms_gst_enforce
                # The rounding line needs the company's round-off accounts (set by l10n_in's chart).
                or not rounding.with_company(move.company_id).profit_account_id
            ):
                continue
            move.invoice_cash_rounding_id = rounding
