"""Order-to-cash cycle time (seed 000 §4): days from confirmation to the order's invoices being paid.

One row per confirmed order with a posted customer invoice. Paid means every posted customer invoice of the
order is paid (or in payment); the paid date is the latest reconciliation date of their receivable lines
(Odoo's ``account.partial.reconcile.max_date``: the later of invoice and payment dates). Confirmation is
the order date, which Odoo sets when the order is confirmed.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsOrderCashReport(models.Model):
    _name = "oms.order.cash.report"
    _inherit = "oms.kpi.base.report"
    _description = "Order-to-Cash Cycle Time"
    _auto = False
    _rec_name = "order_id"
    _order = "confirmation_date desc"

    confirmation_date = fields.Datetime(string="Confirmed On", readonly=True)
    invoice_date = fields.Date(string="First Invoice Date", readonly=True)
    paid_date = fields.Date(string="Paid On", readonly=True)
    is_paid = fields.Boolean(string="Paid", readonly=True)
    cash_days = fields.Float(string="Order to Cash (days, average)", readonly=True, aggregator="avg")
    cash_days_median = fields.Float(string="Order to Cash (days, median)", readonly=True, aggregator="median")
    cash_days_p90 = fields.Float(
        string="Order to Cash (days, 90th percentile)", readonly=True, aggregator="p90"
    )

    @api.model
    def _oms_query(self):
        days = SQL("CASE WHEN invoice.paid THEN (payment.paid_date - so.date_order::date)::float8 END")
        return SQL(
            """
            WITH order_invoice AS (
                SELECT DISTINCT sale_line.order_id, move_line.move_id
                  FROM sale_order_line sale_line
                  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sale_line.id
                  JOIN account_move_line move_line ON move_line.id = rel.invoice_line_id
            ), invoice AS (
                SELECT order_invoice.order_id, MIN(move.invoice_date) AS invoice_date,
                       BOOL_AND(move.payment_state IN ('paid', 'in_payment')) AS paid
                  FROM order_invoice
                  JOIN account_move move ON move.id = order_invoice.move_id
                 WHERE move.state = 'posted' AND move.move_type = 'out_invoice'
              GROUP BY order_invoice.order_id
            ), payment AS (
                SELECT order_invoice.order_id, MAX(partial.max_date) AS paid_date
                  FROM order_invoice
                  JOIN account_move move ON move.id = order_invoice.move_id
                  JOIN account_move_line receivable ON receivable.move_id = move.id
                   AND receivable.display_type = 'payment_term'
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = receivable.id
                 WHERE move.state = 'posted' AND move.move_type = 'out_invoice'
              GROUP BY order_invoice.order_id
            )
            SELECT so.id AS id, %(order_columns)s, so.date_order AS confirmation_date,
                   invoice.invoice_date AS invoice_date,
                   CASE WHEN invoice.paid THEN payment.paid_date END AS paid_date,
                   COALESCE(invoice.paid, FALSE) AS is_paid,
                   %(days)s AS cash_days, %(days)s AS cash_days_median, %(days)s AS cash_days_p90
              FROM sale_order so
              JOIN invoice ON invoice.order_id = so.id
              LEFT JOIN payment ON payment.order_id = so.id
             WHERE so.state = 'sale'
            """,
            order_columns=self._oms_select_order_columns(),
            days=days,
        )
