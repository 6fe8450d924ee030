"""Credit check at Sale Order (seeds 001 step 3, 003, 004).

Exposure reuses Odoo's own figures: the customer's receivable (``credit``) and confirmed orders not yet
invoiced (``credit_to_invoice``, from sale); the limit is Odoo's per-customer credit limit.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..oms_pipeline.credit import ageing_buckets, credit_check, oldest_overdue_days
from ..oms_pipeline.roles import (
    GROUP_DISPATCH,
    GROUP_FINANCE,
    GROUP_PROCUREMENT,
    GROUP_PRODUCTION,
    GROUP_SALES,
)

PIPELINE_ROLE_GROUPS = (
    GROUP_SALES,
    GROUP_PROCUREMENT,
    GROUP_PRODUCTION,
    GROUP_FINANCE,
    GROUP_DISPATCH,
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_credit_state = fields.Selection(
        [
            ("not_checked", "Not Checked"),
            ("passed", "Passed"),
            ("hold", "On Credit Hold"),
            ("sanctioned", "Sanctioned by Finance"),
            ("refused", "Refused by Finance"),
        ],
        string="Credit",
        default="not_checked",
        readonly=True,
        copy=False,
        tracking=True,
    )
    oms_credit_exposure = fields.Monetary(
        groups="base.group_user",
        string="Credit Exposure",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
    )
    oms_credit_limit = fields.Monetary(
        groups="base.group_user",
        string="Credit Limit",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
    )
    oms_credit_reasons = fields.Text(
        groups="base.group_user", string="Credit Hold Reasons", readonly=True, copy=False
    )
    oms_credit_decided_by_id = fields.Many2one(
        "res.users", string="Credit Decided By", readonly=True, copy=False, groups="base.group_user"
    )
    oms_credit_decided_on = fields.Datetime(
        groups="base.group_user", string="Credit Decided On", readonly=True, copy=False
    )
    oms_credit_decision_note = fields.Text(
        groups="base.group_user", string="Credit Decision Note", readonly=True, copy=False
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    oms_ageing_not_due = fields.Monetary(
        groups="base.group_user",
        compute="_compute_oms_ageing",
        currency_field="company_currency_id",
        string="Not Due",
    )
    oms_ageing_0_30 = fields.Monetary(
        groups="base.group_user",
        compute="_compute_oms_ageing",
        currency_field="company_currency_id",
        string="0-30 Days",
    )
    oms_ageing_31_60 = fields.Monetary(
        groups="base.group_user",
        compute="_compute_oms_ageing",
        currency_field="company_currency_id",
        string="31-60 Days",
    )
    oms_ageing_61_90 = fields.Monetary(
        groups="base.group_user",
        compute="_compute_oms_ageing",
        currency_field="company_currency_id",
        string="61-90 Days",
    )
    oms_ageing_90_plus = fields.Monetary(
        groups="base.group_user",
        compute="_compute_oms_ageing",
        currency_field="company_currency_id",
        string="90+ Days",
    )

    # ----- credit -----

    def _oms_open_receivables(self):
        """(residual, due date) of the customer's open receivable items in this order's company."""
        # Sales users may not read journal items; the check needs only amounts and due dates.
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ]
            )
        )
        return [(line.amount_residual, line.date_maturity or line.date) for line in lines]

    def _oms_receivable_position(self):
        """(receivable, open items) the credit check and the ageing read: Odoo's receivable of the customer
        (``credit``) and its open items as (residual, due date). The Tally bridge may read Tally's books
        instead, or the larger of the two (a company setting)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.sudo().with_company(self.company_id)
        return partner.credit, self._oms_open_receivables()

    @api.depends("partner_id", "company_id")
    def _compute_oms_ageing(self):
        today = fields.Date.context_today(self)
        for order in self:
            buckets = ageing_buckets(order._oms_receivable_position()[1], today) if order.partner_id else {}
            order.oms_ageing_not_due = buckets.get("not_due", 0.0)
            order.oms_ageing_0_30 = buckets.get("0-30", 0.0)
            order.oms_ageing_31_60 = buckets.get("31-60", 0.0)
            order.oms_ageing_61_90 = buckets.get("61-90", 0.0)
            order.oms_ageing_90_plus = buckets.get("90+", 0.0)

    def _oms_credit_exempt_reason(self):
        """Why this order is passed without a credit check, or None: its type's rule (a consignment sale
        is not checked, see oms_order_type)."""
        self.ensure_one()
        return None

    def _oms_check_credit(self):
        """Pass the order or put it on credit hold, and tell Finance when it is held."""
        today = fields.Date.context_today(self)
        for order in self:
            exempt = order._oms_credit_exempt_reason()
            if exempt:
                order._oms_write_protected(
                    {"oms_credit_state": "passed", "oms_credit_exposure": 0.0, "oms_credit_reasons": exempt}
                )
                continue
            company = order.company_id
            # Sales users may not read receivables; the check only needs totals, written on the order.
            partner = order.partner_id.commercial_partner_id.sudo().with_company(company)
            this_order = order.currency_id._convert(order.amount_total, company.currency_id, company, today)
            receivable, open_items = order._oms_receivable_position()
            limit = partner.credit_limit if company.account_use_credit_limit else None
            # Odoo's credit_to_invoice already counts this confirmed order; count it once, as this order.
            other_orders = max(
                partner.credit_to_invoice - (this_order if order.state == "sale" else 0.0), 0.0
            )
            result = credit_check(
                limit,
                receivable,
                other_orders,
                this_order,
                oldest_overdue_days(open_items, today),
                company.oms_credit_overdue_grace_days,
                overdue_amount=sum(
                    amount for amount, due in open_items if due and due < today and amount > 0
                ),
            )
            order._oms_write_protected(
                {
                    "oms_credit_state": "passed" if result.passed else "hold",
                    "oms_credit_exposure": result.exposure,
                    "oms_credit_limit": limit or 0.0,
                    "oms_credit_reasons": "\n".join(order._oms_translate(reason) for reason in result.reasons)
                    or False,
                }
            )
            if not result.passed and company._oms_notifies("finance_credit_hold"):
                order._oms_schedule_team_activity(
                    GROUP_FINANCE,
                    self.env._("Credit hold on %(order)s", order=order.name),
                    order.oms_credit_reasons,
                )

    def action_oms_recheck_credit(self):
        """Re-run the credit check (after a payment or a new limit). A Finance decision (sanctioned,
        refused) stands unless Finance itself re-checks."""
        if not any(self.env.user.has_group(group) for group in PIPELINE_ROLE_GROUPS):
            raise AccessError(self.env._("Only the order management team may re-check an order's credit."))
        decided = self.filtered(lambda order: order.oms_credit_state in ("sanctioned", "refused"))
        if decided and not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(
                self.env._(
                    "Finance has decided the credit of %(orders)s; only Finance may re-check it.",
                    orders=", ".join(decided.mapped("name")),
                )
            )
        self._oms_check_credit()
        return True

    def _oms_decide_credit(self, state, note):
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may sanction or refuse an order on credit hold."))
        for order in self:
            if order.oms_credit_state not in ("hold", "refused", "sanctioned"):
                raise UserError(self.env._("Order %(order)s is not on credit hold.", order=order.name))
            order._oms_write_protected(
                {
                    "oms_credit_state": state,
                    "oms_credit_decided_by_id": self.env.uid,
                    "oms_credit_decided_on": fields.Datetime.now(),
                    "oms_credit_decision_note": note or False,
                }
            )
            order.activity_feedback(["mail.mail_activity_data_todo"], feedback=note or state)
            order.message_post(
                body=self.env._(
                    "Credit %(decision)s by %(user)s. %(note)s",
                    decision=dict(self._fields["oms_credit_state"].selection)[state],
                    user=self.env.user.name,
                    note=note or "",
                )
            )
        return True

    def action_oms_credit_sanction(self, note=None):
        return self._oms_decide_credit("sanctioned", note)

    def action_oms_credit_refuse(self, note=None):
        return self._oms_decide_credit("refused", note)

    # ----- notifications -----

    def _oms_team_assignee(self, group_xmlid):
        """The member of the team behind ``group_xmlid`` who acts for it on this order (see
        ``res.company._oms_team_member``), or the current user when the team has nobody there."""
        company = self.company_id[:1] or self.env.company
        return company._oms_team_member(group_xmlid) or self.env.user

    def _oms_schedule_team_activity(self, group_xmlid, summary, note):
        """One activity for the team behind ``group_xmlid``, assigned as ``_oms_team_assignee`` says."""
        assignee = self._oms_team_assignee(group_xmlid)
        for order in self:
            order._oms_schedule_queued(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=assignee.id
            )
