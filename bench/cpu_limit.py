"""CPU quotas that stand in for separate machines on one box (issue 18's scaling figure).

A production cluster gives each Odoo node a machine of its own, so a second node brings its own CPUs. On one
box every process shares the same cores: a second node adds workers but no CPU, and the throughput of two
nodes says nothing about how the suite scales. A Linux control group with a CPU quota gives each node a fixed
share (``--node-cpus 0.5``: half a core, whatever else runs), so two nodes have twice the CPU of one, as two
machines would, while PostgreSQL, nginx, the simulators and the load's users run outside the quotas.

The quota is the cgroup v2 ``cpu.max`` where the unified hierarchy has the cpu controller, else the v1
``cpu`` hierarchy's ``cpu.cfs_quota_us``. It needs root (the load test runs as root here).
"""

import contextlib
from pathlib import Path

PERIOD_US = 100_000
V2_ROOT = Path("/sys/fs/cgroup")
V1_ROOT = Path("/sys/fs/cgroup/cpu")


def add_argument(parser):
    """``--node-cpus``, as the cluster and the load test both take it."""
    parser.add_argument(
        "--node-cpus",
        type=float,
        default=0.0,
        help="confine each Odoo node to this many CPUs, as a machine of its own (bench/cpu_limit.py)",
    )


def _group(name):
    """(directory of the group, how its quota is written) for this machine's cgroup layout."""
    controllers = V2_ROOT / "cgroup.controllers"
    if controllers.exists() and "cpu" in controllers.read_text().split():
        return V2_ROOT / f"oms-{name}", lambda group, quota: (group / "cpu.max").write_text(
            f"{quota} {PERIOD_US}"
        )
    if (V1_ROOT / "cpu.cfs_quota_us").exists():

        def write_v1(group, quota):
            (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (group / "cpu.cfs_quota_us").write_text(str(quota))

        return V1_ROOT / f"oms-{name}", write_v1
    raise SystemExit("--node-cpus needs a cgroup cpu controller (cgroup v2 cpu.max or v1 cpu), and root")


def confined(name, cpus, command):
    """``command`` made to run, with every process it forks, within ``cpus`` CPUs (a control group named
    after ``name``). The shell joins the group before it execs the command, so no worker escapes it."""
    if cpus <= 0:
        raise SystemExit(f"--node-cpus must be above 0, not {cpus}")
    group, write_quota = _group(name)
    group.mkdir(exist_ok=True)
    write_quota(group, int(cpus * PERIOD_US))
    procs = group / "cgroup.procs"
    return ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(procs), *command]


def release(name):
    """Remove the group once its processes are gone (a group with processes cannot be removed)."""
    with contextlib.suppress(SystemExit, OSError):
        group, _write = _group(name)
        if group.exists():
            group.rmdir()


def throttled_share(name):
    """Share of the group's scheduling periods in which it used up its quota and waited (cpu.stat's
    nr_throttled / nr_periods, the same in v1 and v2): near 0, the quota was not what limited the node."""
    group, _write = _group(name)
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines() if line.strip())
    periods = int(stat.get("nr_periods", 0))
    return int(stat.get("nr_throttled", 0)) / periods if periods else 0.0
