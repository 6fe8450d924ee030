"""Order cycle time, Closed Won to Invoiced (seed 000 §4), one row per invoiced order.

Closed Won is the order's first pipeline event (the handover, or its confirmation when it was never handed
over); Invoiced is the first time it entered a stage the customer sees as Invoiced (Tax Invoice or later;
entering by a skip counts, the stage then did not apply). Both dates are the order's milestones, which
the database keeps from the stage history (sale_order_milestones.py): this view reads the orders alone.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsCycleTimeReport(models.Model):
    _name = "oms.cycle.time.report"
    _inherit = "oms.kpi.base.report"
    _description = "Order Cycle Time (Closed Won to Invoiced)"
    _auto = False
    _rec_name = "order_id"
    _order = "invoiced_date desc"

    won_date = fields.Datetime(string="Closed Won On", readonly=True)
    invoiced_date = fields.Datetime(string="Invoiced On", readonly=True)
    cycle_days = fields.Float(string="Cycle Time (days, average)", readonly=True, aggregator="avg")
    cycle_days_median = fields.Float(string="Cycle Time (days, median)", readonly=True, aggregator="median")
    cycle_days_p90 = fields.Float(
        string="Cycle Time (days, 90th percentile)", readonly=True, aggregator="p90"
    )

    @api.model
    def _oms_query(self):
        days = SQL("EXTRACT(EPOCH FROM so.oms_invoiced_date - so.oms_won_date)::float8 / 86400.0")
        return SQL(
            """
            SELECT so.id AS id, %(order_columns)s,
                   so.oms_won_date AS won_date, so.oms_invoiced_date AS invoiced_date,
                   %(days)s AS cycle_days, %(days)s AS cycle_days_median, %(days)s AS cycle_days_p90
              FROM sale_order so
             WHERE so.state != 'cancel' AND so.oms_invoiced_date IS NOT NULL AND so.oms_won_date IS NOT NULL
            """,
            order_columns=self._oms_select_order_columns(),
            days=days,
        )
