"""Customer satisfaction (CSAT, the average 1-5 rating) and Net Promoter Score, one row per feedback.

NPS = % promoters (9-10) - % detractors (0-6). Each row carries its contribution (+100, 0, -100), so the
average of ``nps_score`` over any group is that group's NPS; feedback without an NPS answer counts in
neither (NULL is left out of the average).
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsFeedbackReport(models.Model):
    _name = "oms.feedback.report"
    _inherit = "oms.kpi.base.report"
    _description = "Customer Satisfaction and NPS"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    date = fields.Date(readonly=True)
    rating = fields.Float(string="CSAT (average rating)", readonly=True, aggregator="avg")
    nps = fields.Integer(string="NPS Answer", readonly=True, aggregator=None)
    nps_score = fields.Float(string="NPS", readonly=True, aggregator="avg")
    promoter_rate = fields.Float(string="Promoters (%)", readonly=True, aggregator="avg")
    detractor_rate = fields.Float(string="Detractors (%)", readonly=True, aggregator="avg")

    @api.model
    def _oms_query(self):
        return SQL(
            """
            SELECT feedback.id AS id, %(order_columns)s, feedback.date AS date,
                   feedback.rating::float8 AS rating, feedback.nps AS nps,
                   CASE WHEN feedback.nps IS NULL THEN NULL
                        WHEN feedback.nps >= 9 THEN 100.0
                        WHEN feedback.nps <= 6 THEN -100.0
                        ELSE 0.0 END AS nps_score,
                   CASE WHEN feedback.nps IS NULL THEN NULL
                        WHEN feedback.nps >= 9 THEN 100.0 ELSE 0.0 END AS promoter_rate,
                   CASE WHEN feedback.nps IS NULL THEN NULL
                        WHEN feedback.nps <= 6 THEN 100.0 ELSE 0.0 END AS detractor_rate
              FROM oms_customer_feedback feedback
              JOIN sale_order so ON so.id = feedback.order_id
            """,
            order_columns=self._oms_select_order_columns(),
        )
