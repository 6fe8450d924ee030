"""On-time dispatch rate and dispatch ageing (seed 000 §4), one row per order that became ready to dispatch.

Ready to dispatch: the first time the order entered Finished Products or a later stage (a skip counts).
Completely dispatched: the first time it entered Complete Dispatch; its dispatch date is the last
tranche's dispatch date. Both first times are the order's milestones, kept on the order from its stage
history (oms_handover's sale_order_milestones.py), and the last dispatch date is kept on the order too
(sale_order_tranche_dates.py): this view reads the orders alone. On time: dispatched on or before the expected dispatch date (the shipment plan's,
else the agreed delivery date); ``on_time_rate`` is 100 or 0 per dispatched order, so its average is the
rate. Orders not completely dispatched fall in an ageing bucket by whole days since ready (0-2, 3-7, 8-15,
over 15), counted to today (UTC) when the dashboard is read.
"""

from odoo import api, fields, models
from odoo.tools import SQL

AGEING_BUCKETS = [
    ("0_2", "0-2 days"),
    ("3_7", "3-7 days"),
    ("8_15", "8-15 days"),
    ("over_15", "Over 15 days"),
]


class OmsDispatchKpiReport(models.Model):
    _name = "oms.dispatch.kpi.report"
    _inherit = "oms.kpi.base.report"
    _description = "On-time Dispatch and Dispatch Ageing"
    _auto = False
    _rec_name = "order_id"
    _order = "ready_date desc"

    ready_date = fields.Datetime(string="Ready to Dispatch On", readonly=True)
    expected_date = fields.Date(string="Expected Dispatch Date", readonly=True)
    dispatched_date = fields.Date(string="Completely Dispatched On", readonly=True)
    is_dispatched = fields.Boolean(string="Completely Dispatched", readonly=True)
    on_time_rate = fields.Float(string="On-time Dispatch (%)", readonly=True, aggregator="avg")
    dispatch_days = fields.Float(string="Ready to Dispatched (days)", readonly=True, aggregator="avg")
    age_days = fields.Integer(string="Days Waiting", readonly=True, aggregator="max")
    ageing_bucket = fields.Selection(AGEING_BUCKETS, string="Ageing", readonly=True)

    @api.model
    def _oms_query(self):
        today = SQL("(NOW() AT TIME ZONE 'UTC')::date")
        return SQL(
            """
            SELECT so.id AS id, %(order_columns)s, base.ready_date, base.expected_date,
                   base.dispatched_date, base.dispatched_date IS NOT NULL AS is_dispatched,
                   CASE WHEN base.dispatched_date IS NULL OR base.expected_date IS NULL THEN NULL
                        WHEN base.dispatched_date <= base.expected_date THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   (base.dispatched_date - base.ready_date::date)::float8 AS dispatch_days,
                   CASE WHEN base.dispatched_date IS NULL THEN %(today)s - base.ready_date::date END AS age_days,
                   CASE WHEN base.dispatched_date IS NOT NULL THEN NULL
                        WHEN %(today)s - base.ready_date::date <= 2 THEN '0_2'
                        WHEN %(today)s - base.ready_date::date <= 7 THEN '3_7'
                        WHEN %(today)s - base.ready_date::date <= 15 THEN '8_15'
                        ELSE 'over_15' END AS ageing_bucket
              FROM sale_order so
             CROSS JOIN LATERAL (
                 SELECT so.oms_ready_date AS ready_date,
                        COALESCE(so.oms_expected_dispatch_date, so.oms_agreed_date) AS expected_date,
                        CASE WHEN so.oms_complete_date IS NOT NULL
                             THEN COALESCE(so.oms_last_dispatch_date, so.oms_complete_date::date) END
                            AS dispatched_date
             ) base
             WHERE so.state = 'sale' AND so.oms_ready_date IS NOT NULL
            """,
            order_columns=self._oms_select_order_columns(),
            today=today,
        )
