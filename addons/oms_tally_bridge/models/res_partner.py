"""A customer's outstanding in Tally, as last read back, with its ageing: the per-party figure for what Odoo
could not match to its own invoices."""

from odoo import fields, models

from odoo.addons.oms_handover.oms_pipeline.credit import ageing_buckets

BUCKET_FIELDS = {
    "not_due": "oms_tally_not_due",
    "0-30": "oms_tally_0_30",
    "31-60": "oms_tally_31_60",
    "61-90": "oms_tally_61_90",
    "90+": "oms_tally_90_plus",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_tally_outstanding = fields.Monetary(
        string="Outstanding in Tally",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
        help="The customer's open bills in Tally, as last read back (Tally Prime > Outstanding in Tally).",
    )
    oms_tally_not_due = fields.Monetary(
        string="Not Due (Tally)",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
    )
    oms_tally_0_30 = fields.Monetary(
        string="0-30 Days (Tally)",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
    )
    oms_tally_31_60 = fields.Monetary(
        string="31-60 Days (Tally)",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
    )
    oms_tally_61_90 = fields.Monetary(
        string="61-90 Days (Tally)",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
    )
    oms_tally_90_plus = fields.Monetary(
        string="90+ Days (Tally)",
        compute="_compute_oms_tally_outstanding",
        currency_field="currency_id",
        groups="oms_handover.group_oms_finance,account.group_account_manager",
    )

    def _compute_oms_tally_outstanding(self):
        today = fields.Date.context_today(self)
        bills = self.env["oms.tally.outstanding"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)]
        )
        for partner in self:
            own = bills.filtered(
                lambda bill, partner=partner: bill.partner_id == partner.commercial_partner_id
            )
            partner.oms_tally_outstanding = sum(own.mapped("amount"))
            buckets = ageing_buckets([(bill.amount, bill.due_date) for bill in own], today)
            for bucket, field_name in BUCKET_FIELDS.items():
                partner[field_name] = buckets.get(bucket, 0.0)
