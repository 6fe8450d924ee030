from odoo import api, fields, models


class OmsCancelWizard(models.TransientModel):
    _name = "oms.cancel.wizard"
    _description = "Cancel Order with a Reason"

    order_ids = fields.Many2many("sale.order", required=True)
    company_ids = fields.Many2many("res.company", compute="_compute_company_ids")
    reason_id = fields.Many2one(
        "oms.cancel.reason",
        required=True,
        domain="[('company_id', 'in', [False] + company_ids)]",
    )
    note_required = fields.Boolean(related="reason_id.note_required")
    note = fields.Text()

    @api.depends("order_ids")
    def _compute_company_ids(self):
        for wizard in self:
            wizard.company_ids = wizard.order_ids.company_id

    def action_cancel_orders(self):
        self.ensure_one()
        self.order_ids.action_oms_cancel(self.reason_id.id, note=self.note)
        return {"type": "ir.actions.act_window_close"}
