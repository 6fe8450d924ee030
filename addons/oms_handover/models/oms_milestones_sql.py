"""The statement that keeps an order's milestone dates from its stage history (see sale_order_milestones.py
for the fields and the rule). Apart from the model, so the history's trigger (oms_stage_history.py) can be
built from it without defining sale.order's extension before the module's own sale.order class."""

from odoo.tools import SQL

from ..oms_pipeline.stages import STAGE_CODES, customer_status

INVOICED_CODES = tuple(code for code in STAGE_CODES if customer_status(code) in ("invoiced", "delivered"))
READY_CODES = STAGE_CODES[STAGE_CODES.index("finished_products") :]
# sale_order column: (history kinds that count, stage codes entered, or None for any stage)
MILESTONES = {
    "oms_won_date": (("handover", "move"), None),
    "oms_invoiced_date": (("move", "skip"), INVOICED_CODES),
    "oms_ready_date": (("move", "skip"), READY_CODES),
    "oms_complete_date": (("move", "skip"), ("complete_dispatch",)),
}


def milestones_sql(scope):
    """The statement setting the milestones of the orders in ``scope`` (an SQL condition on
    ``history.order_id``) from their whole history: one pass over it, read from the (order_id, date, id)
    index that includes kind and stage."""
    firsts = []
    for column, (kinds, codes) in MILESTONES.items():
        condition = SQL("history.kind IN %s", kinds)
        if codes:
            condition = SQL(
                "%s AND history.to_stage_id = ANY(ARRAY(SELECT id FROM oms_stage WHERE code IN %s))",
                condition,
                codes,
            )
        firsts.append(SQL("MIN(history.date) FILTER (WHERE %s) AS %s", condition, SQL.identifier(column)))
    columns = [SQL.identifier(column) for column in MILESTONES]
    return SQL(
        """
        UPDATE sale_order so SET %(assignments)s
          FROM (
              SELECT history.order_id, %(firsts)s
                FROM oms_stage_history history
               WHERE %(scope)s
            GROUP BY history.order_id
          ) milestone
         WHERE so.id = milestone.order_id
           AND (%(current)s) IS DISTINCT FROM (%(found)s)
        """,
        assignments=SQL(", ").join(SQL("%s = milestone.%s", column, column) for column in columns),
        firsts=SQL(", ").join(firsts),
        scope=scope,
        current=SQL(", ").join(SQL("so.%s", column) for column in columns),
        found=SQL(", ").join(SQL("milestone.%s", column) for column in columns),
    )
