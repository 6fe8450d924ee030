from odoo import api, fields, models


class OmsMoveWizard(models.TransientModel):
    """Move an order to a chosen stage with a note; the engine decides, exactly as for the buttons."""

    _name = "oms.move.wizard"
    _description = "Move Order to Stage"

    order_id = fields.Many2one("sale.order", required=True)
    current_stage_id = fields.Many2one(related="order_id.oms_stage_id")
    allowed_stage_ids = fields.Many2many("oms.stage", compute="_compute_allowed_stage_ids")
    stage_id = fields.Many2one(
        "oms.stage", string="Move To", required=True, domain="[('id', 'in', allowed_stage_ids)]"
    )
    note = fields.Text()

    @api.depends("order_id")
    def _compute_allowed_stage_ids(self):
        # The stages the user may move the order to now (the engine still decides on Move).
        for wizard in self:
            bar = wizard.order_id.oms_pipeline_bar or []
            wizard.allowed_stage_ids = [step["id"] for step in bar if step["allowed"]]

    def action_move(self):
        self.ensure_one()
        self.order_id.action_oms_move(self.stage_id.code, note=self.note)
        return {"type": "ir.actions.act_window_close"}
