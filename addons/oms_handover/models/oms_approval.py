"""One approval an order needs, by the rule that asked for it, and the decisions taken on it.

An approval waits level by level: each level is approved by a member of its group who approved no earlier
level of it (four eyes); a rejection ends it. What was approved is kept (``approved_snapshot``): an edit of
the order that goes beyond it re-opens the approval from its first level. Every decision (who, when, why) is
a row of ``decision_ids`` and a note on the order's timeline.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class OmsApproval(models.Model):
    _name = "oms.approval"
    _description = "Order Approval"
    _order = "id desc"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    rule_id = fields.Many2one("oms.approval.rule", required=True, ondelete="restrict", readonly=True)
    kind = fields.Selection(related="rule_id.kind", store=True)
    state = fields.Selection(
        [
            ("pending", "Waiting"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("withdrawn", "No Longer Needed"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    summary = fields.Text(readonly=True, help="Why the order needs this approval.")
    snapshot = fields.Json(readonly=True, help="What the order asks for now, in the rule's terms.")
    approved_snapshot = fields.Json(readonly=True, help="What was approved.")
    level = fields.Integer(default=1, readonly=True, help="The level waiting for a decision, from 1.")
    level_count = fields.Integer(compute="_compute_level_count")
    # Stored: "my approvals to decide" searches it (its users).
    waiting_group_id = fields.Many2one(
        "res.groups", compute="_compute_waiting_group_id", string="Waiting For", store=True
    )
    round = fields.Integer(default=1, readonly=True, help="How many times the approval was opened.")
    decision_ids = fields.One2many("oms.approval.decision", "approval_id", readonly=True)

    @api.depends("rule_id.level_ids")
    def _compute_level_count(self):
        for approval in self:
            approval.level_count = len(approval.rule_id.level_ids)

    @api.depends("state", "level", "rule_id.level_ids.group_id", "rule_id.level_ids.sequence")
    def _compute_waiting_group_id(self):
        for approval in self:
            level = approval.rule_id.level_ids[approval.level - 1 : approval.level]
            approval.waiting_group_id = level.group_id if approval.state == "pending" else False

    def _oms_check_approver(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("This approval was decided already."))
        group = self.waiting_group_id
        if not self.env.su and group not in self.env.user.groups_id:
            raise AccessError(
                self.env._(
                    "Only a member of %(group)s may decide level %(level)s of this approval of order %(order)s.",
                    group=group.full_name,
                    level=self.level,
                    order=self.order_id.name,
                )
            )
        earlier = self.decision_ids.filtered(lambda decision: decision.round == self.round)
        if self.env.user in earlier.user_id:
            raise AccessError(
                self.env._(
                    "You approved an earlier level of this approval of order %(order)s: another approver "
                    "must decide this one.",
                    order=self.order_id.name,
                )
            )

    def action_oms_open_decision(self):
        self.ensure_one()
        self._oms_check_approver()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide: %(rule)s", rule=self.rule_id.name),
            "res_model": "oms.approval.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_approval_id": self.id},
        }

    def action_oms_approve(self, note=None):
        return self._oms_decide("approve", note)

    def action_oms_reject(self, note=None):
        if not (note or "").strip():
            raise UserError(
                self.env._("Give the reason for the rejection: the salesperson and the customer need it.")
            )
        return self._oms_decide("reject", note)

    def _oms_decide(self, decision, note):
        for approval in self:
            approval._oms_check_approver()
            order = approval.order_id
            # sudo: the approver decides this approval; the decision row and the state are the record's
            # own bookkeeping, which no role writes directly.
            approval.sudo().decision_ids = [
                fields.Command.create(
                    {
                        "level": approval.level,
                        "round": approval.round,
                        "decision": decision,
                        "user_id": self.env.uid,
                        "note": note or False,
                    }
                )
            ]
            final = decision == "reject" or approval.level >= approval.level_count
            values = {}
            if decision == "reject":
                values["state"] = "rejected"
            elif final:
                values.update(state="approved", approved_snapshot=approval.snapshot)
            else:
                values["level"] = approval.level + 1
            approval.sudo().write(values)
            order._oms_approval_decided(approval, decision, note)
        return True


class OmsApprovalDecision(models.Model):
    _name = "oms.approval.decision"
    _description = "Order Approval Decision"
    _order = "id"

    approval_id = fields.Many2one("oms.approval", required=True, ondelete="cascade", index=True)
    level = fields.Integer(required=True)
    round = fields.Integer(required=True, default=1)
    decision = fields.Selection([("approve", "Approved"), ("reject", "Rejected")], required=True)
    user_id = fields.Many2one("res.users", string="By", required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    note = fields.Text(string="Why")
