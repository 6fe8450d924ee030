"""Benchmark (issue 16): the read-back from Tally into Odoo, 2,000 and 10,000 receipts.

The loopback Tally simulator runs in a child process holding the receipts; ``oms.tally.config._oms_pull`` reads
them (streamed) and records each one in Odoo, in batches of 500. Receipts that name no open invoice are
recorded only (the bulk of a first pull of an old Tally company); a second, smaller set names open invoices and
becomes reconciled payments, measured for information. Baseline, in the same run: plain Odoo creating as many
rows of a small model (``oms.tally.outstanding``), 500 per ``create``, the floor of any recording. Targets:
>= 500 receipts per second at 10,000, and Python's peak memory of the pull flat between the sizes (ratio
<= 1.5).

Usage: bench/run tally_pull_odoo [--sizes 2000,10000] [--payments 200]
"""

import multiprocessing
import sys
import time
import tracemalloc
from pathlib import Path

from odoo_env import odoo_environment, parse_arguments
from report import result

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from simulators.tally import TallySimulator  # noqa: E402

ARGUMENTS = parse_arguments(
    __doc__,
    {
        "--sizes": {"default": "2000,10000", "help": "receipts per pull, comma-separated"},
        "--payments": {"type": int, "default": 200, "help": "receipts that name open invoices"},
    },
)
COMPANY = "Bench Tally Company"


def serve(receipts, connection):
    """Child process: a Tally holding ``receipts`` [(party, bill, amount)], until told to stop."""
    with TallySimulator([COMPANY]) as simulator:
        books = simulator.company(COMPANY)
        for number, (party, bill, amount) in enumerate(receipts):
            books.enter_voucher(
                "Receipt", f"R-{number:06d}", "20250510", party, amount, bills=[("Agst Ref", bill, amount)]
            )
        connection.send(simulator.port)
        connection.recv()


def with_tally(receipts, work):
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(receipts, child), daemon=True)
    process.start()
    try:
        return work(parent.recv())
    finally:
        parent.send("stop")
        process.join(10)


def settings(env, port):
    config = env["oms.tally.config"].search([("company_id", "=", env.company.id)])
    values = {
        "company_name": COMPANY,
        "host": "127.0.0.1",
        "port": port,
        "timeout": 120,
        "pull_enabled": True,
    }
    if config:
        config.write({**values, "settlement_alter_id": 0})
        return config
    return env["oms.tally.config"].create({"company_id": env.company.id, **values})


def pull(env, port, traced=False):
    config = settings(env, port)
    env["oms.tally.settlement"].search([]).unlink()
    env.flush_all()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    config._oms_pull()
    env.flush_all()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if traced else 0.0
    if traced:
        tracemalloc.stop()
    return elapsed, peak


def baseline(env, count):
    """Plain Odoo: the same number of rows of a small model, created in batches of 500."""
    started = time.perf_counter()
    rows = env["oms.tally.outstanding"]
    for start in range(0, count, 500):
        rows |= env["oms.tally.outstanding"].create(
            [
                {"company_id": env.company.id, "party_ledger": "Baseline", "name": f"B-{n}", "amount": 1.0}
                for n in range(start, min(start + 500, count))
            ]
        )
    env.flush_all()
    elapsed = time.perf_counter() - started
    rows.unlink()  # not Tally's bills: the next pull must not find them
    env.flush_all()
    env.invalidate_all()
    return elapsed


def open_invoices(env, count):
    partner = env["res.partner"].create({"name": "Bench Paying Customer", "is_company": True})
    product = env["product.product"].create({"name": "Bench Part", "list_price": 100.0})
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [(0, 0, {"product_id": product.id, "quantity": 1, "price_unit": 100.0})],
            }
            for _ in range(count)
        ]
    )
    moves.action_post()
    return [(partner.name, move.name, move.amount_total) for move in moves]


def main():
    sizes = [int(size) for size in ARGUMENTS.sizes.split(",")]
    figures = {}
    with odoo_environment(ARGUMENTS) as env:
        if not env.company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", env.company, install_demo=False)
        for count in sizes:
            receipts = [
                (f"Unknown Party {n % 300:03d}", f"OLD/{n:06d}", 1000 + n % 977) for n in range(count)
            ]
            seconds, _ = with_tally(receipts, lambda port, env=env: pull(env, port))
            _, peak = with_tally(receipts, lambda port, env=env: pull(env, port, traced=True))
            base = baseline(env, count)
            recorded = env["oms.tally.settlement"].search_count([("state", "=", "unmatched")])
            assert recorded == count, f"{recorded} receipts recorded, expected {count}"
            figures[count] = (seconds, peak, base)
            print(
                f"{count:6d} receipts recorded: {count / seconds:6.0f}/s ({seconds:.1f} s), peak Python memory "
                f"{peak:6.1f} MiB | baseline create {count / base:6.0f} rows/s"
            )
        invoices = open_invoices(env, ARGUMENTS.payments)
        paying_seconds, _ = with_tally(invoices, lambda port: pull(env, port))
        paid = env["oms.tally.settlement"].search_count([("state", "=", "applied")])
        assert paid == len(invoices), f"{paid} receipts applied, expected {len(invoices)}"
        print(f"{paid:6d} receipts applied as reconciled payments: {paid / paying_seconds:6.0f}/s")
    small, large = sizes[0], sizes[-1]
    seconds, peak, base = figures[large]
    growth = peak / figures[small][1]
    print(f"peak memory {small} -> {large}: x{growth:.2f}")
    result(
        "Tally receipts pulled into Odoo",
        seconds,
        "s",
        ">= 500 receipts/s",
        large / seconds >= 500,
        baseline=base,
        work=large,
    )
    result(
        f"Tally pull peak memory in Odoo, {large} vs {small}",
        growth,
        "x",
        "<= 1.5 x (flat)",
        growth <= 1.5,
        kind="check",
        work=large,
    )
    result(
        "Tally receipts applied as payments",
        paid / paying_seconds,
        "receipts/s",
        "for information",
        True,
        kind="rate",
        work=paid,
    )


if __name__ == "__main__":
    main()
