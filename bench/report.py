"""The figures a benchmark hands to the suite (bench/suite): besides its own readable lines, a benchmark
prints one ``BENCH-RESULT {json}`` line per figure, which the suite collects into its table.

``kind`` says how the suite reads growth between two sizes: ``time`` (seconds for the whole work: may grow
at most linearly with it), ``rate`` (items per second: the time per item may not grow), ``per_item`` (a
cost per order, move or screen: may not grow at all) and ``check`` (a yes/no invariant, no growth).
"""

import json

PREFIX = "BENCH-RESULT "


def result(name, figure, unit, target, passed, kind="time", baseline=None, work=None):
    """Print one figure; ``target`` is the readable target ("<= 1.3 x", "< 1 s"), ``passed`` its verdict,
    ``baseline`` the same figure of the standard Odoo flow measured in the same run, ``work`` how many
    items (orders, lines, vouchers) the figure covers."""
    record = {
        "name": name,
        "figure": figure,
        "unit": unit,
        "target": target,
        "passed": bool(passed),
        "kind": kind,
        "baseline": baseline,
        "ratio": (figure / baseline) if baseline else None,
        "work": work,
    }
    print(PREFIX + json.dumps(record), flush=True)
