"""The one line at the top of an order: what blocks it now and who must act (issue 7, "one screen").

Computed from the same source as the engine's gate: the checks for leaving the current stage towards the
next stage that applies (``guards_for_move`` over the company's rules). The board's situational reasons
(credit hold, a cancelled PO or MO: ``oms_blocking_reason`` of oms_dispatch) are shown when no check
speaks, so a card and the form never disagree. Not stored: computed when one order is opened.
"""

from odoo import api, fields, models

from ..oms_pipeline.applicability import next_applicable_stage
from ..oms_pipeline.roles import GROUP_FINANCE, STAGE_OWNER_GROUP
from ..oms_pipeline.transitions import guards_for_move

# Checks whose fix is another team's work than the stage owner's: Finance decides credit.
GUARD_ACTORS = {"credit_approved": GROUP_FINANCE}
OPERATIONS_LABEL_GROUP = "oms_handover.group_oms_manager"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_blocking_line = fields.Char(
        string="What Blocks",
        compute="_compute_oms_blocking_line",
        help="What keeps the order from its next stage, and the team that must act.",
    )

    @api.depends("oms_stage_id", "oms_handover_state", "state", "oms_credit_state")
    def _compute_oms_blocking_line(self):
        for order in self:
            order.oms_blocking_line = order._oms_blocking_line() if order.id else False

    def _oms_blocking_line(self):
        """Return the line ("Waiting for <team>: <reasons>"), or False when the order is not open in the
        pipeline or nothing is left to do."""
        self.ensure_one()
        if self.state == "cancel":
            return False
        if self.oms_handover_state == "pending" and not self.oms_stage_id:
            return self.env._(
                "Waiting for %(team)s: confirm the handed-over quotation.",
                team=self._oms_group_label(OPERATIONS_LABEL_GROUP),
            )
        current = self.oms_stage_id.code
        if not current:
            return False
        # The checks read purchase, stock and accounting data a role may not read; the line states facts of
        # an order the user may already open, and writes nothing.
        order = self.sudo()
        next_code, _skipped = next_applicable_stage(
            current, order._oms_applicable_facts(), order._oms_config().pipeline
        )
        if not next_code:
            return order._oms_blocking_at_end()
        failures_by_guard = {
            name: order._oms_run_guard(name)
            for name in guards_for_move(current, next_code, order._oms_rules())
        }
        failing = [name for name, failures in failures_by_guard.items() if failures]
        if failing:
            actor = GUARD_ACTORS.get(failing[0]) or self._oms_stage_owner(self.oms_stage_id)
            reasons = [
                " ".join(str(message).split()) for name in failing for message in failures_by_guard[name]
            ]
            return self.env._(
                "Waiting for %(team)s: %(reasons)s",
                team=self._oms_group_label(actor),
                reasons="; ".join(reasons),
            )
        board_reason = self._fields.get("oms_blocking_reason") and self.oms_blocking_reason
        next_stage = self.env["oms.stage"]._by_code(next_code, self.company_id)
        if board_reason:
            return self.env._(
                "Waiting for %(team)s: %(reasons)s",
                team=self._oms_group_label(self._oms_stage_owner(self.oms_stage_id)),
                reasons=board_reason,
            )
        return self.env._(
            "Ready for %(stage)s: waiting for %(team)s to move the order on.",
            stage=next_stage.name,
            team=self._oms_group_label(self._oms_stage_owner(next_stage)),
        )

    def _oms_blocking_at_end(self):
        """At the last stage only the customer's feedback is missing (one feedback per order)."""
        if self.env["oms.customer.feedback"].search_count([("order_id", "=", self.id)], limit=1):
            return False
        return self.env._(
            "Waiting for %(team)s: record the customer's feedback.",
            team=self._oms_group_label(STAGE_OWNER_GROUP["customer_feedback"]),
        )

    def _oms_stage_owner(self, stage):
        """The team owning a stage: its owner groups as the manager configured them, else the default."""
        return stage.sudo().group_ids[:1] or STAGE_OWNER_GROUP.get(stage.code)

    def _oms_group_label(self, group):
        """A group's display name, from a record or an xmlid."""
        if isinstance(group, str):
            group = self.env.ref(group, raise_if_not_found=False)
        return group.sudo().name if group else self.env._("a manager")
