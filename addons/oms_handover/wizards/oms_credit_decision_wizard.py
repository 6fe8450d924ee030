from odoo import fields, models


class OmsCreditDecisionWizard(models.TransientModel):
    """Finance's approval screen for an order on credit hold: exposure, limit, reasons and the customer's
    receivables ageing side by side, then sanction or refuse with a note."""

    _name = "oms.credit.decision.wizard"
    _description = "Credit Decision"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    currency_id = fields.Many2one(related="order_id.company_currency_id")
    exposure = fields.Monetary(related="order_id.oms_credit_exposure")
    credit_limit = fields.Monetary(related="order_id.oms_credit_limit")
    reasons = fields.Text(related="order_id.oms_credit_reasons")
    ageing_not_due = fields.Monetary(related="order_id.oms_ageing_not_due")
    ageing_0_30 = fields.Monetary(related="order_id.oms_ageing_0_30")
    ageing_31_60 = fields.Monetary(related="order_id.oms_ageing_31_60")
    ageing_61_90 = fields.Monetary(related="order_id.oms_ageing_61_90")
    ageing_90_plus = fields.Monetary(related="order_id.oms_ageing_90_plus")
    note = fields.Text(required=True)

    def action_sanction(self):
        self.order_id.action_oms_credit_sanction(self.note)
        return {"type": "ir.actions.act_window_close"}

    def action_refuse(self):
        self.order_id.action_oms_credit_refuse(self.note)
        return {"type": "ir.actions.act_window_close"}
