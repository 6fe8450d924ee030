from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_oms_record_feedback(self):
        """Open the order's feedback, or a new one for it (one feedback per order)."""
        self.ensure_one()
        feedback = self.env["oms.customer.feedback"].search([("order_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Feedback"),
            "res_model": "oms.customer.feedback",
            "view_mode": "form",
            "res_id": feedback.id,
            "target": "current",
            "context": {"default_order_id": self.id},
        }

    def _oms_portal_status_steps(self):
        """(code, label, state) of every customer status, for the portal status bar; state is 'done',
        'current' or 'todo'. Labels come translated from the field's selection."""
        self.ensure_one()
        steps = self._fields["oms_customer_status"]._description_selection(self.env)
        codes = [code for code, _label in steps]
        current = codes.index(self.oms_customer_status) if self.oms_customer_status in codes else -1
        return [
            (code, label, "current" if index == current else ("done" if index < current else "todo"))
            for index, (code, label) in enumerate(steps)
        ]
