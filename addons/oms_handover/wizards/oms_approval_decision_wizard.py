from odoo import fields, models


class OmsApprovalDecisionWizard(models.TransientModel):
    """An approver's decision on one level of an order's approval, with the reason on the timeline."""

    _name = "oms.approval.decision.wizard"
    _description = "Decide an Order Approval"

    approval_id = fields.Many2one("oms.approval", required=True, readonly=True)
    order_id = fields.Many2one(related="approval_id.order_id")
    summary = fields.Text(related="approval_id.summary")
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    note = fields.Text(
        string="Why", help="Required for a rejection; kept with the decision and on the timeline."
    )

    def action_apply(self):
        if self.decision == "reject":
            self.approval_id.action_oms_reject(self.note)
        else:
            self.approval_id.action_oms_approve(self.note)
        return {"type": "ir.actions.act_window_close"}
