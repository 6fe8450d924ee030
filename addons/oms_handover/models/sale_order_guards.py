"""Checks an order must pass before it leaves a stage (ARCHITECTURE.md, "may be left when").

Each ``_check_oms_<name>`` returns a list of failure messages, empty when the check passes; rules name
them in ``guard_names``. This module implements the Sale Order checks and the defaults of the others
from what plain Odoo knows; the module owning a stage's data overrides its checks (oms_dispatch for
receipts, shipment and delivery notes, oms_gst_india for invoices and e-way bills).
"""

from odoo import models

from ..oms_pipeline.duplicates import duplicate_warning


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _check_oms_order_header_complete(self):
        missing = [
            label
            for label, value in (
                (self.env._("customer PO reference"), self.client_order_ref),
                (self.env._("agreed delivery date"), self.oms_agreed_date),
                (self.env._("payment terms"), self.payment_term_id),
            )
            if not value
        ]
        if not missing:
            return []
        listed = ", ".join(missing)
        return [
            self.env._(
                "%(fields)s required before leaving Sale Order (order %(order)s).",
                fields=listed[:1].upper() + listed[1:],
                order=self.name,
            )
        ]

    def _check_oms_order_has_lines(self):
        if self.order_line.filtered(
            lambda line: not line.display_type and line.product_id and line.product_uom_qty > 0
        ):
            return []
        return [self.env._("Order %(order)s has no product line.", order=self.name)]

    def _check_oms_credit_approved(self):
        if self.oms_credit_state in ("passed", "sanctioned"):
            return []
        if self.oms_credit_state == "refused":
            return [self.env._("Finance refused the credit of order %(order)s.", order=self.name)]
        return [self.env._("Order %(order)s is on credit hold: Finance must sanction it.", order=self.name)]

    def _check_oms_duplicates_acknowledged(self):
        duplicates = self._oms_find_duplicate_orders()
        if not duplicates or self.oms_duplicates_acknowledged:
            return []
        message = duplicate_warning(duplicates.mapped("name"))
        return [self._oms_translate(message)]

    # Stages whose data lives in other modules: without those modules the stage never applies (purchase,
    # manufacturing, e-way bill) or plain Odoo's records decide.

    def _check_oms_purchase_receipts_complete(self):
        return []

    def _check_oms_production_complete(self):
        return []

    def _check_oms_assembly_plan_complete(self):
        return []

    def _check_oms_finished_goods_ready(self):
        return []

    def _check_oms_commercial_invoice_issued(self):
        if self.invoice_ids.filtered(lambda move: move.state != "cancel"):
            return []
        return [self.env._("Create the commercial invoice of order %(order)s first.", order=self.name)]

    def _check_oms_tax_invoice_posted(self):
        if self.invoice_ids.filtered(lambda move: move.state == "posted" and move.move_type == "out_invoice"):
            return []
        return [self.env._("Post the tax invoice of order %(order)s first.", order=self.name)]

    def _check_oms_shipment_planned(self):
        return []

    def _check_oms_delivery_note_exists(self):
        return []

    def _check_oms_eway_bill_generated(self):
        return []
