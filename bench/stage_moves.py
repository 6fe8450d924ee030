"""Benchmark (issue 3): move 1,000 orders one stage each through the engine.

Baseline: a plain ``write`` + ``message_post`` on the same number of orders, in the same run, so the
ratio holds on a noisy machine. Each move starts with an empty record cache, as a request does (the
registry's caches warm, after a few warm-up moves), so neither side gains from reading the next orders
in the same query.

Two engine runs, Finished Products -> Commercial Invoice:
- the engine alone (the rule's checks cleared in this rolled-back transaction): its own queries per move,
  target (issue 14) <= 12 and constant as history grows;
- the default rule, which checks that the finished goods are ready (goods lines, products, bills of
  materials, manufacturing orders, open deliveries): target (issue 14) <= 1.2 x the baseline's time.
  Its queries are printed beside the engine's; the Odoo tier guards both counts (assertQueryCount).
"""

import time

from odoo_env import odoo_environment, parse_arguments
from report import result

import odoo

ARGUMENTS = parse_arguments(__doc__, {"--orders": {"type": int, "default": 1000}})


def make_orders(env, count):
    partner = env["res.partner"].create({"name": "Benchmark Customer"})
    product = env["product.product"].create({"name": "Benchmark Item", "type": "consu", "list_price": 10})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "client_order_ref": f"BENCH-{index}",
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
            for index in range(count)
        ]
    )
    orders.action_confirm()
    stage = env["oms.stage"].search([("code", "=", "finished_products")])
    orders.sudo()._oms_write_protected({"oms_stage_id": stage.id})
    env.flush_all()
    # Fresh statistics, as autovacuum keeps them on a live database: thousands of rows the planner has not
    # seen would turn index lookups by order into scans of the whole table, for the engine and the baseline.
    env.cr.execute("ANALYZE sale_order, sale_order_line, oms_stage_history, mail_message, mail_followers")
    return orders


def timed(label, orders, action):
    env = orders.env
    env.flush_all()
    env.cr.precommit.run()  # settle the set-up's own tracking before measuring
    env.flush_all()
    queries_before, started = odoo.sql_db.sql_counter, time.perf_counter()
    for order in orders:
        env.invalidate_all()  # a new request: nothing of the order is cached
        action(order)
        # What a real request does at commit: flush, then precommit hooks (tracking messages of the stage).
        env.flush_all()
        env.cr.precommit.run()
        env.flush_all()
    elapsed = time.perf_counter() - started
    queries = odoo.sql_db.sql_counter - queries_before
    print(f"{label:<34} {len(orders) / elapsed:8.1f} per second   {queries / len(orders):6.1f} queries each")
    return elapsed, queries / len(orders)


with odoo_environment(ARGUMENTS, user_xmlid="base.user_admin") as env:
    baseline_orders = make_orders(env, ARGUMENTS.orders)
    engine_orders = make_orders(env, ARGUMENTS.orders)
    warm_up = make_orders(env, 5)
    for order in warm_up:  # fill the registry's caches, as a running server's first requests do
        order.action_oms_move("invoice")
        order.message_post(body="warm-up")
    env.invalidate_all()
    baseline_time, baseline_queries = timed(
        "baseline: write + message_post",
        baseline_orders,
        lambda order: (
            order.write({"note": "moved"}),
            order.message_post(body="Moved to Commercial Invoice"),
        ),
    )
    rule = env["oms.transition.rule"].search(
        [
            ("company_id", "=", env.company.id),
            ("from_stage_id.code", "=", "finished_products"),
            ("to_stage_id.code", "=", "invoice"),
        ]
    )
    checks = rule.check_ids
    finished_products = env["oms.stage"].search([("code", "=", "finished_products"), ("builtin", "=", True)])

    def back_to_finished_products():
        for order in engine_orders:
            order.sudo()._oms_write_protected({"oms_stage_id": finished_products.id})

    engine_time, engine_queries = timed(
        "engine, default check: action_oms_move",
        engine_orders,
        lambda order: order.action_oms_move("invoice"),
    )
    rule.check_ids = [odoo.Command.clear()]
    back_to_finished_products()
    # A second batch, checks cleared: the engine's own cost, with a history grown by one stay per order.
    _time, engine_own_queries = timed(
        "engine alone (longer history)", engine_orders, lambda order: order.action_oms_move("invoice")
    )
    back_to_finished_products()
    _time, engine_own_again = timed(
        "engine alone (longer again)", engine_orders, lambda order: order.action_oms_move("invoice")
    )
    rule.check_ids = [odoo.Command.set(checks.ids)]
    ratio = engine_time / baseline_time
    print(
        f"ratio engine (default check) / baseline: {ratio:.2f} (target <= 1.2): {'PASS' if ratio <= 1.2 else 'FAIL'}"
    )
    constant = engine_own_queries <= 12 and abs(engine_own_queries - engine_own_again) < 1
    print(
        f"engine's own queries per move: {engine_own_queries:.1f} then {engine_own_again:.1f} (target constant, "
        f"<= 12): {'PASS' if constant else 'FAIL'}; with the finished-goods check: {engine_queries:.1f}"
    )
    result(
        "stage moves through the engine",
        engine_time,
        "s",
        "<= 1.2 x write + message_post",
        ratio <= 1.2,
        baseline=baseline_time,
        work=len(engine_orders),
    )
    result(
        "stage move: the engine's own queries per move",
        engine_own_again,
        "queries",
        "constant, <= 12",
        constant,
        kind="per_item",
        work=len(engine_orders),
    )
