"""Benchmark (issue 7): open an order's timeline with a short and a long history.

The timeline is built from batch reads, so its query count must not grow with the history. Baseline, in
the same run: reading the same orders' Pipeline tab (the history one2many with its columns). Targets: the
same number of queries for both history lengths, and the timeline under 0.5 s with the long history.
"""

import time

from odoo_env import odoo_environment, parse_arguments
from report import recorded_queries, result, write_plans

import odoo

ARGUMENTS = parse_arguments(
    __doc__,
    {
        "--short": {"type": int, "default": 10, "help": "history rows of the short order"},
        "--long": {"type": int, "default": 2000, "help": "history rows of the long order"},
        "--orders": {"type": int, "default": 0, "help": "orders in the database (names the plan file)"},
    },
)
HISTORY_FIELDS = ["date", "kind", "from_stage_id", "to_stage_id", "user_id", "note"]


def order_with_history(env, rows):
    partner = env["res.partner"].create({"name": "Benchmark Customer"})
    product = env["product.product"].create({"name": "Benchmark Item", "type": "consu", "list_price": 10})
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "client_order_ref": "BENCH-TIMELINE",
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
        }
    )
    order.action_confirm()
    stage = env["oms.stage"].search([("code", "=", "sale_order")])
    values = order._oms_history_values(stage, stage, "move", "benchmark")
    env["oms.stage.history"].sudo().create([values] * rows)
    env.flush_all()
    return order


def measure(label, order, read):
    env = order.env
    read(order)  # warm the registry caches (rules, templates), as any running server has them
    env.invalidate_all()
    queries_before, started = odoo.sql_db.sql_counter, time.perf_counter()
    read(order)
    elapsed = time.perf_counter() - started
    queries = odoo.sql_db.sql_counter - queries_before
    print(f"{label:<44} {elapsed * 1000:8.1f} ms   {queries:4d} queries")
    return elapsed, queries


with odoo_environment(ARGUMENTS, user_xmlid="base.user_admin") as env:
    short, long_ = order_with_history(env, ARGUMENTS.short), order_with_history(env, ARGUMENTS.long)
    results = {}
    for name, order in (("short", short), ("long", long_)):
        rows = len(order.oms_history_ids)
        results[name] = (
            measure(
                f"baseline: Pipeline tab, {rows} rows",
                order,
                lambda o: o.oms_history_ids.read(HISTORY_FIELDS),
            ),
            measure(f"timeline, {rows} rows", order, lambda o: o.read(["oms_timeline_html"])),
        )
    # The plans of the timeline's queries on this database (issue 18: still under a second at a million
    # orders and eight million history rows).
    env.invalidate_all()
    with recorded_queries(env.cr) as timeline_queries:
        long_.read(["oms_timeline_html"])
    write_plans(
        env.cr, "timeline", ARGUMENTS.orders or env.cr.dbname, {"timeline, long history": timeline_queries}
    )
    (_b, short_queries), (_b2, long_queries) = results["short"][1], results["long"][1]
    long_time = results["long"][1][0]
    ratio = long_time / results["long"][0][0]
    print(f"ratio timeline / baseline (long history): {ratio:.2f}")
    print(
        f"timeline queries: {short_queries} then {long_queries} (target constant): "
        f"{'PASS' if short_queries == long_queries else 'FAIL'}"
    )
    print(
        f"timeline time, long history: {long_time:.3f} s (target < 0.5 s): {'PASS' if long_time < 0.5 else 'FAIL'}"
    )
    result(
        "order timeline, long history",
        long_time,
        "s",
        "< 0.5 s",
        long_time < 0.5,
        kind="per_item",
        baseline=results["long"][0][0],
    )
    result(
        "order timeline: queries, short then long history",
        long_queries,
        "queries",
        "constant",
        short_queries == long_queries,
        kind="per_item",
    )
