"""Fulfilment rate (seed 000 §4): share of orders delivered in full by the agreed delivery date.

One row per confirmed pipeline order with an agreed date. Delivered in full means every tranche's proof of
delivery is in and the order is fully dispatched (``oms_pod_received``, set by the POD flow); the delivery
date is the last tranche's POD date, kept on the order (sale_order_tranche_dates.py): this view reads the
orders alone. ``fulfilment_rate`` is 100 for an order delivered in full on or
before its agreed date and 0 otherwise, so its average over any group is that group's rate. The dashboard
counts the orders that are due (agreed date passed) or already delivered (filter "Due or Delivered").
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsFulfilmentReport(models.Model):
    _name = "oms.fulfilment.report"
    _inherit = "oms.kpi.base.report"
    _description = "Fulfilment Rate (Delivered in Full by the Agreed Date)"
    _auto = False
    _rec_name = "order_id"
    _order = "agreed_date desc"

    date_order = fields.Datetime(string="Order Date", readonly=True)
    agreed_date = fields.Date(string="Agreed Delivery Date", readonly=True)
    delivered_date = fields.Date(string="Delivered in Full On", readonly=True)
    in_full_on_time = fields.Boolean(string="Delivered in Full on Time", readonly=True)
    fulfilment_rate = fields.Float(string="Fulfilment Rate (%)", readonly=True, aggregator="avg")

    @api.model
    def _oms_query(self):
        delivered = SQL("CASE WHEN so.oms_pod_received THEN so.oms_last_pod_date END")
        return SQL(
            """
            SELECT so.id AS id, %(order_columns)s, so.date_order AS date_order,
                   so.oms_agreed_date AS agreed_date, %(delivered)s AS delivered_date,
                   COALESCE(%(delivered)s <= so.oms_agreed_date, FALSE) AS in_full_on_time,
                   CASE WHEN %(delivered)s <= so.oms_agreed_date THEN 100.0 ELSE 0.0 END AS fulfilment_rate
              FROM sale_order so
             WHERE so.state = 'sale' AND so.oms_stage_id IS NOT NULL AND so.oms_agreed_date IS NOT NULL
            """,
            order_columns=self._oms_select_order_columns(),
            delivered=delivered,
        )
