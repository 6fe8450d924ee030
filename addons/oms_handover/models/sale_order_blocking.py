"""What keeps an order from moving on, and who must act: one answer, ``_oms_blockers()``, read by the
form's top line, the board card and the timeline (issue 14, point 4).

Two sources, in this order: the checks the engine would run for the move to the next stage that applies
(``guards_for_move`` over the company's rules), and the order's situation, which add-ons extend with
``_oms_situations`` (credit hold here; a cancelled purchase or manufacturing order, a rejected IRN,
an e-way bill refused or about to expire, a failed Tally sync in theirs). The board reads the situation
only (one card is not worth running every check), for all its cards at once: each add-on finds its
situations with one search for the whole recordset. Not stored: computed when an order is shown.
"""

from odoo import api, fields, models

from ..oms_pipeline.applicability import next_applicable_stage
from ..oms_pipeline.roles import GROUP_FINANCE, GROUP_MANAGER, STAGE_OWNER_GROUP
from ..oms_pipeline.transitions import guards_for_move

# Checks whose fix is another team's work than the stage owner's: Finance decides credit.
GUARD_ACTORS = {"credit_approved": GROUP_FINANCE}


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

    # ----- the one answer -----

    def _oms_blockers(self, with_checks=True, situations=None, next_code=False):
        """[(team, message)]: what keeps the order from moving on and the team that must act (a group
        record or xml id), most pressing first. ``with_checks``: also run the checks of the move to the
        next stage (the form does; the board does not). ``situations``: this order's, when the caller
        found them for many orders at once; ``next_code``: the next stage, when the caller knows it."""
        self.ensure_one()
        if self.state == "cancel":
            return []
        if self.oms_handover_state == "pending" and not self.oms_stage_id:
            # The next step rather than a situation: the board's card says "awaiting confirmation" already.
            return [(GROUP_MANAGER, self.env._("confirm the handed-over quotation."))] if with_checks else []
        if not self.oms_stage_id:
            return []
        # Checks and situations read purchase, stock, accounting and Tally data a role may not read; the
        # answer states facts of an order the user may already open, and writes nothing.
        order = self.sudo()
        blockers, failing = [], set()
        if with_checks:
            for name, team, message in order._oms_check_blockers(next_code):
                failing.add(name)
                blockers.append((team, message))
        if situations is None:
            situations = order._oms_situations().get(order.id, [])
        blockers.extend((team, message) for key, team, message in situations if key not in failing)
        return blockers

    def _oms_next_code(self):
        """The next stage that applies to the order (None at the end)."""
        return next_applicable_stage(
            self._oms_current_code(), self._oms_applicable_facts(), self._oms_config().pipeline
        )[0]

    def _oms_check_blockers(self, next_code=False):
        """[(check, team, message)] of the checks failing for the move to the next stage that applies; at
        the last stage, the customer's feedback still missing."""
        if next_code is False:
            next_code = self._oms_next_code()
        if not next_code:
            return self._oms_blockers_at_end()
        found = []
        for name in guards_for_move(self._oms_current_code(), next_code, self._oms_config().rules):
            failures = self._oms_run_guard(name)
            if failures:
                team = GUARD_ACTORS.get(name) or self._oms_stage_owner(self.oms_stage_id)
                found.append((name, team, "; ".join(" ".join(str(message).split()) for message in failures)))
        return found

    def _oms_situations(self):
        """{order id: [(key, team, message)]}: what each order's situation blocks, whatever the next
        check; ``key`` names the check saying the same, so the form does not say it twice. Add-ons add
        theirs, with one search for all the orders (the board asks for a page of cards at once)."""
        labels = {"hold": self.env._("Credit hold"), "refused": self.env._("Credit refused")}
        return {
            order.id: [("credit_approved", GROUP_FINANCE, labels[order.oms_credit_state])]
            if order.oms_credit_state in labels
            else []
            for order in self
        }

    def _oms_blockers_at_end(self):
        """At the last stage only the customer's feedback is missing (one feedback per order)."""
        if self.env["oms.customer.feedback"].search_count([("order_id", "=", self.id)], limit=1):
            return []
        return [
            (
                "feedback",
                STAGE_OWNER_GROUP["customer_feedback"],
                self.env._("record the customer's feedback."),
            )
        ]

    # ----- how the form says it -----

    def _oms_blocking_line(self):
        """ "Waiting for <team>: <reasons>" per team, or "Ready for <stage>" when nothing blocks; False when
        the order is not open in the pipeline or nothing is left to do."""
        self.ensure_one()
        # The next stage, found once for the checks and the sentence; sudo: the facts deciding it read
        # documents the user may not read (see _oms_blockers).
        in_pipeline = self.state != "cancel" and self.oms_stage_id
        next_code = self.sudo()._oms_next_code() if in_pipeline else None
        blockers = self._oms_blockers(next_code=next_code)
        if blockers:
            by_team = {}
            for team, message in blockers:
                by_team.setdefault(self._oms_group_label(team), []).append(message)
            return " · ".join(
                self.env._("Waiting for %(team)s: %(reasons)s", team=team, reasons="; ".join(messages))
                for team, messages in by_team.items()
            )
        if not next_code:
            return False
        next_stage = self.env["oms.stage"].browse(self._oms_config().stage_ids[next_code])
        return self.env._(
            "Ready for %(stage)s: waiting for %(team)s to move the order on.",
            stage=next_stage.name,
            team=self._oms_group_label(self._oms_stage_owner(next_stage)),
        )

    def _oms_stage_owner(self, stage):
        """The team owning a stage: its owner groups as the manager configured them, else the default."""
        return stage.sudo().group_ids[:1] or STAGE_OWNER_GROUP.get(stage.code)

    def _oms_group_label(self, group):
        """A group's display name, from a record or an xmlid."""
        if isinstance(group, str):
            group = self.env.ref(group, raise_if_not_found=False)
        return group.sudo().name if group else self.env._("a manager")
