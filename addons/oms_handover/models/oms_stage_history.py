from odoo import fields, models


class OmsStageHistory(models.Model):
    """One row per pipeline event of an order: move, skip, cancel, reopen, handover. Rows are written by
    the engine only (no create/write rights for users), so the timeline is an audit trail."""

    _name = "oms.stage.history"
    _description = "Order Pipeline History"
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    # Set by the engine from the order (a stored related field would cost an extra UPDATE per move).
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    from_stage_id = fields.Many2one("oms.stage")
    to_stage_id = fields.Many2one("oms.stage")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    kind = fields.Selection(
        [
            ("handover", "Handover"),
            ("move", "Move"),
            ("skip", "Skipped"),
            ("cancel", "Cancelled"),
            ("reopen", "Reopened"),
        ],
        required=True,
        default="move",
    )
    note = fields.Text()
