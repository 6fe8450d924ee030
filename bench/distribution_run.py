"""Benchmark (issue 15): a distribution run of 1,000 and 5,000 customers x 5 lines.

Measured per size, as the administrator, each figure in its own transaction rolled back after it:
``action_run()`` of a distribution list holding every customer with 5 products (one ``sale.order.create``
of all the draft orders, their results and the run's note), flush and precommit included. Baseline, same run, same size, fresh
customers: the same orders made one by one with ``create`` + ``action_confirm`` (the issue's baseline);
beside it, for information, ``create`` alone one by one (what a user keying the drafts would do).
Targets: the run's time / the baseline's <= 1.0; time per order constant between the sizes (the
largest's / the smallest's <= 1.2).
"""

import time

from odoo_env import odoo_environment, parse_arguments
from report import result

from odoo import Command

ARGUMENTS = parse_arguments(
    __doc__,
    {
        "--sizes": {"default": "1000,5000", "help": "customers per run, comma-separated"},
        "--lines": {"type": int, "default": 5},
        "--runs-only": {
            "action": "store_true",
            "help": "only the runs and their time per order (the one-by-one baselines take most of the time)",
        },
    },
)


def settle(env):
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()


def customers(env, count, tag):
    return env["res.partner"].create([{"name": f"Bench {tag} Customer {index}"} for index in range(count)])


def order_lines(products):
    return [
        Command.create({"product_id": product.id, "product_uom_qty": 1 + index})
        for index, product in enumerate(products)
    ]


def timed(env, action):
    settle(env)
    env.invalidate_all()
    started = time.perf_counter()
    action()
    settle(env)
    return time.perf_counter() - started


def prepared(env, size, tag):
    """Products and ``size`` fresh customers, and a few orders confirmed first to warm the registry's
    caches, as a running server's first requests do; none of it is timed."""
    products = env["product.product"].create(
        [
            {"name": f"Bench Distribution Item {index}", "type": "consu", "list_price": 10 + index}
            for index in range(ARGUMENTS.lines)
        ]
    )
    for partner in customers(env, 3, f"warm{tag}"):
        env["sale.order"].create(
            {"partner_id": partner.id, "order_line": order_lines(products)}
        ).action_confirm()
    return products, customers(env, size, f"{tag}{size}")


def distribution_run(env, size):
    products, partners = prepared(env, size, "run")
    route = env["oms.distribution.list"].create({"name": f"Bench route {size}"})
    env["oms.distribution.list.line"].create(
        [
            {"list_id": route.id, "partner_id": partner.id, "product_id": product.id, "quantity": 1 + index}
            for partner in partners
            for index, product in enumerate(products)
        ]
    )
    run = env["oms.distribution.run"].create({"list_id": route.id})
    elapsed = timed(env, run.action_run)
    assert run.order_count == size and not run.refused_count, (run.order_count, run.refused_count)
    return elapsed


def one_by_one(env, size, confirm):
    products, partners = prepared(env, size, "confirmed" if confirm else "draft")

    def create_each():
        for partner in partners:
            order = env["sale.order"].create({"partner_id": partner.id, "order_line": order_lines(products)})
            if confirm:
                order.action_confirm()

    return timed(env, create_each)


def measured(size, measure, *args):
    """Each figure in its own transaction, rolled back after it: a run of 5,000 is what a user's request
    makes, alone, not the 5,000 orders after the 1,000-customer figures' uncommitted thousands (whose cache
    and pending work made every later figure of a shared transaction slower, the baseline's too)."""
    with odoo_environment(ARGUMENTS, user_xmlid="base.user_admin") as env:
        return measure(env, size, *args)


per_order = {}
for size in [int(size) for size in ARGUMENTS.sizes.split(",")]:
    run_time = measured(size, distribution_run)
    per_order[size] = run_time / size
    if ARGUMENTS.runs_only:
        print(
            f"{size:>6} customers x {ARGUMENTS.lines} lines: run {run_time:7.2f} s ({size / run_time:6.1f} orders/s)"
        )
        continue
    baseline_time = measured(size, one_by_one, True)
    drafts_time = measured(size, one_by_one, False)
    ratio = run_time / baseline_time
    print(
        f"{size:>6} customers x {ARGUMENTS.lines} lines: run {run_time:7.2f} s ({size / run_time:6.1f} orders/s);"
        f" create + action_confirm one by one {baseline_time:7.2f} s ({size / baseline_time:6.1f}/s);"
        f" create alone one by one {drafts_time:7.2f} s ({size / drafts_time:6.1f}/s);"
        f" ratio run / baseline {ratio:.2f} (target <= 1.0): {'PASS' if ratio <= 1.0 else 'FAIL'};"
        f" run / create alone {run_time / drafts_time:.2f}",
        flush=True,
    )
    result(
        f"distribution run, {size} customers x {ARGUMENTS.lines} lines",
        run_time,
        "s",
        "<= 1.0 x create + action_confirm one by one",
        ratio <= 1.0,
        baseline=baseline_time,
        work=size,
    )
sizes = sorted(per_order)
growth = per_order[sizes[-1]] / per_order[sizes[0]]
print(
    f"time per order, {sizes[-1]} against {sizes[0]} customers: x{growth:.2f} (target <= 1.2):"
    f" {'PASS' if growth <= 1.2 else 'FAIL'}"
)
result(
    "distribution run: time per order, largest size / smallest",
    growth,
    "x",
    "<= 1.2 (constant)",
    growth <= 1.2,
    kind="check",
)
