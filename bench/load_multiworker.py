"""Multi-worker load test (issue 8), run by ``bench/load``.

Starts the loopback NIC IRP, NIC EWB and Tally simulators, points the demo company at them, starts Odoo
with ``--workers=4 --max-cron-threads=2``, and lets N users drive orders over JSON-RPC from quotation to
complete dispatch (commercial invoice, tax invoice with IRN, shipment, tranches with e-way bills, a race of
two users on the last tranche) while the cron workers push the outbox. With ``--faults`` the simulators
time out, fail with 5xx, answer garbage or go down, and an Odoo cron worker is killed mid-run.
Then it checks, from the database and the simulators: no line over-dispatched, no stage-history gap, each
document sent once, nothing left in the outbox, no ERROR in the server log. Prints throughput and the p50 /
p95 latency of each action. Exit status 1 when any check fails.
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import cpu_limit  # noqa: E402
import load_baseline  # noqa: E402
import load_checks  # noqa: E402
import load_cluster  # noqa: E402
from cluster import Cluster, Postgres, odoo_server_command  # noqa: E402
from load_flow import OrderFlow  # noqa: E402
from load_rpc import Latencies, RpcUser  # noqa: E402
from load_setup import LOAD_PASSWORD, configure  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

from simulators.nic_ewb import EwbSimulator  # noqa: E402
from simulators.nic_irp import IrpSimulator  # noqa: E402
from simulators.smtp import SmtpSimulator  # noqa: E402
from simulators.tally import TallySimulator  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--odoo-config", required=True)
    parser.add_argument("--odoo-option", action="append", default=[])
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--orders", type=int, default=32)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--minutes", type=float, default=15, help="upper bound of the whole run")
    parser.add_argument(
        "--nodes", type=int, default=0, help="Odoo nodes behind nginx (bench/cluster); 0: one server"
    )
    parser.add_argument(
        "--replica", action="store_true", help="a streaming replica serves read-only requests"
    )
    parser.add_argument("--replica-delay", type=float, default=2.0, help="seconds the replica applies late")
    parser.add_argument(
        "--baseline", action="store_true", help="also drive plain Odoo's flow; print the ratios"
    )
    cpu_limit.add_argument(parser)
    parser.add_argument("--baseline-database", default="oms_load_odoo")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip plain Odoo's run (implied by --nodes)"
    )
    parser.add_argument("--pg", nargs=5, metavar=("BIN", "DATA", "RUN", "PORT", "AS"), help="from bench/load")
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_env(arguments, work):
    registry = Registry(arguments.database)
    with registry.cursor() as cursor:
        return work(api.Environment(cursor, SUPERUSER_ID, {}))


def start_server(arguments, log_path, http_port):
    command = odoo_server_command(
        arguments.odoo_config,
        arguments.odoo_option,
        arguments.database,
        workers=4,
        cron_threads=2,
        http_port=http_port,
        gevent_port=free_port(),
        log=log_path,
    )
    server = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    base_url = f"http://127.0.0.1:{http_port}"
    for _attempt in range(120):
        try:
            if requests.get(base_url + "/web/login", timeout=5).status_code == 200:
                return server, base_url
        except requests.RequestException:
            pass
        time.sleep(1)
    server.kill()
    raise SystemExit(f"Odoo did not answer on {base_url}; see {log_path}")


def make_cluster(arguments):
    if not arguments.pg:
        raise SystemExit(
            "--nodes needs the private PostgreSQL server's paths (--pg), as bench/load passes them"
        )
    pg_bin, data, run, port, run_as = arguments.pg
    return Cluster(
        arguments.database,
        Postgres(pg_bin, data, run, int(port), run_as.split()),
        arguments.odoo_config,
        arguments.odoo_option,
        nodes=arguments.nodes,
        replica=arguments.replica,
        replica_delay=arguments.replica_delay,
        proxy_port=8270,
        # Two per node, as the single server has: one thread is often busy rendering the customer mails'
        # PDFs, and each node's crons must be seen taking outbox jobs.
        cron_threads=2,
        node_cpus=arguments.node_cpus,
    )


# Requests a system must receive after a fault before it is given another (see inject_faults).
FAULT_SPACING = 5


def traffic(simulator):
    """Requests the simulator has received so far."""
    return len(simulator.requests) if hasattr(simulator, "requests") else simulator.requests_received


def inject_faults(irp, ewb, tally, server_pid, stop, log):
    """Now and then one fault somewhere; once, a cron worker killed in the middle of its work."""
    kinds = [
        (irp, "timeout"),
        (irp, "http_503"),
        (irp, "malformed"),
        (ewb, "http_500"),
        (ewb, "timeout"),
        (tally, "down"),
        (tally, "garbage"),
        (tally, "http_500"),
    ]
    killed = False
    started = time.monotonic()
    # One fault every 10 s: dense enough that every connector meets several during the run, sparse enough
    # that a job's backoff stays within minutes (a fault on every request would only test the backoff cap).
    armed_at = {}
    while not stop.wait(10.0):
        simulator, kind = random.choice(kinds)
        # A fault waits for traffic past the previous one on the same system: when a single job is left
        # retrying, "the next request" would otherwise be that job's every attempt, and its backoff would
        # outgrow the run (a fault per attempt tests the backoff cap, not recovery). An attempt makes up to
        # two requests (a token, then the call), so a few more than that must have gone by.
        if armed_at.get(simulator, -FAULT_SPACING) + FAULT_SPACING > traffic(simulator):
            continue
        armed_at[simulator] = traffic(simulator)
        simulator.fail_next(kind)
        log.append(f"{type(simulator).__name__}: {kind}")
        if not killed and time.monotonic() - started > 20:
            crons = [
                child
                for child in psutil.Process(server_pid).children(recursive=True)
                if "WorkerCron" in " ".join(child.cmdline())
            ]
            if crons:
                os.kill(crons[0].pid, signal.SIGKILL)
                log.append(f"killed cron worker {crons[0].pid}")
                killed = True


def wait_for_outbox(arguments, seconds):
    deadline = time.monotonic() + seconds
    while True:
        backlog = with_env(
            arguments,
            lambda env: (
                load_checks.outbox_backlog(env.cr) | load_checks.mail_backlog(env.cr, arguments.since)
            ),
        )
        pending = {key: count for key, count in backlog.items() if key.endswith(".pending")}
        if not pending or time.monotonic() > deadline:
            return backlog
        time.sleep(3)


def main():
    arguments = parse_arguments()
    if not shutil.which("wkhtmltopdf"):
        # Without it every customer mail would go without its PDFs: a lighter path than production's.
        raise SystemExit(
            "wkhtmltopdf is not installed: the load test renders the real PDFs of every customer mail, as "
            "production does. Install it (Debian: apt-get install wkhtmltopdf) and run again."
        )
    odoo.tools.config.parse_config(["-c", arguments.odoo_config, *arguments.odoo_option])
    irp = IrpSimulator(gstin="27AADCD4321K1ZR").start()
    ewb = EwbSimulator(gstin="27AADCD4321K1ZR").start()
    tally = TallySimulator(companies=()).start()
    smtp = SmtpSimulator().start()

    http_port = free_port()

    def set_up(env):
        env.cr.execute("SELECT (now() at time zone 'utc')::timestamp")
        arguments.since = env.cr.fetchone()[0]
        # wkhtmltopdf loads the reports' styles and fonts from the server, as in production.
        env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{http_port}")
        values = configure(env, irp, ewb, tally, arguments.users, smtp)
        env.cr.commit()
        return values

    cluster = arguments.nodes and make_cluster(arguments)
    if cluster:
        http_port = cluster.proxy_port
    fixtures = with_env(arguments, set_up)
    log_path = ROOT / ".oms" / "reports" / "load-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.unlink(missing_ok=True)
    if cluster:
        try:
            cluster.up()
        except BaseException:
            cluster.down()
            raise
        server, base_url, log_paths = None, cluster.url, cluster.node_logs()
        watch = load_cluster.ReplicaWatch(cluster).__enter__() if cluster.replica else None
    else:
        server, base_url = start_server(arguments, log_path, http_port)
        log_paths, watch = [log_path], None
    latencies, outcomes, failures, fault_log = Latencies(), [], [], []
    stop_faults = threading.Event()
    run_tag = f"LOAD-{uuid.uuid4().hex[:6].upper()}"
    outage = None
    order_ids = []
    try:
        logins = fixtures["logins"]
        sessions = [
            RpcUser(base_url, arguments.database, login, LOAD_PASSWORD, latencies) for login in logins
        ]
        rivals = [
            RpcUser(base_url, arguments.database, login, LOAD_PASSWORD, latencies)
            for login in logins[1:] + logins[:1]
        ]
        # A colleague at another desk, signed in as the user's teammate: they only look (boards, dashboards,
        # timelines), so their session never wrote and their screens are the replica's.
        viewers = [
            RpcUser(base_url, arguments.database, login, LOAD_PASSWORD, latencies)
            for login in logins[2:] + logins[:2]
        ]
        fixtures["portal_user"] = RpcUser(
            base_url, arguments.database, fixtures["portal_login"], LOAD_PASSWORD, latencies
        )
        if arguments.faults:
            # On a cluster: a cron worker of node 1 killed mid-job, and node 2 lost whole and restarted.
            master = cluster.processes["1"] if cluster else server.pid
            threading.Thread(
                target=inject_faults, args=(irp, ewb, tally, master, stop_faults, fault_log), daemon=True
            ).start()
            outage = load_cluster.node_outage(
                cluster, stop_faults, fault_log, lambda: len(order_ids), arguments.orders
            )
        slots = threading.Semaphore(len(sessions))
        free_users = list(zip(sessions, rivals, viewers, strict=True))
        lock = threading.Lock()

        def one_order(index):
            with slots:
                with lock:
                    users = free_users.pop()
                flow = OrderFlow(users, fixtures, run_tag, index, outcomes)
                try:
                    order_ids.append(flow.run())
                except Exception as error:  # every failure is reported; none stops the run
                    failures.append(f"{run_tag}-{index:04d}: {error}")
                    if flow.order_id:
                        order_ids.append(flow.order_id)
                finally:
                    with lock:
                        free_users.append(users)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
            list(pool.map(one_order, range(arguments.orders)))
        elapsed = time.monotonic() - started
        stop_faults.set()
        backlog = wait_for_outbox(arguments, seconds=max(60, arguments.minutes * 60 - elapsed))
    finally:
        stop_faults.set()
        if outage:
            outage.join(timeout=180)  # a node being restarted must be up before the cluster goes down
        if watch:
            watch.__exit__(None, None, None)
        if cluster:
            try:
                # Read from the replica before it goes: its lag and the statements it ran.
                lag = cluster.replica_lag() if cluster.replica else None
                statements = (
                    load_cluster.replica_statements(
                        cluster, log_path.with_name("load-replica-statements.txt")
                    )
                    if cluster.replica
                    else {}
                )
                quota = cluster.quota_summary()
            finally:
                cluster.down()
        else:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)

    def verify(env):
        orders, invoices = load_checks.documents_of(env.cr, order_ids)
        return (
            {
                "over-dispatched lines": load_checks.over_dispatched_lines(env.cr, order_ids),
                "stage-history gaps": load_checks.history_gaps(env.cr, order_ids),
                "sent other than once": load_checks.sent_twice(irp, tally.company(), invoices),
                "tranches without exactly one e-way bill": load_checks.eway_bill_problems(env.cr, order_ids),
                "tranches that left before their e-way bill": load_checks.left_before_eway_bill(
                    env.cr, order_ids
                ),
                "outbox left (pending/failed)": backlog,
                "server log ERROR lines": [
                    line for path in log_paths for line in load_checks.log_problems(path)
                ],
                "customer mails not prepared and posted": mails_not_posted(env),
                "customer mails delivered without a PDF": [
                    message["subject"]
                    for message in smtp.messages
                    # The invoice and dispatch mails carry their PDFs (invoice, challan, dispatch summary).
                    if re.search(r"invoice|dispatched", message["subject"] or "")
                    and not any(
                        part.get_content_type() == "application/pdf" for part in message.iter_attachments()
                    )
                ],
                "orders not completed": failures,
                "races with two winners": [ref for ref, kinds in outcomes if kinds.count("dispatched") > 1],
            },
            len(orders),
            len(invoices),
        )

    def mails_not_posted(env):
        queued, posted = load_checks.customer_mail_counts(env.cr, arguments.since)
        mails["queued"], mails["posted"] = queued, posted
        return [] if queued == posted else [f"{queued - posted} of {queued}"]

    mails = {}
    checks, order_count, invoice_count = with_env(arguments, verify)
    if cluster:
        checks.update(load_cluster.cluster_checks(cluster, log_paths, watch, statements))
    for simulator in (irp, ewb, tally, smtp):
        simulator.stop()
    report(arguments, latencies, checks, elapsed, order_count, invoice_count, fault_log, log_paths, outcomes)
    if cluster:
        load_cluster.report(cluster, log_paths, watch, lag, statements)
        if quota:
            print(quota)
    print(
        f"Customer mails: {mails.get('queued', 0)} queued, {mails.get('posted', 0)} prepared and posted, "
        f"{len(smtp.messages)} delivered to the SMTP relay with {len(smtp.pdf_attachments())} PDFs; "
        f"{sum(load_checks.pdfs_rendered(path) for path in log_paths)} PDFs rendered by the server"
    )
    # On a cluster the figures are always held against plain Odoo on the same cluster.
    baseline_problems = (
        run_baseline(arguments, latencies)
        if (arguments.baseline or arguments.nodes) and not arguments.no_baseline
        else []
    )
    sys.exit(1 if any(checks.values()) or baseline_problems else 0)


def run_baseline(arguments, latencies):
    """Plain Odoo's flow on the same topology, after the suite's run (whose logs are read by then)."""
    plain = argparse.Namespace(**{**vars(arguments), "database": arguments.baseline_database})

    outage = {"stop": threading.Event(), "log": []}

    def start(done):
        if arguments.nodes:
            cluster = make_cluster(plain)
            cluster.up()
            if arguments.faults:
                # The suite's run lost node 2 for a while; plain Odoo's loses it at the same point of its work.
                outage["thread"] = load_cluster.node_outage(
                    cluster, outage["stop"], outage["log"], done, arguments.orders
                )

            def stop_cluster():
                outage["stop"].set()
                if outage.get("thread"):
                    outage["thread"].join(timeout=180)
                cluster.down()

            return cluster.url, stop_cluster
        server, url = start_server(plain, ROOT / ".oms" / "reports" / "load-odoo-server.log", free_port())

        def stop():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)

        return url, stop

    odoo_latencies = Latencies()
    elapsed, completed, failures = load_baseline.run_plain(
        arguments, lambda work: with_env(plain, work), start, odoo_latencies, arguments.users
    )
    print(
        f"\nPlain Odoo (sale_stock, l10n_in; no add-on of the suite), same topology and users: {completed} orders "
        f"in {elapsed:.1f} s, {completed / elapsed * 60:.1f} orders per minute"
    )
    if outage["log"]:
        print(f"Faults on plain Odoo's cluster: {'; '.join(outage['log'])}")
    print(f"{'action':<24}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}")
    for action, count, median, p95 in odoo_latencies.table():
        print(f"{action:<24}{count:>7}{median * 1000:>10.0f}{p95 * 1000:>10.0f}")
    problems = load_baseline.ratio_table(latencies, odoo_latencies) + failures
    for problem in failures:
        print(f"FAIL plain Odoo order: {problem}")
    return problems


def report(arguments, latencies, checks, elapsed, order_count, invoice_count, fault_log, log_paths, outcomes):
    topology = (
        f"{arguments.nodes} nodes behind nginx, each workers=2, cron threads=2, "
        f"{'CPUs=' + format(arguments.node_cpus, 'g') + ' (quota), ' if arguments.node_cpus else ''}"
        f"replica={'on, applying ' + format(arguments.replica_delay, 'g') + ' s late' if arguments.replica else 'off'}"
        if arguments.nodes
        else "one server, workers=4, cron threads=2"
    )
    print(
        f"\nLoad: {arguments.users} users, {order_count} orders, {invoice_count} invoices, {topology}, "
        f"faults={'on' if arguments.faults else 'off'}"
    )
    print(f"Elapsed {elapsed:.1f} s; {order_count / elapsed * 60:.1f} orders per minute end to end")
    print(f"{'action':<24}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}")
    for action, count, median, p95 in latencies.table():
        print(f"{action:<24}{count:>7}{median * 1000:>10.0f}{p95 * 1000:>10.0f}")
    print("Retries and dropped connections:", dict(latencies.errors) or "none")
    races = Counter(" + ".join(kinds) for _reference, kinds in outcomes)
    print("Races on the last tranche (one winner expected):", dict(races))
    print(
        "Serialization conflicts retried by Odoo:",
        sum(load_checks.serialization_retries(path) for path in log_paths),
    )
    if fault_log:
        print(
            f"Faults injected: {len(fault_log)} ({'; '.join(fault_log[:12])}{' ...' if len(fault_log) > 12 else ''})"
        )
    for name, problems in checks.items():
        print(f"{'FAIL' if problems else 'ok  '} {name}: {problems if problems else 'none'}")


if __name__ == "__main__":
    main()
