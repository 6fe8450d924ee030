"""What the customer's portal page of an order shows besides the status bar: posted invoices to download,
which of our teams the order is waiting on, and the feedback request once the goods are delivered
(oms_dispatch adds the dispatches with their challans and e-way bills).

Every value is read for a customer who passed Odoo's portal access check on the order (the controller's
``_document_check_access``), hence on a sudo record.
"""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_portal_invoices(self):
        """Posted customer invoices of the order (cancelled and draft ones are not the customer's)."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        ).sorted("invoice_date")

    def _oms_portal_waiting_on(self):
        """Names of the teams the order is waiting on, from the same answer as the form's line and the
        board's card (``_oms_blockers``). Only the teams: the reasons are internal (credit, documents in
        trouble) and the customer asked "where is my order?", not "why"."""
        self.ensure_one()
        if self.state != "sale":
            return []
        teams = dict.fromkeys(self._oms_group_label(team) for team, _message in self._oms_blockers())
        return list(teams)

    def _oms_portal_feedback_open(self):
        """Whether the customer may give feedback now: delivered, and no feedback yet (one per order)."""
        self.ensure_one()
        return (
            self.state == "sale"
            and self.oms_customer_status == "delivered"
            and not self.env["oms.customer.feedback"]
            .sudo()
            .search_count([("order_id", "=", self.id)], limit=1)
        )

    def _oms_portal_url(self, suffix):
        """A portal URL of this order carrying its access token (as Odoo's own portal links do)."""
        return f"/my/orders/{self.id}/{suffix}?access_token={self._portal_ensure_token()}"
