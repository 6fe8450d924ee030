from odoo import fields, models


class OmsCancelWizard(models.TransientModel):
    _name = "oms.cancel.wizard"
    _description = "Cancel Order with a Reason"

    order_ids = fields.Many2many("sale.order", required=True)
    reason_id = fields.Many2one("oms.cancel.reason", required=True)
    note_required = fields.Boolean(related="reason_id.note_required")
    note = fields.Text()

    def action_cancel_orders(self):
        self.ensure_one()
        self.order_ids.action_oms_cancel(self.reason_id.id, note=self.note)
        return {"type": "ir.actions.act_window_close"}
