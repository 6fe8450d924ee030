"""The dates an order first reached each milestone of the pipeline, kept on the order itself.

The KPI dashboards (cycle time, on-time dispatch and ageing) measure from these dates. Found by aggregating
the whole stage history on every reading, they cost seconds at a million orders (eight million history
rows); kept on the order, a dashboard reads one row per order and no history at all.

The database keeps them, in the statement that inserts history rows (the history's insert trigger, see
``oms.stage.history``), whoever writes the rows: the engine, an import, a script. The ORM never writes them.
Each milestone is the first history event of its kinds into one of its stages (a skip counts: the stage
did not apply, the order went past it):

- Closed Won: the first handover or move (the handover, or the confirmation when there was none);
- Invoiced: the first entry into Tax Invoice or a later stage, the stages the customer sees as Invoiced
  or Delivered;
- Ready to Dispatch: the first entry into Finished Products or a later stage;
- Completely Dispatched: the first entry into Complete Dispatch.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .oms_milestones_sql import MILESTONES, milestones_sql


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_won_date = fields.Datetime(string="Closed Won On", readonly=True, copy=False)
    oms_invoiced_date = fields.Datetime(string="Invoiced On", readonly=True, copy=False)
    oms_ready_date = fields.Datetime(string="Ready to Dispatch On", readonly=True, copy=False)
    oms_complete_date = fields.Datetime(string="Completely Dispatched On", readonly=True, copy=False)

    def _oms_protected_fields(self):
        # The dashboards' measures: kept by the database alone, never written from a form or RPC.
        return super()._oms_protected_fields() | set(MILESTONES)

    @api.model
    def _oms_fill_milestones(self, order_ids=None):
        """Set the milestones of ``order_ids`` (all orders when None) from their history: for history
        written before these fields existed, rows whose dates were changed after they were written, and
        the benchmarks' bulk data."""
        self.env["oms.stage.history"].flush_model(["order_id", "date", "kind", "to_stage_id"])
        self.flush_model(list(MILESTONES))
        scope = SQL("TRUE") if order_ids is None else SQL("history.order_id = ANY(%s)", list(order_ids))
        self.env.cr.execute(SQL("%s RETURNING so.id", milestones_sql(scope)))
        self.browse([order_id for (order_id,) in self.env.cr.fetchall()]).invalidate_recordset(
            list(MILESTONES)
        )
