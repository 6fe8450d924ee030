from odoo import api, fields, models
from odoo.tools import SQL


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
    # written, so the time-per-stage dashboard reads it instead of a window over the whole history.
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

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        ended = rows.filtered(lambda row: row.kind != "skip")
        if ended:
            self._oms_fill_date_left(ended.order_id.ids)
        return rows

    @api.model
    def _oms_fill_date_left(self, order_ids=None):
        """Close the open stays of ``order_ids`` (all orders when None) that a later event has ended: one
        statement whatever the number of rows, also used to fill rows written before the field existed
        and by the benchmarks' bulk inserts."""
        self.flush_model(["order_id", "date", "kind", "date_left"])
        scope = SQL("TRUE") if order_ids is None else SQL("order_id = ANY(%s)", list(order_ids))
        self.env.cr.execute(
            SQL(
                """
                UPDATE oms_stage_history history SET date_left = following.next_date
                  FROM (
                      SELECT id, LEAD(date) OVER (PARTITION BY order_id ORDER BY date, id) AS next_date
                        FROM oms_stage_history
                       WHERE kind != 'skip' AND %(scope)s
                  ) following
                 WHERE history.id = following.id AND following.next_date IS NOT NULL
                   AND history.date_left IS DISTINCT FROM following.next_date
             RETURNING history.id
                """,
                scope=scope,
            )
        )
        # Only the rows just closed: invalidating the field on every cached row would make each move cost
        # more the more orders a transaction has moved.
        self.browse([row_id for (row_id,) in self.env.cr.fetchall()]).invalidate_recordset(["date_left"])
