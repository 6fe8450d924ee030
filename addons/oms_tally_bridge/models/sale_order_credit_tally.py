"""The credit check and the ageing read Tally's outstanding bills when the company says so."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_receivable_position(self):
        odoo_position = super()._oms_receivable_position()
        source = self.company_id.oms_credit_source
        if source == "odoo":
            return odoo_position
        # sudo: Sales users may not read Tally's bills; the check needs only amounts and due dates.
        bills = (
            self.env["oms.tally.outstanding"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ]
            )
        )
        tally_position = (sum(bills.mapped("amount")), [(bill.amount, bill.due_date) for bill in bills])
        if source == "tally":
            return tally_position
        return max(odoo_position, tally_position, key=lambda position: position[0])
