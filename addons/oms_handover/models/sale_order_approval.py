"""The approvals an order needs by its company's approval matrix (``oms.approval.rule``).

They are worked out when the order is confirmed and again whenever a confirmed order's lines, terms, team or
customer change: a new need opens an approval, an edit beyond what was approved re-opens it, and a need
that went away withdraws a waiting one. While any approval waits or was rejected the order is held, like a
credit hold: it cannot leave Sale Order (check ``approvals_granted``) and oms_dispatch keeps its stock
unreserved. Approvers of the waiting level get an activity and a message by mail.
"""

from odoo import api, fields, models

# The line fields whose change may change what an approval covers (edited on the line itself, over RPC or
# by another add-on, as well as through the order's form).
APPROVAL_LINE_FIELDS = frozenset(
    {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id"}
)
# The order fields whose change may change what an approval covers.
APPROVAL_FIELDS = frozenset(
    {"order_line", "payment_term_id", "team_id", "partner_id", "pricelist_id", "type_id"}
)
OPEN_STATES = ("pending", "rejected")
SUITE_GROUPS = (
    "oms_handover.group_oms_sales,oms_handover.group_oms_procurement,oms_handover.group_oms_production,"
    "oms_handover.group_oms_finance,oms_handover.group_oms_dispatch"
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_approval_ids = fields.One2many("oms.approval", "order_id", string="Approvals", groups=SUITE_GROUPS)
    oms_approvals_waiting = fields.Integer(
        compute="_compute_oms_approvals_waiting", compute_sudo=True, string="Approvals Waiting"
    )

    @api.depends("oms_approval_ids.state")
    def _compute_oms_approvals_waiting(self):
        for order in self:
            order.oms_approvals_waiting = len(
                order.oms_approval_ids.filtered(lambda a: a.state in OPEN_STATES)
            )

    def _oms_awaiting_approval(self):
        """True while a decision the order needs is pending or negative: the credit check's hold or refusal,
        or an approval of the matrix waiting or rejected. The one place that says which orders are held."""
        self.ensure_one()
        if self.oms_credit_state in ("hold", "refused"):
            return True
        # sudo: whoever asks (a storekeeper's availability check) may not read approvals.
        return any(approval.state in OPEN_STATES for approval in self.sudo().oms_approval_ids)

    def _oms_hold_changed(self, was_held):
        """Called after approvals changed, with whether the order was held before (oms_dispatch releases
        or reserves its stock)."""
        return True

    def action_confirm(self):
        result = super().action_confirm()
        self._oms_evaluate_approvals()
        return result

    def write(self, vals):
        result = super().write(vals)
        if APPROVAL_FIELDS & set(vals):
            self.filtered(lambda order: order.state == "sale")._oms_evaluate_approvals()
        return result

    def _oms_approval_rules(self):
        # sudo: the matrix is configuration every role's edit must apply, not only those who may read it.
        return self.env["oms.approval.rule"].sudo().search([("company_id", "=", self.company_id.id)])

    def _oms_evaluate_approvals(self):
        Approval = self.env["oms.approval"].sudo()  # the approvals are the order's bookkeeping, per its rules
        for order in self:
            was_held = order._oms_awaiting_approval()
            for rule in order._oms_approval_rules().filtered(
                lambda rule, order=order: rule._oms_matches(order)
            ):
                trigger = rule._oms_trigger(order)
                latest = order.sudo().oms_approval_ids.filtered(
                    lambda approval, rule=rule: approval.rule_id == rule and approval.state != "withdrawn"
                )[:1]
                if trigger is None:
                    if latest.state in OPEN_STATES:
                        latest.write({"state": "withdrawn"})
                        order._oms_approval_note(latest, self.env._("No longer needed."))
                    continue
                summary, snapshot = trigger
                if not latest:
                    approval = Approval.create(
                        {"order_id": order.id, "rule_id": rule.id, "summary": summary, "snapshot": snapshot}
                    )
                    order._oms_approval_note(approval, self.env._("Approval needed: %(why)s", why=summary))
                    order._oms_notify_approvers(approval)
                elif latest.snapshot == snapshot:
                    continue
                elif latest.state == "approved" and not rule._oms_exceeds(snapshot, latest.approved_snapshot):
                    latest.write({"summary": summary, "snapshot": snapshot})  # within what was approved
                elif latest.state == "pending" and latest.level == 1:
                    latest.write({"summary": summary, "snapshot": snapshot})  # nobody decided on it yet
                else:
                    # Beyond what was approved, a change after a rejection, or a change between levels:
                    # the approval starts again from its first level.
                    latest.write(
                        {
                            "state": "pending",
                            "level": 1,
                            "round": latest.round + 1,
                            "summary": summary,
                            "snapshot": snapshot,
                        }
                    )
                    order._oms_approval_note(
                        latest, self.env._("Re-opened by a change of the order: %(why)s", why=summary)
                    )
                    order._oms_notify_approvers(latest)
            order._oms_hold_changed(was_held)

    def _oms_check_approvals_granted(self):
        failures = []
        for approval in self.sudo().oms_approval_ids.filtered(lambda approval: approval.state in OPEN_STATES):
            if approval.state == "rejected":
                failures.append(
                    self.env._(
                        "%(rule)s was rejected: %(why)s", rule=approval.rule_id.name, why=approval.summary
                    )
                )
            else:
                failures.append(self._oms_approval_waiting_text(approval))
        return failures

    # ----- timeline and notifications -----

    def _oms_approval_label(self, approval):
        return self.env._("Approve: %(rule)s", rule=approval.rule_id.name)

    def _oms_approval_waiting_text(self, approval):
        return self.env._(
            "%(rule)s waits for %(group)s (level %(level)s of %(count)s): %(why)s",
            rule=approval.rule_id.name,
            group=approval.waiting_group_id.full_name,
            level=approval.level,
            count=approval.level_count,
            why=approval.summary,
        )

    def _oms_approval_note(self, approval, text):
        self.message_post(
            body=self.env._("%(rule)s: %(text)s", rule=approval.rule_id.name, text=text),
            subtype_xmlid="mail.mt_note",
        )

    def _oms_notify_approvers(self, approval):
        """An activity for each approver of the waiting level in the order's company, and a message that
        reaches them by mail (or their inbox, as each chose in Odoo)."""
        approvers = approval.waiting_group_id.users.filtered(
            lambda user: not user.share and user.active and self.company_id in user.company_ids
        )
        note = approval.summary
        # sudo: the salesperson whose edit opened the approval schedules the approvers' activities.
        for user in approvers:
            self.sudo()._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self._oms_approval_label(approval),
                note=note,
                user_id=user.id,
            )
        self._oms_post_queued(
            body=self._oms_approval_waiting_text(approval),
            partner_ids=approvers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if not approvers:
            # Nobody could decide: the salesperson is told, rather than the order waiting unseen.
            text = self.env._(
                "No user of %(company)s is in %(group)s: nobody can decide %(rule)s. Ask a Sales Head to add an "
                "approver to the group or to change the approval matrix.",
                company=self.company_id.name,
                group=approval.waiting_group_id.full_name,
                rule=approval.rule_id.name,
            )
            self.message_post(body=text, subtype_xmlid="mail.mt_note")
            self.sudo()._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self.env._("No approver: %(rule)s", rule=approval.rule_id.name),
                note=text,
                user_id=(self.user_id or self.env.user).id,
            )

    def _oms_approval_decided(self, approval, decision, note):
        label = self._oms_approval_label(approval)
        activities = self.sudo().activity_ids.filtered(lambda activity: activity.summary == label)
        # sudo: the decision closes every approver's activity of that level, not only the decider's own.
        activities.sudo().action_feedback(
            feedback=note or dict(approval.decision_ids._fields["decision"].selection)[decision]
        )
        self._oms_approval_note(
            approval,
            self.env._(
                "%(decision)s by %(user)s. %(note)s",
                decision=self.env._("Rejected") if decision == "reject" else self.env._("Approved"),
                user=self.env.user.name,
                note=note or "",
            ),
        )
        if approval.state == "pending":
            self._oms_notify_approvers(approval)  # the next level
        elif approval.state == "rejected":
            self.sudo()._oms_schedule_queued(
                "mail.mail_activity_data_todo",
                summary=self.env._("Approval rejected: %(rule)s", rule=approval.rule_id.name),
                note=note,
                user_id=(self.user_id or self.env.user).id,
            )
        self._oms_hold_changed(was_held=True)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id.filtered(lambda order: order.state == "sale")._oms_evaluate_approvals()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if APPROVAL_LINE_FIELDS & set(vals):
            self.order_id.filtered(lambda order: order.state == "sale")._oms_evaluate_approvals()
        return result
