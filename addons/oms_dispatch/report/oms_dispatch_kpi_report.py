"""On-time dispatch rate and dispatch ageing (seed 000 §4), one row per order that became ready to dispatch.

Ready to dispatch: the first time the order entered Finished Products or a later stage (a skip counts).
Completely dispatched: the first time it entered Complete Dispatch; its dispatch date is the last
tranche's dispatch date. On time: dispatched on or before the expected dispatch date (the shipment plan's,
else the agreed delivery date); ``on_time_rate`` is 100 or 0 per dispatched order, so its average is the
rate. Orders not completely dispatched fall in an ageing bucket by whole days since ready (0-2, 3-7, 8-15,
over 15), counted to today (UTC) when the dashboard is read.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.oms_handover.oms_pipeline.stages import STAGE_CODES

READY_CODES = STAGE_CODES[STAGE_CODES.index("finished_products") :]
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
            WITH progress AS (
                -- One pass over the history for both dates (see the cycle time report).
                SELECT history.order_id,
                       MIN(history.date) FILTER (
                           WHERE history.to_stage_id = ANY(ARRAY(SELECT id FROM oms_stage WHERE code IN %(ready_codes)s))
                       ) AS ready_date,
                       MIN(history.date) FILTER (
                           WHERE history.to_stage_id = ANY(ARRAY(SELECT id FROM oms_stage WHERE code = 'complete_dispatch'))
                       ) AS complete_date
                  FROM oms_stage_history history
                 WHERE history.kind IN ('move', 'skip')
              GROUP BY history.order_id
            ), tranche AS (
                SELECT picking.sale_id, MAX(picking.oms_dispatch_date) AS dispatch_date
                  FROM stock_picking picking
                  JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                 WHERE picking_type.code = 'outgoing' AND picking.state = 'done'
                   AND picking.sale_id IS NOT NULL AND picking.oms_tranche_cancelled IS NOT TRUE
              GROUP BY picking.sale_id
            ), base AS (
                SELECT so.id AS order_id, progress.ready_date,
                       COALESCE(so.oms_expected_dispatch_date, so.oms_agreed_date) AS expected_date,
                       CASE WHEN progress.complete_date IS NOT NULL
                            THEN COALESCE(tranche.dispatch_date, progress.complete_date::date) END
                           AS dispatched_date
                  FROM progress
                  JOIN sale_order so ON so.id = progress.order_id
                  LEFT JOIN tranche ON tranche.sale_id = so.id
                 WHERE so.state = 'sale' AND progress.ready_date IS NOT NULL
            )
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
              FROM base
              JOIN sale_order so ON so.id = base.order_id
            """,
            ready_codes=READY_CODES,
            order_columns=self._oms_select_order_columns(),
            today=today,
        )
