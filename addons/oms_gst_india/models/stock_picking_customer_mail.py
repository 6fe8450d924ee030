"""The e-way bill number and validity in the customer's dispatch mail of a tranche."""

from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _oms_eway_bill_summary(self):
        self.ensure_one()
        # The mail is queued by whoever validated the delivery; e-way bills are Dispatch and Finance data.
        bills = self.sudo().oms_eway_bill_ids.filtered(
            lambda bill: bill.oms_ewb_no and bill.oms_ewb_status != "cancelled"
        )
        return ", ".join(
            self.env._(
                "%(number)s, valid until %(valid_until)s",
                number=bill.oms_ewb_no,
                valid_until=fields.Datetime.context_timestamp(self, bill.oms_ewb_valid_until).strftime(
                    "%Y-%m-%d %H:%M"
                )
                if bill.oms_ewb_valid_until
                else "-",
            )
            for bill in bills
        )
