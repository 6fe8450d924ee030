"""Invoices of pipeline orders: the quantities each invoice covers per order line, and no invoice that
takes a line beyond what was ordered where the company's dispatch gate is on (goods are dispatched against
posted invoices, so an over-invoiced line would let more goods leave than the customer ordered)."""

from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_quantities_by_sale_line(self):
        """{sale line: quantity in the line's unit} this invoice covers (credit notes count negative)."""
        quantities = defaultdict(float)
        sign = -1 if self.move_type == "out_refund" else 1
        for invoice_line in self.invoice_line_ids.filtered("sale_line_ids"):
            for sale_line in invoice_line.sale_line_ids:
                quantities[sale_line] += sign * invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, sale_line.product_uom
                )
        return dict(quantities)

    def _oms_sale_lines_differing(self, quantities):
        """Sale lines whose quantity on this invoice is not the one in ``quantities`` ({sale line: qty})."""
        invoiced = self._oms_quantities_by_sale_line()
        return [
            line
            for line in set(invoiced) | set(quantities)
            if float_compare(
                invoiced.get(line, 0.0),
                quantities.get(line, 0.0),
                precision_rounding=line.product_uom.rounding,
            )
        ]

    def _post(self, soft=True):
        for invoice in self.filtered(lambda move: move.move_type == "out_invoice"):
            invoice._oms_check_not_beyond_ordered()
        return super()._post(soft=soft)

    def _oms_check_not_beyond_ordered(self):
        # sudo: the ordered and invoiced quantities of the order lines, whoever posts.
        sale_lines = self.sudo().invoice_line_ids.sale_line_ids.filtered(
            lambda line: (
                line.order_id.oms_stage_id
                # Only where goods leave against invoices (the company's dispatch gate): with the gate off
                # Odoo's own rule holds, which invoices what was delivered even beyond the order.
                and line.order_id.company_id.oms_dispatch_gate
                and line.product_uom
                and not line.is_downpayment
                and not line.display_type
                and line.product_id.type != "service"
            )
        )
        for sale_line in sale_lines:
            invoiced = sale_line._oms_invoiced_quantity(lambda move: move.state == "posted" or move == self)
            if (
                float_compare(
                    invoiced, sale_line.product_uom_qty, precision_rounding=sale_line.product_uom.rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s would invoice %(invoiced)s of line %(line)s, beyond the %(ordered)s "
                        "ordered on %(order)s. Correct the quantity, or amend the order first.",
                        invoice=self.name or self.env._("(draft)"),
                        invoiced=invoiced,
                        line=sale_line._oms_label(),
                        ordered=sale_line.product_uom_qty,
                        order=sale_line.order_id.name,
                    )
                )
