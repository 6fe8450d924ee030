"""The approval matrix of a company: which orders need whose approval before they go on.

A rule has a kind (high value, payment-terms deviation; oms_dispatch adds stock availability), the sales
teams it covers (none: every team), a threshold for high value, and one or more levels, each approved in
turn by a member of its group: two levels make a two-step approval. Credit and discount approvals keep
their own screens (the credit check, the quotation's discount approval); this matrix adds the others.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OmsApprovalRule(models.Model):
    _name = "oms.approval.rule"
    _description = "Order Approval Rule"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [("high_value", "High Value"), ("payment_terms", "Payment Terms Deviation")],
        required=True,
        tracking=True,
        help="High Value: the order's untaxed amount is at or above the threshold. Payment Terms Deviation: "
        "the order's payment terms differ from the customer's own.",
    )
    team_ids = fields.Many2many(
        "crm.team", string="Sales Teams", check_company=True, help="Empty: the orders of every team."
    )
    amount_threshold = fields.Monetary(
        string="Threshold", currency_field="currency_id", tracking=True, help="High Value: untaxed amount."
    )
    level_ids = fields.One2many("oms.approval.rule.level", "rule_id", string="Levels", copy=True)

    @api.constrains("kind", "amount_threshold")
    def _check_threshold(self):
        for rule in self:
            if rule.kind == "high_value" and rule.amount_threshold <= 0:
                raise ValidationError(
                    self.env._("The high-value rule %(rule)s needs a threshold above zero.", rule=rule.name)
                )

    @api.constrains("level_ids", "active")
    def _check_levels(self):
        for rule in self:
            if rule.active and not rule.level_ids:
                raise ValidationError(
                    self.env._(
                        "The approval rule %(rule)s needs at least one level of approvers.", rule=rule.name
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("active") is False:
            self._oms_withdraw_open_approvals()
        return result

    def _oms_withdraw_open_approvals(self):
        """An archived rule asks nothing more: its waiting or rejected approvals are withdrawn, and an order
        no longer held gets its stock reserved."""
        # sudo: the consultant archiving the rule acts on the approvals it opened, which nobody writes directly.
        approvals = (
            self.env["oms.approval"]
            .sudo()
            .search([("rule_id", "in", self.ids), ("state", "in", ("pending", "rejected"))])
        )
        for order in approvals.order_id:
            was_held = order._oms_awaiting_approval()
            for approval in approvals.filtered(lambda approval, order=order: approval.order_id == order):
                approval.write({"state": "withdrawn"})
                order._oms_approval_note(approval, self.env._("No longer needed: the rule was archived."))
            order._oms_hold_changed(was_held)

    def _oms_matches(self, order):
        """True when the rule covers this order (its company and team); oms_order_type adds the type."""
        self.ensure_one()
        return self.company_id == order.company_id and (not self.team_ids or order.team_id in self.team_ids)

    def _oms_trigger(self, order):
        """``(summary, snapshot)`` when the order needs this approval, else None. The snapshot is what the
        approver approves: an edit that goes beyond it re-opens the approval (see ``_oms_exceeds``)."""
        self.ensure_one()
        return getattr(self, f"_oms_trigger_{self.kind}")(order)

    def _oms_exceeds(self, snapshot, approved):
        """True when ``snapshot`` (now) goes beyond ``approved`` (what was approved)."""
        self.ensure_one()
        return getattr(self, f"_oms_exceeds_{self.kind}")(snapshot, approved)

    def _oms_order_amount(self, order):
        return order.currency_id._convert(
            order.amount_untaxed, order.company_id.currency_id, order.company_id, order.date_order.date()
        )

    def _oms_trigger_high_value(self, order):
        amount = self._oms_order_amount(order)
        if order.company_id.currency_id.compare_amounts(amount, self.amount_threshold) < 0:
            return None
        currency = order.company_id.currency_id
        summary = self.env._(
            "Order value %(amount)s is at or above %(threshold)s.",
            amount=currency.format(amount),
            threshold=currency.format(self.amount_threshold),
        )
        return summary, {"amount": amount}

    def _oms_exceeds_high_value(self, snapshot, approved):
        return snapshot["amount"] > approved["amount"] + 0.005

    def _oms_trigger_payment_terms(self, order):
        agreed = order.partner_id.commercial_partner_id.with_company(
            order.company_id
        ).property_payment_term_id
        if not agreed or not order.payment_term_id or order.payment_term_id == agreed:
            return None
        summary = self.env._(
            "Payment terms %(terms)s instead of the customer's %(agreed)s.",
            terms=order.payment_term_id.name,
            agreed=agreed.name,
        )
        return summary, {"payment_term_id": order.payment_term_id.id}

    def _oms_exceeds_payment_terms(self, snapshot, approved):
        return snapshot["payment_term_id"] != approved["payment_term_id"]


class OmsApprovalRuleLevel(models.Model):
    _name = "oms.approval.rule.level"
    _description = "Order Approval Level"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("oms.approval.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    group_id = fields.Many2one(
        "res.groups",
        string="Approvers",
        required=True,
        help="Any member of this group may approve this level, except whoever approved an earlier level.",
    )
