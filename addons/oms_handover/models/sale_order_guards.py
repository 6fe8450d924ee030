"""Checks an order must pass before it leaves a stage (ARCHITECTURE.md, "may be left when").

Each ``_oms_check_<code>`` returns a list of failure messages, empty when the check passes; the check is
registered as an ``oms.check`` record (data/oms_check_data.xml), which rules and stages pick. This module
implements the Sale Order checks and the invoice checks from what plain Odoo knows (oms_gst_india refines
those); each add-on owning a stage's data (purchase receipts, production, shipment, e-way bill) registers
and runs its own checks.
"""

from odoo import models, tools


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_check_order_header_complete(self):
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

    def _oms_check_order_has_lines(self):
        if self.order_line.filtered(
            lambda line: not line.display_type and line.product_id and line.product_uom_qty > 0
        ):
            return []
        return [self.env._("Order %(order)s has no product line.", order=self.name)]

    def _oms_check_credit_approved(self):
        if self.oms_credit_state in ("passed", "sanctioned"):
            return []
        if self.oms_credit_state == "refused":
            return [self.env._("Finance refused the credit of order %(order)s.", order=self.name)]
        return [self.env._("Order %(order)s is on credit hold: Finance must sanction it.", order=self.name)]

    def _oms_check_duplicates_acknowledged(self):
        if self.oms_duplicates_acknowledged:
            return []
        matches, _orders = self._oms_duplicate_matches()
        return [self._oms_duplicate_warning_text(matches)] if matches else []

    # The checks of stages whose data lives in other add-ons (purchase receipts, production, shipment,
    # e-way bill) are registered and run by those add-ons; plain Odoo's invoices decide these two.

    def _oms_check_commercial_invoice_issued(self):
        if self.invoice_ids.filtered(lambda move: move.state != "cancel"):
            return []
        return [self.env._("Create the commercial invoice of order %(order)s first.", order=self.name)]

    def _oms_check_tax_invoice_posted(self):
        if self.invoice_ids.filtered(lambda move: move.state == "posted" and move.move_type == "out_invoice"):
            return []
        return [self.env._("Post the tax invoice of order %(order)s first.", order=self.name)]

    # ----- checks a consultant adds to a company's own stages or rules -----

    def _oms_paid_amount(self):
        """What the customer has paid against this order, in the order's currency: the paid part of its
        posted invoices (down payments included) net of credit notes, plus online payments done that no
        invoice counts yet."""
        # sudo: payments are Finance's documents; whether the advance is in is a fact every role needs.
        order = self.sudo()
        moves = order.invoice_ids.filtered(lambda move: move.state == "posted")
        paid = sum(
            (move.amount_total - move.amount_residual) * (-1 if move.move_type == "out_refund" else 1)
            for move in moves
        )
        transactions = order.transaction_ids.filtered(lambda tx: tx.state == "done" and not tx.invoice_ids)
        paid += sum(transactions.mapped("amount"))
        return paid

    def _oms_check_advance_payment_received(self):
        percent = self.company_id.oms_advance_percent
        needed = self.currency_id.round(self.amount_total * percent / 100.0)
        paid = self._oms_paid_amount()
        if not percent or self.currency_id.compare_amounts(paid, needed) >= 0:
            return []
        return [
            self.env._(
                "Order %(order)s needs an advance of %(percent)s%% (%(needed)s); %(paid)s is paid.",
                order=self.name,
                percent=f"{percent:g}",
                needed=tools.format_amount(self.env, needed, self.currency_id),
                paid=tools.format_amount(self.env, paid, self.currency_id),
            )
        ]

    def _oms_check_customer_po_attached(self):
        missing = []
        if not self.client_order_ref:
            missing.append(
                self.env._("Enter the customer's PO reference of order %(order)s.", order=self.name)
            )
        # sudo: the attachment's existence is the fact; reading it is not needed.
        if (
            not self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "sale.order"), ("res_id", "=", self.id)], limit=1)
        ):
            missing.append(
                self.env._(
                    "Attach the customer's PO document to order %(order)s (in the chatter).", order=self.name
                )
            )
        return missing
