"""Benchmark suite (issue 8): every benchmark of the suite at two data-set sizes, one table.

Each benchmark builds its own data set at the chosen size in its own database the first time (orders over
all stages with their history, deliveries, purchases, invoices and payments, feedback; customers and
products with HSN) and reuses it afterwards. Where a baseline exists (Odoo's own view or flow on the same
data) it is measured in the same run, so the ratio holds on a noisy machine. Growth between the two sizes
is read per figure: the time of a whole workload may grow at most linearly with it, the cost of one
order's screen or one move may not grow at all.

Usage: bench/suite [--sizes 1000,20000] [--only board,kpi_dashboards]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from report import PREFIX

ROOT = Path(__file__).resolve().parents[1]
GST_MODULES = "oms_gst_india,l10n_in_edi"
# Growth exponent (log of the figure's ratio over log of the work's ratio) beyond which a cost is called
# faster than linear; the margin over 1.0 absorbs timing noise of a shared machine.
SUPERLINEAR = 1.3
# For a per-order screen or per-move cost the exponent should be 0; timing noise allows a little.
PER_ITEM_GROWTH = 0.25


def clamp(value, low, high):
    return max(low, min(high, value))


@dataclass
class Benchmark:
    name: str
    database: str  # may hold {size}
    arguments: object  # size -> list of arguments
    modules: str = ""  # OMS_BENCH_MODULES when not the whole suite
    pure: bool = False  # runs without Odoo: plain Python, no database

    def command(self, size):
        if self.pure:
            return [sys.executable, str(ROOT / "bench" / f"{self.name}.py"), *self.arguments(size)]
        return [str(ROOT / "bench" / "run"), self.name, *self.arguments(size)]

    def environment(self, size):
        environment = dict(os.environ)
        if not self.pure:
            environment["OMS_BENCH_DB"] = self.database.format(size=size)
            if self.modules:
                environment["OMS_BENCH_MODULES"] = self.modules
        return environment


BENCHMARKS = [
    # The engine's moves against write + message_post: a twentieth of the orders, moved one stage each.
    Benchmark("stage_moves", "oms_bench", lambda size: ["--orders", str(clamp(size // 20, 50, 2000))]),
    Benchmark("board", "oms_bench_board_{size}", lambda size: ["--orders", str(size)]),
    Benchmark("kpi_dashboards", "oms_bench_kpi_{size}", lambda size: ["--orders", str(size)]),
    # An order's timeline opened on the database of that size: a per-order screen, it may not grow.
    Benchmark("timeline", "oms_bench_kpi_{size}", lambda size: ["--orders", str(size)]),
    Benchmark(
        "einvoice_payload",
        "oms_bench_gst",
        lambda size: ["--lines", str(clamp(size // 20, 50, 1000)), "--rounds", "3"],
        modules=GST_MODULES,
    ),
    Benchmark(
        "einvoice_two_workers",
        "oms_bench_gst",
        lambda size: ["--invoices", str(clamp(size // 100, 20, 200))],
        modules=GST_MODULES,
    ),
    Benchmark(
        "tally_vouchers", "", lambda size: ["--invoices", str(clamp(size // 10, 100, 2000))], pure=True
    ),
    # Receipts read back from Tally: a tenth of the orders, at most 10,000 (the size).
    Benchmark(
        "tally_pull", "", lambda size: ["--sizes", f"2000,{clamp(size // 10, 2000, 10000)}"], pure=True
    ),
    Benchmark(
        "tally_pull_odoo",
        "oms_bench_pull",
        lambda size: ["--sizes", f"2000,{clamp(size // 10, 2000, 10000)}"],
        modules="oms_tally_bridge",
    ),
    # A month's GSTR-1: as many invoices as orders, at most 50,000 (the size).
    Benchmark("gstr1", "oms_bench_gstr1", lambda size: ["--invoices", str(clamp(size, 10000, 50000))]),
    # A distribution run: a twentieth of the orders as customers, 1,000 to 5,000 (the sizes).
    Benchmark(
        "distribution_run",
        "oms_bench_distribution",
        lambda size: ["--sizes", f"1000,{clamp(size // 20, 1000, 5000)}"],
    ),
]


def run(benchmark, size, log_folder):
    """Run one benchmark at one size; its output goes to a log and its BENCH-RESULT lines are returned."""
    log_path = log_folder / f"{benchmark.name}-{size}.log"
    print(f"-- {benchmark.name} at {size} orders (log: {log_path})", flush=True)
    started = time.perf_counter()
    with open(log_path, "w") as log:
        completed = subprocess.run(
            benchmark.command(size),
            env=benchmark.environment(size),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=ROOT,
            timeout=3600,
            check=False,
        )
        log.write(completed.stdout)
    results = [
        json.loads(line[len(PREFIX) :]) for line in completed.stdout.splitlines() if line.startswith(PREFIX)
    ]
    elapsed = time.perf_counter() - started
    if completed.returncode and not results:
        results = [{"name": f"{benchmark.name}: did not run (exit {completed.returncode}, see its log)"}]
        results[0].update(figure=None, unit="", target="runs", passed=False, kind="check", baseline=None)
    print(f"   {len(results)} figures in {elapsed:.0f} s", flush=True)
    for record in results:
        record.setdefault("work", None)
        record["work"] = record["work"] or size
    return results


def growth(small, large):
    """The growth verdict of one figure between the two sizes: (exponent or None, readable verdict, ok)."""
    if small["figure"] is None or large["figure"] is None or small["kind"] == "check":
        return None, "-", True
    if small["unit"] == "queries":  # counted, not timed: must be equal, whatever the sizes
        same = large["figure"] <= small["figure"]
        return None, "constant" if same else "GROWS", same
    if large["work"] == small["work"] and small["kind"] != "per_item":
        return None, "same work", True
    work_ratio = large["work"] / small["work"]
    if small["figure"] <= 0 or work_ratio <= 1:
        return None, "-", True
    exponent = math.log(max(large["figure"], 1e-9) / small["figure"]) / math.log(work_ratio)
    if small["kind"] == "per_item":
        ok = exponent <= PER_ITEM_GROWTH
        return exponent, "constant" if ok else "GROWS", ok
    ok = exponent <= SUPERLINEAR
    return exponent, ("linear or less" if ok else "FASTER THAN LINEAR"), ok


def number(value, unit):
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "queries":
        return f"{value:.0f} q"
    return f"{value:.1f} {unit}"


def print_table(sizes, rows):
    small, large = sizes
    header = (
        f"{'figure':<52} {f'at {small}':>11} {f'at {large}':>11} {'baseline':>11} {'ratio':>6} "
        f"{'target':<32} {'result':<6} {'growth':<22}"
    )
    print()
    print(header)
    print("-" * len(header))
    failures = 0
    for name, by_size in rows.items():
        first, last = by_size.get(small), by_size.get(large)
        reference = last or first
        passed = all(record["passed"] for record in by_size.values())
        exponent, verdict, growth_ok = growth(first, last) if first and last else (None, "-", True)
        failures += (not passed) + (not growth_ok)
        ratio = f"{reference['ratio']:.2f}" if reference.get("ratio") is not None else "-"
        growth_text = verdict if exponent is None else f"{verdict} ({exponent:.2f})"
        print(
            f"{name[:52]:<52} {number(first and first['figure'], reference['unit']):>11} "
            f"{number(last and last['figure'], reference['unit']):>11} "
            f"{number(reference.get('baseline'), reference['unit']):>11} {ratio:>6} "
            f"{reference['target'][:32]:<32} {'PASS' if passed else 'FAIL':<6} {growth_text:<22}"
        )
    print()
    print(
        "ratio: ours / the baseline measured in the same run, at the larger size. growth: exponent k of "
        f"cost ~ work^k between the sizes (whole workloads: k <= {SUPERLINEAR}; per-order screens and "
        f"per-move costs: k <= {PER_ITEM_GROWTH}; query counts: equal)."
    )
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="two numbers of orders, e.g. 20000,100000")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    arguments = parser.parse_args()
    sizes = sorted(int(size) for size in arguments.sizes.split(","))
    if len(sizes) != 2 or sizes[0] == sizes[1]:
        parser.error("--sizes takes two different numbers of orders")
    chosen = [name for name in arguments.only.split(",") if name]
    unknown = set(chosen) - {benchmark.name for benchmark in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    log_folder = ROOT / ".oms" / "bench-logs"
    log_folder.mkdir(parents=True, exist_ok=True)
    rows = {}
    for benchmark in BENCHMARKS:
        if chosen and benchmark.name not in chosen:
            continue
        for size in sizes:
            for record in run(benchmark, size, log_folder):
                rows.setdefault(record["name"], {})[size] = record
    (log_folder / "suite.json").write_text(json.dumps({"sizes": sizes, "rows": rows}, indent=1))
    failures = print_table(sizes, rows)
    print(f"{len(rows)} figures, {failures} failing (target or growth)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
