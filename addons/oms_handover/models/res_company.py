from odoo import api, fields, models

from ..oms_pipeline.roles import GROUP_MANAGER


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_discount_approval_limit = fields.Float(
        string="Discount Needing Approval (%)",
        default=10.0,
        help="A quotation with a line discount above this needs a manager's approval before handover.",
    )
    # Off (0) for companies created later, as for Odoo's own test companies that book historical
    # orders; the install turns it on, 90 days, for the companies that exist (post_init_hook).
    oms_backdate_limit_days = fields.Integer(
        string="Back-dating Limit (days)",
        default=0,
        help="How far in the past an order date may be set; 0 means no limit.",
    )
    oms_duplicate_window_days = fields.Integer(
        string="Duplicate Window (days)",
        default=30,
        help="Orders of a customer with the same products in similar quantities are possible duplicates when"
        " ordered within this many days of each other; 0 means at any time.",
    )
    oms_duplicate_tolerance_percent = fields.Float(
        string="Duplicate Quantity Tolerance (%)",
        default=10.0,
        help="How far (in % of the larger quantity) a product's quantities may differ for two orders to count as"
        " similar; 0 means equal quantities only.",
    )
    oms_requested_lead_days = fields.Integer(
        string="Requested Date Lead (days)", default=3, help="Requested date = order date + this many days."
    )
    oms_credit_overdue_grace_days = fields.Integer(
        string="Overdue Grace (days)",
        default=0,
        help="An open invoice overdue by more than this puts new orders of the customer on credit hold.",
    )
    oms_send_cancel_mail = fields.Boolean(string="Mail the Customer on Cancel")
    oms_handover_on_won = fields.Boolean(
        string="Hand Over on Won",
        default=True,
        help="Marking an opportunity Won requires a valid quotation, which is frozen and handed over to "
        "operations.",
    )

    oms_advance_percent = fields.Float(
        string="Advance Payment (%)",
        default=0.0,
        help="Share of the order total the customer pays before the order may pass the check 'Advance "
        "payment received' (used by the stages or rules that require it).",
    )

    _sql_constraints = [
        (
            "oms_advance_percent_range",
            "CHECK (oms_advance_percent >= 0 AND oms_advance_percent <= 100)",
            "The advance payment is a share of the order total: between 0 and 100 %.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # A new company starts with the default pipeline: every shared stage and its default rules.
        self.env["oms.pipeline.step"].sudo()._oms_install_pipeline(companies)
        return companies

    def _oms_team_member(self, group_xmlid):
        """The user who acts for the team behind ``group_xmlid`` in this company: the first of its own
        people (managers belong to every team through implied groups, so they come last), or nobody.
        The one answer to "which team member gets the activity" for orders, crons and documents."""
        self.ensure_one()
        group = self.env.ref(group_xmlid)
        manager_group = self.env.ref(GROUP_MANAGER)
        # Group membership is configuration, readable here whatever the current user's rights.
        members = group.sudo().users.filtered(lambda user: self in user.company_ids and not user.share)
        members = members.sorted(
            lambda user: (group != manager_group and manager_group in user.groups_id, user.id)
        )
        return members[:1].with_env(self.env)
