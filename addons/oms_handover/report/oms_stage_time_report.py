"""Time spent in each pipeline stage, one row per completed stay (seed 000 §4).

A stay starts with a history row entering the stage (move, handover confirmation) and ends with the order's
next event (the next move, a cancel, a reopen): the engine stores that end on the row when it writes the
event (``date_left``), so this view reads each row once. Skip rows are not stays (the stage did not apply)
and do not cut a stay short. The stay in the current stage is still open and not measured.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsStageTimeReport(models.Model):
    _name = "oms.stage.time.report"
    _inherit = "oms.kpi.base.report"
    _description = "Time Spent per Pipeline Stage"
    _auto = False
    _rec_name = "stage_id"
    _order = "date_entered desc"

    stage_id = fields.Many2one("oms.stage", readonly=True)
    date_entered = fields.Datetime(string="Entered On", readonly=True)
    date_left = fields.Datetime(string="Left On", readonly=True)
    stage_days = fields.Float(string="Days in Stage (average)", readonly=True, aggregator="avg")
    stage_days_median = fields.Float(string="Days in Stage (median)", readonly=True, aggregator="median")
    stage_days_p90 = fields.Float(string="Days in Stage (90th percentile)", readonly=True, aggregator="p90")

    @api.model
    def _oms_query(self):
        return SQL(
            """
            WITH stay AS (
                -- The duration computed once per row, then shown as three measures.
                SELECT history.id, history.order_id, history.company_id, history.to_stage_id AS stage_id,
                       history.date AS date_entered, history.date_left,
                       EXTRACT(EPOCH FROM history.date_left - history.date)::float8 / 86400.0 AS days
                  FROM oms_stage_history history
                 WHERE history.date_left IS NOT NULL AND history.to_stage_id IS NOT NULL
            )
            SELECT stay.id AS id, %(order_columns)s, stay.stage_id AS stage_id,
                   stay.date_entered AS date_entered, stay.date_left AS date_left,
                   stay.days AS stage_days, stay.days AS stage_days_median, stay.days AS stage_days_p90
              FROM stay
              LEFT JOIN sale_order so ON so.id = stay.order_id
            """,
            # The history's own order and company: a pivot by stage (as a user, with the company rule)
            # then needs no join to the orders (a LEFT JOIN on their key is left out when unused).
            order_columns=self._oms_select_order_columns(
                order_id=SQL("stay.order_id"), company_id=SQL("stay.company_id")
            ),
        )
