"""A local cluster laid out like an Odoo deployment on several machines (issue 18), for the load test and by hand.

    proxy: nginx, round robin without stickiness ......................... http://127.0.0.1:<proxy>
      node 1 .. N: Odoo, each with its own HTTP workers and cron threads .. :<proxy>+i (websocket :<proxy>+100+i)
    PostgreSQL primary: the suite's own server; every write, every check, every cron job
    PostgreSQL streaming replica (pg_basebackup): Odoo's read-only requests (db_replica_host / db_replica_port)
    filestore and sessions: Odoo's data_dir, shared by the nodes

Production maps each part to a machine: the nodes are application servers started with the same
configuration, the proxy is the load balancer, the replica a hot standby fed by streaming replication, and
data_dir a network share (NFS or similar) mounted on every node, since sessions and attachments live there.

Sessions are files in data_dir, so any node serves any request: no sticky sessions are needed. Odoo's cron
threads on every node take jobs with ``SELECT ... FOR NO KEY UPDATE SKIP LOCKED``, so a job runs on one node
at a time, and the suite's outboxes lock each job the same way.

Usage (through ``bench/cluster``): up [--nodes 2] [--replica] [--replica-delay S] | down | status
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import cluster_proxy
import cpu_limit
import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = ROOT / ".oms" / "cluster"
STATE_FILE = STATE_DIR / "state.json"


def odoo_server_command(config, options, database, *, workers, cron_threads, http_port, gevent_port, log):
    """An Odoo server of the load test or the cluster, serving one database with its workers and crons."""
    return [
        sys.executable,
        str(ROOT / "bench" / "odoo_server.py"),
        "-c",
        config,
        *options,
        "-d",
        database,
        f"--db-filter=^{database}$",
        f"--workers={workers}",
        f"--max-cron-threads={cron_threads}",
        f"--http-port={http_port}",
        f"--gevent-port={gevent_port}",
        f"--logfile={log}",
        "--limit-time-real=300",
        "--limit-time-cpu=120",
    ]


@dataclass
class Postgres:
    """The suite's private PostgreSQL server, as bin/lib/common.sh started it."""

    bin: str
    data: str
    run: str
    port: int
    run_as: list = field(default_factory=list)  # ["runuser", "-u", "postgres", "--"] when we are root

    @property
    def replica_data(self):
        return str(Path(self.data).parent / "replica")

    @property
    def replica_port(self):
        return self.port + 1

    def tool(self, name, *arguments):
        return subprocess.run(
            [*self.run_as, f"{self.bin}/{name}", *arguments], check=True, capture_output=True
        )

    def connect(self, database="postgres", replica=False):
        port = self.replica_port if replica else self.port
        return psycopg2.connect(host=self.run, port=port, user="oms", dbname=database)

    @contextlib.contextmanager
    def cursor(self, database="postgres", replica=False):
        """A cursor whose work is committed and whose connection is closed at the end of the block."""
        connection = self.connect(database, replica)
        try:
            with connection, connection.cursor() as cursor:
                yield cursor
        finally:
            connection.close()


@dataclass
class Cluster:
    database: str
    pg: Postgres
    odoo_config: str
    odoo_options: list
    nodes: int = 2
    replica: bool = False
    replica_delay: float = 0.0
    workers: int = 2
    cron_threads: int = 1
    proxy_port: int = 8070
    node_cpus: float = 0.0  # > 0: each node confined to that many CPUs, as a machine of its own (cpu_limit)
    processes: dict = field(default_factory=dict)  # node number -> pid, "proxy" -> pid
    replica_running: bool = False  # this cluster made and started its replica

    # ----- the replica -----

    def start_replica(self):
        """A hot standby made from the primary with pg_basebackup, streaming its WAL from then on."""
        self.stop_replica()
        with self.pg.cursor(self.database) as cursor:
            # Made on the primary, it reaches the replica with the base backup; only the replica loads it.
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        data = self.pg.replica_data
        os.makedirs(data, mode=0o700)
        if self.pg.run_as:  # PostgreSQL's own user owns its data, as the primary's
            shutil.chown(data, "postgres", "postgres")
        self.pg.tool(
            "pg_basebackup",
            "-h",
            self.pg.run,
            "-p",
            str(self.pg.port),
            "-U",
            "oms",
            "-D",
            data,
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
        )
        settings = {
            # Odoo's long read-only queries are not cancelled by the replay of the primary's vacuum.
            "hot_standby_feedback": "on",
            # A deliberately late replica: Odoo's reads see the past, its writes and checks must not.
            "recovery_min_apply_delay": f"'{int(self.replica_delay * 1000)}ms'",
            # Every statement the replica runs is counted: the load test reads what the screens cost there.
            "shared_preload_libraries": "'pg_stat_statements'",
        }
        with open(Path(data) / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.replica_running = True
        self.pg.tool(
            "pg_ctl",
            "-D",
            data,
            "-l",
            f"{data}/server.log",
            "-w",
            "-o",
            f"-k {self.pg.run} -p {self.pg.replica_port} -c listen_addresses=''",
            "start",
        )
        with self.pg.cursor(self.database, replica=True) as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            if not cursor.fetchone()[0]:
                raise SystemExit("the replica is not in recovery: it would not follow the primary")

    def stop_replica(self):
        data = Path(self.pg.replica_data)
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*self.pg.run_as, f"{self.pg.bin}/pg_ctl", "-D", str(data), "-m", "fast", "stop"],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(data, ignore_errors=True)

    def replica_lag(self):
        """Seconds the replica's replay is behind the primary's last flushed write, as the primary measures it
        (none when the primary is idle and the replica has caught up)."""
        with self.pg.cursor(self.database) as cursor:
            cursor.execute("SELECT COALESCE(MAX(EXTRACT(EPOCH FROM replay_lag)), 0) FROM pg_stat_replication")
            return float(cursor.fetchone()[0])

    # ----- the Odoo nodes -----

    def node_port(self, number):
        return self.proxy_port + number

    def start_node(self, number):
        log = self.node_logs()[number - 1]
        command = odoo_server_command(
            self.odoo_config,
            self.odoo_options,
            self.database,
            workers=self.workers,
            cron_threads=self.cron_threads,
            http_port=self.node_port(number),
            gevent_port=self.node_port(number) + 100,
            log=log,
        )
        # Behind the proxy, which also serves the attachments Odoo hands over (X-Accel-Redirect).
        command += ["--proxy-mode", "--x-sendfile"]
        if self.replica:
            command += [f"--db_replica_host={self.pg.run}", f"--db_replica_port={self.pg.replica_port}"]
        if self.node_cpus:
            command = cpu_limit.confined(f"node{number}", self.node_cpus, command)
        # Its own session and no inherited output: it outlives ``bench/cluster up`` and logs to its file.
        process = subprocess.Popen(
            command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.processes[str(number)] = process.pid
        self.wait_for(f"http://127.0.0.1:{self.node_port(number)}", f"node {number}", log)

    def kill_node(self, number):
        """The whole node at once, master and workers, as a machine that loses power."""
        pid = self.processes.pop(str(number), None)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)

    # ----- the proxy -----

    def start_proxy(self):
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (STATE_DIR / "nginx-temp" / name).mkdir(parents=True, exist_ok=True)
        conf = STATE_DIR / "nginx.conf"
        conf.write_text(cluster_proxy.nginx_conf(self, STATE_DIR), encoding="utf-8")
        process = subprocess.Popen(
            ["nginx", "-p", str(STATE_DIR), "-c", str(conf)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(STATE_DIR / "nginx-error.log", "ab"),  # noqa: SIM115
        )
        self.processes["proxy"] = process.pid
        self.wait_for(self.url, "proxy", STATE_DIR / "nginx-error.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.proxy_port}"

    @staticmethod
    def wait_for(base_url, what, log, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(base_url + "/web/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise SystemExit(f"{what} did not answer on {base_url}; see {log}")

    # ----- the whole -----

    def node_logs(self):
        # Per database: the load test's plain-Odoo cluster comes up after the suite's, whose logs are read last.
        return [STATE_DIR / f"node{number}-{self.database}.log" for number in range(1, self.nodes + 1)]

    def ports(self):
        nodes = range(1, self.nodes + 1)
        return [
            self.proxy_port,
            *(self.node_port(n) for n in nodes),
            *(self.node_port(n) + 100 for n in nodes),
        ]

    def up(self):
        # A port already answering is another cluster left running: the health checks would reach it and
        # the run would measure the wrong servers.
        busy = [port for port in self.ports() if _answers(port)]
        if busy:
            raise SystemExit(f"ports {busy} are in use (a cluster left up? bench/cluster down, or stop it)")
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        for log in self.node_logs():
            log.unlink(missing_ok=True)
        if self.replica:
            self.start_replica()
        for number in range(1, self.nodes + 1):
            self.start_node(number)
        self.start_proxy()
        self.save()

    def down(self):
        for name, pid in list(self.processes.items()):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            for _tick in range(60):
                if not Path(f"/proc/{pid}").exists() or _zombie(pid):
                    break
                time.sleep(0.5)
            else:
                os.killpg(pid, signal.SIGKILL)
            self.processes.pop(name, None)
        if self.node_cpus:
            for number in range(1, self.nodes + 1):
                cpu_limit.release(f"node{number}")
        if self.replica_running:
            self.stop_replica()
        STATE_FILE.unlink(missing_ok=True)

    def save(self):
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "pg"}
        STATE_FILE.write_text(json.dumps({**values, "pg": self.pg.__dict__}, indent=1), encoding="utf-8")

    @classmethod
    def load(cls):
        values = json.loads(STATE_FILE.read_text(encoding="utf-8"))
        return cls(**{**values, "pg": Postgres(**values["pg"])})

    def quota_summary(self):
        """How often each node used up its CPU quota (empty without quotas): a node throttled most of the
        time was limited by its CPUs, as a busy machine of that size would be."""
        if not self.node_cpus:
            return ""
        shares = (f"node {n} {cpu_limit.throttled_share(f'node{n}'):.0%}" for n in range(1, self.nodes + 1))
        return f"CPU quota {self.node_cpus:g} per node, periods throttled: " + ", ".join(shares)

    def _cpus_label(self):
        return f"  CPUs={self.node_cpus:g} (quota)" if self.node_cpus else ""

    def describe(self):
        lines = [f"proxy  {self.url}  (nginx, round robin over {self.nodes} nodes)"]
        for number in range(1, self.nodes + 1):
            lines.append(
                f"node {number} http://127.0.0.1:{self.node_port(number)}  workers={self.workers} "
                f"cron threads={self.cron_threads}{self._cpus_label()}  pid {self.processes.get(str(number))}  "
                f"log {self.node_logs()[number - 1]}"
            )
        lines.append(f"primary  PostgreSQL {self.pg.run}:{self.pg.port}")
        if self.replica:
            lines.append(
                f"replica  PostgreSQL {self.pg.run}:{self.pg.replica_port}  (streaming, apply delay "
                f"{self.replica_delay:g} s, lag now {self.replica_lag():.2f} s)"
            )
        return "\n".join(lines)


def _answers(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("--database", default="oms_load")
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--replica", action="store_true")
    parser.add_argument("--replica-delay", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cron-threads", type=int, default=1)
    parser.add_argument("--proxy-port", type=int, default=8070)
    cpu_limit.add_argument(parser)
    parser.add_argument("--odoo-config", required=True)
    parser.add_argument("--odoo-option", action="append", default=[])
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--pg-data", required=True)
    parser.add_argument("--pg-run", required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("--pg-as", default="", help="prefix to run PostgreSQL's tools as its owner")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    if arguments.command != "up":
        if not STATE_FILE.exists():
            print("no cluster is up")
            return
        cluster = Cluster.load()
        if arguments.command == "down":
            cluster.down()
            print("cluster stopped")
        else:
            print(cluster.describe())
        return
    if STATE_FILE.exists():
        raise SystemExit(f"a cluster is already up ({STATE_FILE}); run  bench/cluster down  first")
    pg = Postgres(
        arguments.pg_bin, arguments.pg_data, arguments.pg_run, arguments.pg_port, arguments.pg_as.split()
    )
    cluster = Cluster(
        arguments.database,
        pg,
        arguments.odoo_config,
        arguments.odoo_option,
        arguments.nodes,
        arguments.replica,
        arguments.replica_delay,
        arguments.workers,
        arguments.cron_threads,
        arguments.proxy_port,
        node_cpus=arguments.node_cpus,
    )
    try:
        cluster.up()
    except BaseException:
        cluster.down()
        raise
    print(cluster.describe())


if __name__ == "__main__":
    main()
