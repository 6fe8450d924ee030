"""What the load test measures on a cluster (issue 18): which cursor served each request, what the replica
ran, which node ran each outbox job, and the node killed mid-run.

Evidence comes from two independent places: each node's request log, where Odoo 18 writes the cursor mode of
every request when a replica is configured (``ro`` read-only on the replica, ``rw`` the primary, ``ro->rw``
a read-only request that wrote and was replayed on the primary), and the replica's own ``pg_stat_activity``,
sampled during the run.
"""

import re
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime

# Odoo's request log line (odoo/netsvc.py with a replica): ... "POST /path HTTP/1.0" 200 - queries s s mode
REQUEST_LINE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) .* (?P<mode>ro->rw|ro|rw|-)\s*$'
)
CRON_LINE = re.compile(r"ir_cron: Job '(?P<job>[^']+)' \(\d+\) (?P<event>starting|completed)")
# What the replica's backends run, told apart by the tables the screens read.
REPLICA_SCREENS = {
    "board": re.compile(r'GROUP BY .*"sale_order"\."oms_stage_id"|"sale_order"\."oms_stage_id" IN', re.S),
    "KPI dashboards": re.compile(r'FROM "oms_[a-z_]*_report"'),
    "timeline": re.compile(r"oms_stage_history"),
}
# The requests of those screens (and the customer's order page), as the nodes log them.
SCREEN_REQUESTS = ("rpc web_read_group", "rpc web_search_read", "rpc web_read", "portal page")
# The suite's outboxes, by their cron's name.
OUTBOX_JOBS = {"IRN": "IRN jobs", "e-way bill": "e-way bills", "Tally": "Tally"}


class ReplicaWatch:
    """Samples the replica's pg_stat_activity every ``interval`` seconds for the load database."""

    def __init__(self, cluster, interval=0.05):
        self.cluster, self.interval = cluster, interval
        self.seen = Counter()
        self.samples = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        connection = self.cluster.pg.connect("postgres", replica=True)
        connection.autocommit = True
        with connection.cursor() as cursor:
            while not self.stop.wait(self.interval):
                cursor.execute(
                    "SELECT query FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
                    " AND state = 'active' AND pid <> pg_backend_pid()",
                    [self.cluster.database],
                )
                self.samples += 1
                for (query,) in cursor.fetchall():
                    self.seen["any query"] += 1
                    for screen, pattern in REPLICA_SCREENS.items():
                        if pattern.search(query or ""):
                            self.seen[screen] += 1
        connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        self.thread.join(timeout=10)


def request_modes(log_paths):
    """{(kind of request, cursor mode): count} over the nodes' request logs."""
    modes = Counter()
    for path in log_paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = REQUEST_LINE.search(line)
            if match:
                modes[(request_kind(match["path"]), match["mode"])] += 1
    return modes


def request_kind(path):
    path = path.split("?")[0]
    if path.startswith("/web/dataset/call_kw/"):
        return "rpc " + path.rsplit("/", 1)[-1]
    if path.startswith("/my/"):
        return "portal page"
    return path


def cron_runs(log_paths):
    """[(outbox, node, started, ended)] of every outbox cron run, from the nodes' logs."""
    runs, open_runs = [], {}
    for node, path in enumerate(log_paths, start=1):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = CRON_LINE.search(line)
            if not match:
                continue
            outbox = next((name for name, marker in OUTBOX_JOBS.items() if marker in match["job"]), None)
            if outbox is None:
                continue
            at = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
            key = (node, match["job"])
            if match["event"] == "starting":
                open_runs[key] = at
            elif key in open_runs:
                runs.append((outbox, node, open_runs.pop(key), at))
    return runs


def runs_per_node(runs):
    table = defaultdict(Counter)
    for outbox, node, _started, _ended in runs:
        table[outbox][f"node {node}"] += 1
    return table


def overlapping_runs(runs):
    """Pairs of outbox runs on different nodes that were under way at the same moment."""
    return sum(
        1
        for index, (_o, node, started, ended) in enumerate(runs)
        for _p, other_node, other_started, other_ended in runs[index + 1 :]
        if node != other_node and started < other_ended and other_started < ended
    )


def kill_and_restart_node(cluster, number, stop, log, due, down_for=15.0):
    """Once, when ``due()`` says so: the node dies at once (all its processes), and comes back later.

    The moment is the run's progress, not the clock (a third of the orders done): the suite's run and plain
    Odoo's, whose lengths differ, lose the node at the same point of their work, and the figures held
    against each other are taken under the same outage."""
    while not due():
        if stop.wait(0.5):
            return
    cluster.kill_node(number)
    log.append(f"killed node {number}")
    stop.wait(down_for)
    cluster.start_node(number)
    log.append(f"restarted node {number}")


def node_outage(cluster, stop, log, done, total):
    """Starts the outage of node 2, due once a third of ``total`` orders are done (``done()`` counts them),
    and returns its thread (join it before the cluster goes down: a node it is restarting would outlive it);
    nothing on a single node."""
    if not cluster or cluster.nodes < 2:
        return None
    thread = threading.Thread(
        target=kill_and_restart_node,
        args=(cluster, 2, stop, log, lambda: done() >= total / 3),
        daemon=True,
    )
    thread.start()
    return thread


def screens_of(user, order_id, fixtures):
    """What a colleague looks at meanwhile: the board, a KPI dashboard and the order's timeline."""
    board = user.call(
        "sale.order",
        "web_read_group",
        [[("oms_stage_id", "!=", False)], ["amount_total:sum"], ["oms_stage_id"]],
        {"lazy": True},
        action="open board",
    )
    for group in board["groups"][:3]:
        user.call(
            "sale.order",
            "web_search_read",
            [group["__domain"], {"name": {}, "partner_id": {"fields": {"display_name": {}}}}],
            {"limit": 40},
            action="open board",
        )
    user.call(
        "oms.dispatch.kpi.report",
        "web_read_group",
        [[], ["__count"], ["ageing_bucket"]],
        {"lazy": False},
        action="open KPI dashboard",
    )
    user.call("sale.order", "web_read", [[order_id], {"oms_timeline_html": {}}], action="open timeline")


def wait_until(check, seconds, step=0.25):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


def replica_statements(cluster, log_path):
    """{screen: calls} of the statements the replica ran for the load database (pg_stat_statements); the
    statements themselves go to ``log_path``, most called first."""
    calls = Counter()
    with cluster.pg.cursor(cluster.database, replica=True) as cursor:
        cursor.execute(
            "SELECT query, calls FROM pg_stat_statements"
            " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC"
        )
        rows = cursor.fetchall()
    log_path.write_text("".join(f"{count:>8}  {' '.join(query.split())[:400]}\n" for query, count in rows))
    for query, count in rows:
        calls["any query"] += count
        for screen, pattern in REPLICA_SCREENS.items():
            if pattern.search(query):
                calls[screen] += count
    return calls


def cluster_checks(cluster, log_paths, watch, statements):
    modes = request_modes(log_paths)
    checks = {
        "read-only requests replayed on the primary (they wrote)": sorted(
            f"{kind}: {count}" for (kind, mode), count in modes.items() if mode == "ro->rw"
        ),
    }
    if cluster.replica:
        checks["screens served by the primary"] = sorted(
            f"{kind}: {count}"
            for (kind, mode), count in modes.items()
            if kind in SCREEN_REQUESTS and mode == "rw"
        ) + [f"{kind}: none read-only" for kind in SCREEN_REQUESTS if not modes[(kind, "ro")]]
        checks["screens the replica never ran"] = [
            screen for screen in REPLICA_SCREENS if not statements[screen] and not watch.seen[screen]
        ]
    if cluster.nodes > 1:
        # Which node's cron thread takes a job is Odoo's scheduling (one cron at a time per job, any node):
        # an outbox that ran twice may have run on one node only. What must hold is that every node's cron
        # threads did outbox work; the moments when two nodes were at it together are reported.
        nodes = {node for _outbox, node, _started, _ended in cron_runs(log_paths)}
        checks["nodes whose crons did no outbox work"] = [
            f"node {node}" for node in range(1, cluster.nodes + 1) if node not in nodes
        ]
    return checks


def report(cluster, log_paths, watch, lag, statements):
    modes = request_modes(log_paths)
    print("Requests by cursor (node logs; ro = read-only, on the replica when there is one):")
    for kind in sorted({kind for kind, _mode in modes}):
        counts = {mode: count for (other, mode), count in modes.items() if other == kind}
        if kind.startswith(("rpc", "portal", "/web/session", "/report")):
            print(f"  {kind:<40} {counts}")
    runs = cron_runs(log_paths)
    for outbox, nodes in sorted(runs_per_node(runs).items()):
        print(f"Outbox {outbox} cron runs per node: {dict(sorted(nodes.items()))}")
    print(f"Outbox runs under way on two nodes at the same moment: {overlapping_runs(runs)} pairs")
    if cluster.replica:
        print(f"Replica lag at the end of the run: {lag:.2f} s (apply delay {cluster.replica_delay:g} s)")
        print(f"Replica pg_stat_activity: {watch.samples} samples, active queries seen: {dict(watch.seen)}")
        print(f"Replica pg_stat_statements, calls: {dict(statements)}")
