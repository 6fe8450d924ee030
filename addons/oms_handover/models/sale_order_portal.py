"""What the customer's portal page of an order shows besides the status bar (issue 7): dispatches with
their documents, posted invoices to download, and the feedback request once the goods are delivered.

Hooks return plain values; modules owning the documents fill them (oms_dispatch the tranches and their
challans, oms_gst_india the e-way bills). Every value is read for a customer who passed Odoo's portal
access check on the order (the controller's ``_document_check_access``), hence on a sudo record.
"""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_portal_dispatches(self):
        """Dispatched tranches as dicts: ``date``, ``name``, ``vehicle``, ``lr``, ``eway_bill`` (text),
        ``challan_url`` (or False). Empty without the dispatch module."""
        self.ensure_one()
        return []

    def _oms_portal_challan(self, picking_id):
        """(report xmlid, record) of a challan of this order the customer may download, or None."""
        self.ensure_one()
        return None

    def _oms_portal_invoices(self):
        """Posted customer invoices of the order (cancelled and draft ones are not the customer's)."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        ).sorted("invoice_date")

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
