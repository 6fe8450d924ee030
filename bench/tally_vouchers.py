"""Benchmark (issue 6): build and push 1,000 invoices' Sales vouchers to the loopback Tally simulator.

Pure core only (no Odoo, no database): ``oms_tally`` builds the XML, ``TallyClient`` posts it over real
HTTP on 127.0.0.1. Prints vouchers per second for building alone and for build + push, at the
configured batch size and at one voucher per request (the baseline the batching is compared with),
the peak Python memory of the batched run, and the reconciliation read-back: one period export of
every voucher Tally holds, matched against what Odoo sent.

Usage: .venv/bin/python bench/tally_vouchers.py [--invoices 1000] [--batch-size 100]
"""

import argparse
import datetime
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "addons" / "oms_tally_bridge"), str(ROOT / "tests")]

from oms_tally.client import TallyClient  # noqa: E402
from oms_tally.envelope import voucher_envelopes  # noqa: E402
from oms_tally.reconcile import ExpectedDocument, reconcile  # noqa: E402
from simulators.tally import TallySimulator  # noqa: E402
from simulators.tally_samples import COMPANY, make_config, make_invoice, make_line, masters_for  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report import result  # noqa: E402


def invoices(count):
    lines = [make_line(quantity=str(1 + index % 7), rate="125.50") for index in range(3)]
    return [
        make_invoice(remote_id=f"odoo-bench-account.move-{index}", number=f"INV/{index:05d}", lines=lines)
        for index in range(count)
    ]


def run(count, batch_size, push=True, readback=None):
    """Return (seconds, envelopes) for building, and pushing when ``push``, ``count`` vouchers.

    With a ``readback`` dict, also time the period export and reconciliation into it."""
    config = make_config(batch_size=batch_size)
    vouchers = invoices(count)
    with TallySimulator([COMPANY], response_shape="envelope") as simulator:
        client = TallyClient(simulator.host, simulator.port, timeout=30)
        client.import_xml(masters_for(config))
        started = time.perf_counter()
        envelopes = voucher_envelopes(config, vouchers)
        if push:
            for envelope in envelopes:
                result = client.import_xml(envelope)
                assert result.errors == 0, result.describe()
            held = simulator.company(COMPANY).voucher_count("Sales")
            assert held == count, f"Tally holds {held} vouchers, expected {count}"
        elapsed = time.perf_counter() - started
        if readback is not None:
            started = time.perf_counter()
            day = vouchers[0].date
            found = client.fetch_period(COMPANY, day, day + datetime.timedelta(days=1), ["Sales"])
            report = reconcile([ExpectedDocument(v.remote_id, v.number, v.total) for v in vouchers], found)
            assert len(report.matched) == count, report.describe()
            readback.update(seconds=time.perf_counter() - started, found=len(found))
        return elapsed, len(envelopes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    count = args.invoices

    build_seconds, _ = run(count, args.batch_size, push=False)
    readback = {}
    batched_seconds, requests = run(count, args.batch_size, readback=readback)
    single_seconds, single_requests = run(count, 1)
    # Memory in a run of its own: tracing every allocation slows the run it watches several times over.
    tracemalloc.start()
    run(count, args.batch_size, readback={})
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"build only          : {count / build_seconds:8.0f} vouchers/s ({build_seconds:.2f} s)")
    print(
        f"build + push, batch : {count / batched_seconds:8.0f} vouchers/s ({batched_seconds:.2f} s, "
        f"{requests} requests of {args.batch_size})"
    )
    print(
        f"build + push, 1/req : {count / single_seconds:8.0f} vouchers/s ({single_seconds:.2f} s, "
        f"{single_requests} requests) -- baseline"
    )
    print(f"batching speed-up   : {single_seconds / batched_seconds:8.1f} x")
    print(
        f"peak Python memory  : {peak / 1024 / 1024:8.1f} MiB (batched run and read-back, traced separately)"
    )
    print(
        f"read back + match   : {readback['found'] / readback['seconds']:8.0f} vouchers/s "
        f"({readback['seconds']:.2f} s, one period export of {readback['found']} vouchers)"
    )
    # The baseline is one voucher per request: the suite reads the ratio as time per voucher.
    result(
        "Tally vouchers built + pushed (batched)",
        batched_seconds,
        "s",
        ">= 100 vouchers/s",
        count / batched_seconds >= 100,
        baseline=single_seconds,
        work=count,
    )
    result("Tally peak memory (batched)", peak / 1024 / 1024, "MiB", "for information", True, work=count)


if __name__ == "__main__":
    main()
