"""When the order was first invoiced and when its invoices were paid, kept on the order.

The order-to-cash dashboard measures from these dates; found from the invoice lines, the invoices and
their reconciliations on every reading, they cost seconds at a million orders. Paid means every posted
customer invoice of the order is paid or in payment; the paid date is the latest reconciliation date of
their receivable lines (Odoo's ``account.partial.reconcile.max_date``: the later of invoice and payment).
"""

from odoo import api, fields, models
from odoo.tools import SQL

PAID_STATES = ("paid", "in_payment")


def fill_cash_dates_sql(scope):
    """The statement setting the three fields on the orders in ``scope`` (an SQL condition on ``so``) from
    their invoices: for databases that had orders before these fields existed, and bulk-built data."""
    return SQL(
        """
        WITH order_invoice AS (
            SELECT DISTINCT sale_line.order_id, move_line.move_id
              FROM sale_order_line sale_line
              JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sale_line.id
              JOIN account_move_line move_line ON move_line.id = rel.invoice_line_id
              JOIN account_move move ON move.id = move_line.move_id
             WHERE move.state = 'posted' AND move.move_type = 'out_invoice'
        ), invoice AS (
            SELECT order_invoice.order_id, MIN(move.invoice_date) AS invoice_date,
                   BOOL_AND(move.payment_state IN %(paid_states)s) AS paid
              FROM order_invoice
              JOIN account_move move ON move.id = order_invoice.move_id
          GROUP BY order_invoice.order_id
        ), payment AS (
            SELECT order_invoice.order_id, MAX(partial.max_date) AS paid_date
              FROM order_invoice
              JOIN account_move_line receivable ON receivable.move_id = order_invoice.move_id
               AND receivable.display_type = 'payment_term'
              JOIN account_partial_reconcile partial ON partial.debit_move_id = receivable.id
          GROUP BY order_invoice.order_id
        )
        UPDATE sale_order so
           SET oms_first_invoice_date = invoice.invoice_date, oms_invoices_paid = invoice.paid,
               oms_paid_date = CASE WHEN invoice.paid THEN payment.paid_date END
          FROM invoice
          LEFT JOIN payment ON payment.order_id = invoice.order_id
         WHERE so.id = invoice.order_id AND %(scope)s
        """,
        paid_states=PAID_STATES,
        scope=scope,
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_first_invoice_date = fields.Date(
        string="First Invoiced On", compute="_compute_oms_cash_dates", store=True, copy=False
    )
    oms_invoices_paid = fields.Boolean(
        string="Invoices Paid", compute="_compute_oms_cash_dates", store=True, copy=False
    )
    oms_paid_date = fields.Date(string="Paid On", compute="_compute_oms_cash_dates", store=True, copy=False)

    def _oms_protected_fields(self):
        # The dashboards' measures: computed from the invoices alone, never written from a form or RPC.
        return super()._oms_protected_fields() | {
            "oms_first_invoice_date",
            "oms_invoices_paid",
            "oms_paid_date",
        }

    @api.depends(
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.invoice_date",
        "order_line.invoice_lines.move_id.payment_state",
    )
    def _compute_oms_cash_dates(self):
        for order in self:
            invoices = order.order_line.invoice_lines.move_id.filtered(
                lambda move: move.state == "posted" and move.move_type == "out_invoice"
            )
            paid = bool(invoices) and all(move.payment_state in PAID_STATES for move in invoices)
            receivables = invoices.line_ids.filtered(lambda line: line.display_type == "payment_term")
            order.oms_first_invoice_date = min(filter(None, invoices.mapped("invoice_date")), default=False)
            order.oms_invoices_paid = paid
            order.oms_paid_date = paid and max(
                receivables.matched_credit_ids.mapped("max_date"), default=False
            )
