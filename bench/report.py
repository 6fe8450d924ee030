"""The figures a benchmark hands to the suite (bench/suite): besides its own readable lines, a benchmark
prints one ``BENCH-RESULT {json}`` line per figure, which the suite collects into its table.

``kind`` says how the suite reads growth between two sizes: ``time`` (seconds for the whole work: may grow
at most linearly with it), ``rate`` (items per second: the time per item may not grow), ``per_item`` (a
cost per order, move or screen: may not grow at all) and ``check`` (a yes/no invariant, no growth).
"""

import contextlib
import json
import time
from pathlib import Path

from psycopg2.extras import execute_values

from odoo.tools import SQL

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


# ----- query plans kept with the benchmark's log -----

REPORTS_FOLDER = Path(__file__).resolve().parents[1] / ".oms" / "reports"


@contextlib.contextmanager
def recorded_queries(cr):
    """Record every statement ``cr`` runs inside the block, as (query, parameters): the screen's queries,
    for :func:`write_plans` to explain afterwards."""
    queries = []
    execute = cr.execute

    def recording_execute(query, params=None, log_exceptions=True):
        queries.append((query, params))
        return execute(query, params, log_exceptions)

    cr.execute = recording_execute  # an instance attribute hides the method for the block only
    try:
        yield queries
    finally:
        del cr.execute


def write_plans(cr, benchmark, size, screens):
    """EXPLAIN (ANALYZE, BUFFERS) each SELECT of ``screens`` {label: recorded queries} into
    .oms/reports/bench-plans-BENCHMARK-SIZE.txt, and print its path: the plans behind the figures stay
    with the benchmark's log. The statements run again, inside a savepoint that is rolled back."""
    REPORTS_FOLDER.mkdir(parents=True, exist_ok=True)
    path = REPORTS_FOLDER / f"bench-plans-{benchmark}-{size}.txt"
    sections = []
    for label, queries in screens.items():
        for index, (query, params) in enumerate(queries, 1):
            if isinstance(query, SQL):
                query, params = query.code, query.params
            if not query.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with cr.savepoint():
                cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
                plan = "\n".join(row[0] for row in cr.fetchall())
                text = cr.mogrify(query, params).decode()
            sections.append(f"=== {label}: query {index}\n{text}\n\n{plan}\n")
    header = f"Query plans of {benchmark} at {size} orders, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n\n"
    path.write_text(header + "\n".join(sections))
    print(f"query plans: {path}")
    return path


# ----- pipeline history of bulk-built data sets -----

HISTORY_VARIANTS = 6  # an order's variant (0..5) says which of the optional events below its history has


def history_events(position, variant):
    """The pipeline history of an order at stage ``position`` (1..12) as the engine writes it, one tuple
    per row: (kind, from position, to position, note, step, hours). Its date is the order's start plus
    ``step`` stage durations plus ``hours``. Besides one move per stage reached (~6.5 rows on average), a
    realistic history has the CRM handover of won deals, skips of the purchase stages for goods in stock,
    an invoice corrected (a move back and forward again) and partial dispatches in tranches: ~8 rows per
    order on average over the variants and positions."""
    events = []
    from_crm = variant % 2 == 0
    if from_crm:
        events.append(("handover", None, None, "Closed Won: handed over", 0, -12))
    events.append(("handover" if from_crm else "move", None, 1, "Order confirmed", 0, 0))
    previous = 1
    from_stock = variant % 2 == 1 and position >= 5  # went to Finished Products without factory work
    for stage in range(2, position + 1):
        if from_stock and stage in (3, 4):
            continue
        if from_stock and stage == 5:
            events += [
                ("skip", previous, skipped, "Does not apply to this order", 4, 0) for skipped in (3, 4)
            ]
        events.append(("move", previous, stage, None, stage - 1, 0))
        previous = stage
        if stage == 7 and variant % 3 != 2:  # the tax invoice was corrected: back to Invoice and again
            events += [("move", 7, 6, "Invoice corrected", 6, 4), ("move", 6, 7, None, 6, 8)]
        if stage == 10:  # more tranches of the partial dispatch, each one a new entry of the stage
            events += [
                ("move", 10, 10, f"Tranche {tranche + 2} dispatched", 9, 6 * (tranche + 1))
                for tranche in range(1 + variant % 3)
            ]
    return events


def history_patterns():
    """Every (position, variant)'s events with the date each stay was left (the next event that is not a
    skip, as the history's trigger sets it) and the date of the last event, as rows for a pattern table:
    (position, variant, seq, kind, from, to, note, step, hours, left step, left hours, last step, last
    hours)."""
    rows = []
    for position in range(1, 13):
        for variant in range(HISTORY_VARIANTS):
            events = history_events(position, variant)
            stays = [seq for seq, event in enumerate(events) if event[0] != "skip"]
            last_step, last_hours = events[-1][4:6]
            for seq, (kind, from_position, to_position, note, step, hours) in enumerate(events):
                left = (None, None)
                if kind != "skip" and seq != stays[-1]:
                    left = events[stays[stays.index(seq) + 1]][4:6]
                rows.append(
                    (position, variant, seq, kind, from_position, to_position, note, step, hours, *left,
                     last_step, last_hours)
                )  # fmt: skip
    return rows


def create_history_patterns(cr, table="bench_history_pattern"):
    """A temporary table of :func:`history_patterns`, for INSERT ... SELECT joining it to the orders."""
    cr.execute(
        f"""DROP TABLE IF EXISTS {table};
            CREATE TEMP TABLE {table} (position int, variant int, seq int, kind varchar, from_position int,
                to_position int, note text, step int, hours int, left_step int, left_hours int,
                last_step int, last_hours int)"""
    )
    execute_values(cr._obj, f"INSERT INTO {table} VALUES %s", history_patterns())
    cr.execute(f"ANALYZE {table}")
