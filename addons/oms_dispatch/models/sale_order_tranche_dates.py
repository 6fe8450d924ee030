"""When the order's tranches left and reached the customer, kept on the order.

The dispatch and fulfilment dashboards measure from the last tranche's dispatch and proof-of-delivery
dates. Aggregated from every delivery on each reading they cost a second and more at a million orders;
stored on the order, the dashboards read one row per order. A tranche is a done outgoing delivery of the
order that was not cancelled (``stock.picking._oms_is_tranche``).
"""

from odoo import api, fields, models
from odoo.tools import SQL


def fill_tranche_dates_sql(scope):
    """The statement setting both dates on the orders in ``scope`` (an SQL condition on ``so``) from
    their tranches: for databases that had orders before these fields existed, and bulk-built data."""
    return SQL(
        """
        UPDATE sale_order so
           SET oms_last_dispatch_date = tranche.dispatch_date, oms_last_pod_date = tranche.pod_date
          FROM (
              SELECT picking.sale_id, MAX(picking.oms_dispatch_date) AS dispatch_date,
                     MAX(picking.oms_pod_date) AS pod_date
                FROM stock_picking picking
                JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
               WHERE picking_type.code = 'outgoing' AND picking.state = 'done'
                 AND picking.sale_id IS NOT NULL AND picking.oms_tranche_cancelled IS NOT TRUE
            GROUP BY picking.sale_id
          ) tranche
         WHERE so.id = tranche.sale_id AND %s
        """,
        scope,
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_last_dispatch_date = fields.Date(
        string="Last Tranche Dispatched On", compute="_compute_oms_tranche_dates", store=True, copy=False
    )
    oms_last_pod_date = fields.Date(
        string="Last Tranche Delivered On", compute="_compute_oms_tranche_dates", store=True, copy=False
    )

    def _oms_protected_fields(self):
        # The dashboards' measures: computed from the deliveries alone, never written from a form or RPC.
        return super()._oms_protected_fields() | {"oms_last_dispatch_date", "oms_last_pod_date"}

    @api.depends(
        "picking_ids.state",
        "picking_ids.picking_type_id",
        "picking_ids.oms_tranche_cancelled",
        "picking_ids.oms_dispatch_date",
        "picking_ids.oms_pod_date",
    )
    def _compute_oms_tranche_dates(self):
        for order in self:
            tranches = order.picking_ids.filtered(lambda picking: picking._oms_is_tranche())
            order.oms_last_dispatch_date = max(
                filter(None, tranches.mapped("oms_dispatch_date")), default=False
            )
            order.oms_last_pod_date = max(filter(None, tranches.mapped("oms_pod_date")), default=False)
