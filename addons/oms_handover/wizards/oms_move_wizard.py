from odoo import fields, models


class OmsMoveWizard(models.TransientModel):
    """Move an order to a chosen stage with a note; the engine decides, exactly as for the buttons."""

    _name = "oms.move.wizard"
    _description = "Move Order to Stage"

    order_id = fields.Many2one("sale.order", required=True)
    current_stage_id = fields.Many2one(related="order_id.oms_stage_id")
    stage_id = fields.Many2one("oms.stage", string="Move To", required=True)
    note = fields.Text()

    def action_move(self):
        self.ensure_one()
        self.order_id.action_oms_move(self.stage_id.code, note=self.note)
        return {"type": "ir.actions.act_window_close"}
