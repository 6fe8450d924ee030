"""Order-to-cash cycle time (seed 000 §4): days from confirmation to the order's invoices being paid.

One row per confirmed order with a posted customer invoice. Paid means every posted customer invoice of the
order is paid (or in payment); the paid date is the latest reconciliation date of their receivable lines
(Odoo's ``account.partial.reconcile.max_date``: the later of invoice and payment dates). Confirmation is
the order date, which Odoo sets when the order is confirmed. The invoice and paid dates are kept on the
order (sale_order_cash_dates.py): this view reads the orders alone.
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
        days = SQL("CASE WHEN so.oms_invoices_paid THEN (so.oms_paid_date - so.date_order::date)::float8 END")
        return SQL(
            """
            SELECT so.id AS id, %(order_columns)s, so.date_order AS confirmation_date,
                   so.oms_first_invoice_date AS invoice_date, so.oms_paid_date AS paid_date,
                   COALESCE(so.oms_invoices_paid, FALSE) AS is_paid,
                   %(days)s AS cash_days, %(days)s AS cash_days_median, %(days)s AS cash_days_p90
              FROM sale_order so
             WHERE so.state = 'sale' AND so.oms_first_invoice_date IS NOT NULL
            """,
            order_columns=self._oms_select_order_columns(),
            days=days,
        )
