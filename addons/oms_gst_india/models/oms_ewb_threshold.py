"""E-way bill thresholds per company and per state (₹50,000 unless a row says otherwise).

A row without a state is the company's default (inter-state moves and states without their own row); a row
with a state sets that state's intra-state threshold. The rule itself is oms_gst.ewb_rules.is_ewb_required.
"""

from odoo import api, fields, models

from ..oms_gst.ewb_rules import INTERSTATE_THRESHOLD, EwbThresholds, ewb_threshold, is_ewb_required


class OmsEwbThreshold(models.Model):
    _name = "oms.ewb.threshold"
    _description = "E-Way Bill Threshold"
    _order = "company_id, state_id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, ondelete="cascade", index=True
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="State (intra-state moves)",
        domain=[("country_id.code", "=", "IN")],
        help="Empty: the company's default, used for inter-state moves and states without their own row.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    threshold = fields.Monetary(
        required=True,
        default=INTERSTATE_THRESHOLD,
        help="A consignment worth more than this needs an e-way bill.",
    )

    _sql_constraints = [
        ("company_state_unique", "unique(company_id, state_id)", "A state has one threshold per company."),
        ("threshold_positive", "CHECK(threshold >= 0)", "The threshold cannot be negative."),
    ]

    @api.model
    def _oms_thresholds(self, company):
        """The company's rows as oms_gst.ewb_rules.EwbThresholds."""
        # Thresholds are configuration every role's checks read.
        rows = self.sudo().search([("company_id", "=", company.id)])
        default = rows.filtered(lambda row: not row.state_id)[:1]
        base = default.threshold if default else INTERSTATE_THRESHOLD
        return EwbThresholds(
            interstate=base,
            intrastate_default=base,
            intrastate_by_state={
                row.state_id.l10n_in_tin: row.threshold for row in rows if row.state_id.l10n_in_tin
            },
        )

    @api.model
    def _oms_required(self, company, value, interstate, state_code):
        """True when a consignment of ``value`` moving within ``state_code`` (or inter-state) needs a bill."""
        return is_ewb_required(value, interstate, state_code or "0", self._oms_thresholds(company))

    @api.model
    def _oms_threshold(self, company, interstate, state_code):
        """The value above which a consignment of ``company`` needs a bill (None: never)."""
        return ewb_threshold(interstate, state_code or "0", self._oms_thresholds(company))
