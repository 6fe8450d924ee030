"""Notifications of the sales rep on their order's progress (issue 7, "Alerts"). Operations on handover
and Finance on credit hold are the team activities of sale_order_handover / sale_order_credit, switched by
the same company settings."""

from odoo import models

DISPATCH_CODES = ("partial_dispatch", "complete_dispatch")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_after_move(self, previous, target):
        result = super()._oms_after_move(previous, target)
        if previous.customer_status != "invoiced" and target.customer_status == "invoiced":
            self._oms_notify_rep("rep_invoiced", self.env._("Order %(order)s is invoiced.", order=self.name))
        if target.code in DISPATCH_CODES:
            self._oms_notify_rep(
                "rep_dispatched",
                self.env._("Order %(order)s: %(stage)s.", order=self.name, stage=target.name),
            )
        return result

    def _oms_notify_rep(self, event, body):
        """Notify the order's salesperson (inbox or mail, as the user chose) when the company wants it."""
        self.ensure_one()
        rep = self.user_id
        if not rep or not self.company_id._oms_notifies(event):
            return
        self._oms_post_queued(body=body, partner_ids=rep.partner_id.ids, subtype_xmlid="mail.mt_note")
