from odoo import api, fields, models
from odoo.tools import SQL

from .oms_milestones_sql import MILESTONES, milestones_sql


class OmsStageHistory(models.Model):
    """One row per pipeline event of an order: move, skip, cancel, reopen, handover. Rows are written by
    the engine only (no create/write rights for users), so the timeline is an audit trail."""

    _name = "oms.stage.history"
    _description = "Order Pipeline History"
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    # Set by the engine from the order (a stored related field would cost an extra UPDATE per move).
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    from_stage_id = fields.Many2one("oms.stage")
    to_stage_id = fields.Many2one("oms.stage")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    # When the order's next event (move, cancel, reopen) ended this stay. Stored when that event is
    # inserted (by the trigger made in init), so the time-per-stage dashboard reads it instead of a
    # window over the whole history.
    # Skip rows are not stays: they never get one and never end one.
    date_left = fields.Datetime(string="Left On", readonly=True)
    kind = fields.Selection(
        [
            ("handover", "Handover"),
            ("move", "Move"),
            ("skip", "Skipped"),
            ("cancel", "Cancelled"),
            ("reopen", "Reopened"),
        ],
        required=True,
        default="move",
    )
    note = fields.Text()

    def init(self):
        # A stay ends when the order's next event is written, whoever writes it (the engine, an import, a
        # script): the database closes it in the statement that inserts the event, as a trigger, rather
        # than each writer remembering a second statement. Skip rows neither start nor end a stay.
        # The same statement keeps the orders' milestone dates (sale_order_milestones.py), reading each
        # order's history from this index alone (kind and stage included).
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS oms_stage_history_order_date_kpi_index ON oms_stage_history "
                "(order_id, date, id) INCLUDE (kind, to_stage_id, company_id)"
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION oms_stage_history_close_stays() RETURNS trigger
                LANGUAGE plpgsql AS $body$
                BEGIN
                    %s;
                    %s;
                    RETURN NULL;
                END
                $body$;
                DROP TRIGGER IF EXISTS oms_stage_history_close_stays ON oms_stage_history;
                CREATE TRIGGER oms_stage_history_close_stays AFTER INSERT ON oms_stage_history
                    REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION oms_stage_history_close_stays();
                """,
                self._oms_close_stays_sql(
                    SQL("order_id IN (SELECT order_id FROM inserted WHERE kind != 'skip')")
                ),
                milestones_sql(SQL("history.order_id IN (SELECT order_id FROM inserted)")),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        # The trigger has closed the stays the new events ended and set the orders' milestones; what the
        # cache holds of them is stale.
        self.invalidate_model(["date_left"])
        rows.order_id.invalidate_recordset(list(MILESTONES))
        return rows

    @api.model
    def _oms_close_stays_sql(self, scope):
        """The statement closing the stays of the orders in ``scope`` (an SQL condition on the history's
        rows) that a later event has ended, whatever the number of rows."""
        return SQL(
            """
            UPDATE oms_stage_history history SET date_left = following.next_date
              FROM (
                  SELECT id, LEAD(date) OVER (PARTITION BY order_id ORDER BY date, id) AS next_date
                    FROM oms_stage_history
                   WHERE kind != 'skip' AND %(scope)s
              ) following
             WHERE history.id = following.id AND following.next_date IS NOT NULL
               AND history.date_left IS DISTINCT FROM following.next_date
            """,
            scope=scope,
        )

    @api.model
    def _oms_fill_date_left(self, order_ids=None):
        """Close the open stays of ``order_ids`` (all orders when None) that a later event has ended: for
        rows whose dates were changed after they were written (the demo's backdated history), rows written
        before the field existed, and the benchmarks' bulk inserts."""
        self.flush_model(["order_id", "date", "kind", "date_left"])
        scope = SQL("TRUE") if order_ids is None else SQL("order_id = ANY(%s)", list(order_ids))
        self.env.cr.execute(SQL("%s RETURNING history.id", self._oms_close_stays_sql(scope)))
        # Only the rows just closed: invalidating the field on every cached row would make each move cost
        # more the more orders a transaction has moved.
        self.browse([row_id for (row_id,) in self.env.cr.fetchall()]).invalidate_recordset(["date_left"])
