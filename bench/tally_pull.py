"""Benchmark (issue 16): read 10,000 receipts back from the loopback Tally simulator.

Pure core only (no Odoo): ``TallyClient.pull_settlements`` over real HTTP on 127.0.0.1, the answer parsed
while it streams in. The simulator runs in a child process, so the memory traced is the reader's alone.
Baseline, in the same run: the same request read whole (``TallyClient.post``) and parsed in one piece.
Targets: >= 500 receipts per second at 10,000, and the reader's peak memory flat between 2,000 and 10,000
(ratio <= 1.5), where the baseline's grows with the answer.

Usage: .venv/bin/python bench/tally_pull.py [--sizes 2000,10000]
"""

import argparse
import multiprocessing
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "addons" / "oms_tally_bridge"), str(ROOT / "tests"), str(ROOT / "bench")]

from report import result  # noqa: E402

from oms_tally.client import TallyClient  # noqa: E402
from oms_tally.pull import parse_settlements, settlements_request  # noqa: E402
from simulators.tally import TallySimulator  # noqa: E402

COMPANY = "Bench Traders"
TYPES = ("Receipt", "Credit Note")


def serve(count, connection):
    """Child process: a Tally holding ``count`` receipts, each settling one invoice, until told to stop."""
    with TallySimulator([COMPANY]) as simulator:
        books = simulator.company(COMPANY)
        for number in range(count):
            party = f"Customer {number % 400:03d}"
            amount = 1000 + number % 977
            books.enter_voucher(
                "Receipt",
                f"R-{number:06d}",
                "20250510",
                party,
                amount,
                bills=[("Agst Ref", f"INV/{number:06d}", amount)],
            )
        connection.send(simulator.port)
        connection.recv()


def measure(client, count, streamed):
    request = settlements_request(COMPANY, TYPES, 0)
    started = time.perf_counter()
    chunks = client.stream(request) if streamed else [client.post(request)]
    read = sum(1 for _settlement in parse_settlements(chunks))
    elapsed = time.perf_counter() - started
    assert read == count, f"read {read} receipts, expected {count}"
    tracemalloc.start()
    chunks = client.stream(request) if streamed else [client.post(request)]
    for _settlement in parse_settlements(chunks):
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    figures = {}
    context = multiprocessing.get_context("fork")
    for count in sizes:
        parent, child = context.Pipe()
        process = context.Process(target=serve, args=(count, child), daemon=True)
        process.start()
        client = TallyClient("127.0.0.1", parent.recv(), timeout=120)
        figures[count] = {"streamed": measure(client, count, True), "whole": measure(client, count, False)}
        parent.send("stop")
        process.join(10)
        streamed, whole = figures[count]["streamed"], figures[count]["whole"]
        print(
            f"{count:6d} receipts: streamed {count / streamed[0]:7.0f}/s, peak {streamed[1]:6.1f} MiB | "
            f"read whole (baseline) {count / whole[0]:7.0f}/s, peak {whole[1]:6.1f} MiB"
        )
    small, large = sizes[0], sizes[-1]
    seconds, memory = figures[large]["streamed"]
    memory_growth = memory / figures[small]["streamed"][1]
    baseline_growth = figures[large]["whole"][1] / figures[small]["whole"][1]
    print(f"memory {small} -> {large}: streamed x{memory_growth:.2f}, read whole x{baseline_growth:.2f}")
    result(
        "Tally receipts pulled (streamed)",
        seconds,
        "s",
        ">= 500 receipts/s",
        large / seconds >= 500,
        baseline=figures[large]["whole"][0],
        work=large,
    )
    result(
        f"Tally pull peak memory, {large} vs {small} receipts",
        memory_growth,
        "x",
        "<= 1.5 x (flat)",
        memory_growth <= 1.5,
        kind="check",
        baseline=baseline_growth,
        work=large,
    )


if __name__ == "__main__":
    main()
