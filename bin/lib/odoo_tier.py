"""Odoo tier of bin/oms-test: install the suite on fresh databases and run the tests through Odoo.

Steps, each counted as passed or failed in the closing line:
  1. a fresh database with demo data: install the suite, run every suite module's tests; then (on the
     second CPU, after step 5) the demo company's six months of business made through the real flow on
     it, and the tests that hold the demo to the truth (bin/lib/odoo_tier_demo.py);
  2. a fresh database without demo data: install the suite, run the tests again (they must not rely
     on demo records);
  3. an upgrade of oms_handover keeps a manager's edits and duplicates nothing; then the suite installed
     into a database of plain Odoo holding business, and each add-on uninstalled: the business intact and
     Odoo's own flow working throughout;
  4. (on the second CPU, beside steps 1-3) a database of the previous release, with an open tranche and its
     e-way bills made by that release's code, upgraded to this code: everything it held is kept
     (bin/lib/migration_legacy_state.py, bin/lib/migration_checks.py);
  5. (on the second CPU, after step 4) on a database with the suite installed and without demo data, Odoo's
     own tests of the modules the suite extends or depends on (ODOO_OWN_TEST_MODULES); a test fails the step
     unless it fails on plain Odoo too (FAILING_ON_PLAIN_ODOO, measured with --plain-baseline).
A step fails on any failed test, any ERROR or CRITICAL log line, or any suite module not installed.

Usage: odoo_tier.py --odoo CMD... (the command prefix that runs Odoo with its connection options)
        --psql CMD... --modules a,b --log-dir DIR
"""

import argparse
import ast
import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tarfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bin/lib"))
from odoo_tier_demo import demo_history  # noqa: E402

# The release before open tranches and the one shape of NIC jobs: its databases hold e-way bills that were
# their own generation jobs and deliveries dispatched without tranche documents.
PREVIOUS_RELEASE = "bac55a44a4e120dd8e162ace3bed7738e98505e8"
PREVIOUS_RELEASE_MODULES = (
    "oms_handover,oms_dispatch,oms_gst_india,oms_tally_bridge,oms_dispatch_mrp,oms_tally_stock"
)
# The release before per-company pipelines and the check registry (18.0.1.2.0 of oms_handover): its
# databases hold shared stages, rules shared by every company with free-text checks, and their history.
PIPELINE_RELEASE = "7e0f394384a962576535b3da9314e2a16df33d64"
RESULT_LINE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# Odoo's own test classes log expected errors on purpose; they are not install errors of ours.
TEST_LOGGER = re.compile(r" (ERROR|CRITICAL) \S+ odoo\.addons\.\w+\.tests\.")
HTTP_EXCEPTION = re.compile(r" odoo\.http: Exception during request handling")
TIMESTAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ")
AST_THREAD_RACE = "SystemError: AST constructor recursion depth mismatch"
# A suite test skipped (a browser tour without Chromium or websocket-client) has not shown anything.
SKIPPED_SUITE_TEST = re.compile(r" INFO \S+ odoo\.addons\.oms_\w+\.tests\.\S+: skipped ")
# Odoo's own ERROR lines that summarise failed tests (each failed test is reported on its own line).
TEST_SUMMARY = re.compile(
    r" odoo\.(tests\.result: \d+ failed|modules\.loading: (Module \w+: \d+ failures|At least one test failed))"
)
# A failed test as Odoo logs it: by the test's own logger, or by odoo.tests.suite for a class whose
# setUpClass failed (the module is then in the class's dotted name).
FAILED_TEST = re.compile(
    r" (?:ERROR|CRITICAL) \S+ (?:odoo\.addons\.(\w+)\.tests\.\S+: (?:FAIL|ERROR): (.+)"
    r"|odoo\.tests\.suite: (?:FAIL|ERROR): (setUpClass \(odoo\.addons\.(\w+)\.tests\.[^)]*\)))$",
    re.MULTILINE,
)
# Odoo's own tests run with the suite installed, since whatever Odoo did must keep working: the modules the
# suite extends or depends on for its flows. Chosen by measuring their run time on a 2-core machine (README, "Odoo's own
# tests"); the ones left out are named there with their time.
ODOO_OWN_TEST_MODULES = (
    "sale,sale_management,sale_stock,sale_purchase,sale_purchase_stock,sale_mrp,purchase_stock,sale_crm,"
    "l10n_in,l10n_in_edi,l10n_in_ewaybill_stock,l10n_in_sale,l10n_in_stock,stock,mrp,purchase,"
    # OCA's add-on the suite extends (oms_order_type): its own tests hold with the suite installed.
    "sale_order_type"
)
# The two company settings whose refusals Odoo's own tests walk into by design (goods leave only through the
# pipeline; orders back-dated at most N days): off, as for a company that has not turned them on.
SETTINGS_OFF_FOR_ODOO_TESTS = "UPDATE res_company SET oms_dispatch_gate = FALSE, oms_backdate_limit_days = 0"
# Odoo's Indian e-invoice and e-way bill add-ons are not the suite's dependencies, but a business may run
# them beside it: they are installed in that database for their own tests.
ODOO_BESIDE_SUITE = "l10n_in_edi,l10n_in_ewaybill_stock"
# Tests that fail on plain Odoo 18 in this environment (measured with --plain-baseline), with why. They are
# expected to fail with the suite too and do not fail the step; any other failure does.
_VARIANTS = (
    "needs Product Variants (product.group_product_variant), which Odoo's demo data turns on: the product "
    "field the test writes is hidden without it"
)
_LOTS = (
    "a step needs lots and serial numbers in detailed operations (stock.group_production_lot), on with "
    "Odoo's demo data"
)
_CATALOG = "the tour adds a product from the catalog; without Odoo's demo data none is added (0 != 1)"
FAILING_ON_PLAIN_ODOO = {
    "mrp: TestTourBoM.test_mrp_bom_product_catalog": _CATALOG,
    "mrp: TestTourMrpOrder.test_mrp_order_product_catalog": _CATALOG,
    "mrp: setUpClass (odoo.addons.mrp.tests.test_warehouse_multistep_manufacturing.TestMultistepManufacturingWarehouse)": _VARIANTS,
    "sale: TestProductAttributeValue.test_attribute_values_deletion_or_archiving": "the tour opens Sales > Configuration > Attributes, a menu shown only with Product Variants (on with Odoo's demo data)",
    "sale_mrp: TestSaleMRPAngloSaxonValuation.test_sale_mrp_kit_bom_cogs": _VARIANTS,
    "sale_mrp: TestSaleMrpKitBom.test_qty_delivered_with_bom": _VARIANTS,
    "sale_mrp: TestSaleMrpKitBom.test_qty_delivered_with_bom_using_kit": _VARIANTS,
    "sale_mrp: TestSaleMrpKitBom.test_qty_delivered_with_bom_using_kit2": _VARIANTS,
    "sale_mrp: TestSaleMrpKitBom.test_sale_kit_show_kit_in_delivery": _VARIANTS,
    "stock: TestStockPickingTour.test_add_new_line": _LOTS,
    "stock: TestStockPickingTour.test_add_new_line_in_detailled_op": _LOTS,
    "stock: TestStockPickingTour.test_detailed_op_no_save_1": _LOTS,
    "stock: TestStockPickingTour.test_edit_existing_line": _LOTS,
    "stock: TestStockPickingTour.test_edit_existing_lines_2": _LOTS,
    "stock: TestStockPickingTour.test_generate_serial_1": _LOTS,
    "stock: TestStockPickingTour.test_generate_serial_2": _LOTS,
    "stock: TestStockPickingTour.test_onchange_serial_lot_ids": _LOTS,
}


@dataclass
class StepResult:
    """What one Odoo run showed: test counts and the problems seen outside the tests."""

    name: str
    tests_run: int = 0
    tests_failed: int = 0
    problems: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.problems and self.tests_failed == 0


def error_lines(log_text):
    """The ERROR/CRITICAL lines of a log, less the one interpreter fault known to strike Odoo's HTTP threads
    on this Python: CPython 3.11's AST constructor keeps its recursion depth per interpreter, not per
    thread, so two threads parsing at once may raise "SystemError: AST constructor recursion depth
    mismatch" (python/cpython#106905). Odoo's server thread then answers one static-file request with a
    500 while a test thread compiles; the traceback ends in that SystemError and nothing else of ours runs.
    Any other error in such a request still counts."""
    lines = log_text.splitlines()
    found = []
    for index, line in enumerate(lines):
        if not ERROR_LINE.match(line):
            continue
        if HTTP_EXCEPTION.search(line):
            end = next(
                (later for later in range(index + 1, len(lines)) if TIMESTAMPED.match(lines[later])),
                len(lines),
            )
            block = lines[index + 1 : end]
            if block and AST_THREAD_RACE in block[-1] and any("get_static_file" in item for item in block):
                continue
        found.append(line)
    return found


def parse_log(name, log_text, expect_tests):
    """Read an Odoo log: the test result line, ERROR/CRITICAL lines and the summary of failures."""
    result = StepResult(name)
    matches = RESULT_LINE.findall(log_text)
    for failed, errors, run in matches:
        result.tests_run += int(run)
        result.tests_failed += int(failed) + int(errors)
    if expect_tests and not matches:
        result.problems.append("no test result line in the log (did Odoo crash?)")
    outside_tests = [line for line in error_lines(log_text) if not TEST_LOGGER.search(line)]
    if outside_tests and not result.tests_failed:
        result.problems.extend(f"log: {line[:300]}" for line in outside_tests[:10])
    skipped = [line for line in log_text.splitlines() if SKIPPED_SUITE_TEST.search(line)]
    result.problems.extend(f"suite test skipped: {line[:300]}" for line in skipped[:10])
    return result


def free_port():
    """A loopback port nobody listens on, so tests run beside a served instance (bin/oms-run)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_odoo(odoo_command, arguments, log_path):
    """Run Odoo to completion with its log in log_path; return the log text."""
    started = time.time()
    ports = [f"--http-port={free_port()}", f"--gevent-port={free_port()}"]
    command = [*odoo_command, *arguments, *ports, "--stop-after-init", f"--logfile={log_path}"]
    print(f"[oms] $ odoo {shlex.join([*arguments, *ports])}", flush=True)
    completed = subprocess.run(command, check=False)
    text = Path(log_path).read_text(encoding="utf-8", errors="replace") if Path(log_path).exists() else ""
    print(
        f"[oms]   exit {completed.returncode} after {time.time() - started:.0f}s, log {log_path}", flush=True
    )
    if completed.returncode not in (0, 1):
        text += f"\n0000-00-00 00:00:00,000 0 CRITICAL runner odoo exited with {completed.returncode}\n"
    return text


def psql_value(psql_command, database, query):
    """One value from a query, or None when the database does not answer."""
    completed = subprocess.run(
        [*psql_command, "-d", database, "-tAc", query], capture_output=True, text=True, check=False
    )
    return completed.stdout.strip() if completed.returncode == 0 else None


def fresh_database(psql_command, database):
    """Drop the database if it exists, so every run starts clean."""
    subprocess.run(
        [
            *psql_command,
            "-q",
            "-c",
            "SET client_min_messages = warning",
            "-c",
            f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
        ],
        check=True,
    )


def install_step(args, name, database, demo):
    """Install the suite on a fresh database and run its tests; check every module got installed."""
    fresh_database(args.psql, database)
    test_tags = ",".join(f"/{module}" for module in args.test_modules.split(","))
    arguments = ["-d", database, "-i", args.modules, "--test-enable", f"--test-tags={test_tags}"]
    if not demo:
        arguments.append("--without-demo=all")
    log_text = run_odoo(args.odoo, arguments, Path(args.log_dir) / f"{name}.log")
    result = parse_log(name, log_text, expect_tests=True)
    module_list = ",".join(f"'{module}'" for module in args.modules.split(","))
    missing = psql_value(
        args.psql,
        database,
        "SELECT string_agg(name, ', ') FROM ir_module_module "
        f"WHERE name IN ({module_list}) AND state != 'installed'",
    )
    if missing is None:
        result.problems.append(f"database {database} does not answer after install")
    elif missing:
        result.problems.append(f"modules left uninstalled: {missing}")
    return result


def demo_history_step(args, database):
    """The demo company's six months made through the real flow, and the tests that hold them to the truth
    (bin/lib/odoo_tier_demo.py)."""
    result = StepResult("demo history")
    result.tests_run, result.tests_failed, result.problems = demo_history(args.odoo, database, args.log_dir)
    return result


def upgrade_step(args, database):
    """Upgrading the suite keeps a manager's edits and duplicates no stage or rule (noupdate data)."""
    result = StepResult("upgrade keeps configuration")
    count_query = (
        "SELECT (SELECT count(*) FROM oms_stage) || '/' || (SELECT count(*) FROM oms_transition_rule)"
    )
    before = psql_value(args.psql, database, count_query)
    psql_value(
        args.psql,
        database,
        "UPDATE oms_stage SET name = '{\"en_US\": \"Order Booked\"}' WHERE code = 'sale_order'",
    )
    log_text = run_odoo(args.odoo, ["-d", database, "-u", "oms_handover"], Path(args.log_dir) / "upgrade.log")
    result.problems.extend(parse_log(result.name, log_text, expect_tests=False).problems)
    after = psql_value(args.psql, database, count_query)
    name = psql_value(args.psql, database, "SELECT name->>'en_US' FROM oms_stage WHERE code = 'sale_order'")
    if before != after:
        result.problems.append(f"stages/rules before and after upgrade differ: {before} then {after}")
    if name != "Order Booked":
        result.problems.append(f"the renamed stage came back as {name!r} after upgrade")
    return result


def existing_odoo_step(args):
    """The suite added to a database of plain Odoo that already holds business (orders delivered and
    invoiced, an order waiting for delivery, a quotation, a purchase received), then each add-on uninstalled,
    leaves first: the earlier business is intact throughout and Odoo's own flow keeps working
    (bin/lib/existing_odoo_state.py, bin/lib/existing_odoo_checks.py)."""
    result = StepResult("install into an existing Odoo database, then uninstall each add-on")
    log_dir = Path(args.log_dir)
    database = f"{args.database_prefix}_existing"
    fresh_database(args.psql, database)
    shared = {"OMS_EXISTING_COMMON": str(ROOT / "bin/lib/existing_odoo_common.py")}
    # Plain Odoo with what the suite depends on, as a business running Odoo already has it.
    log_text = run_odoo(
        args.odoo,
        ["-d", database, "-i", odoo_dependencies(args.modules), "--without-demo=all"],
        log_dir / "existing-odoo.log",
    )
    result.problems.extend(parse_log(result.name, log_text, expect_tests=False).problems)
    printed = run_odoo_shell(
        args.odoo,
        ["-d", database],
        ROOT / "bin/lib/existing_odoo_state.py",
        log_dir / "existing-state.log",
        shared,
    )
    existing = [line[len("EXISTING ") :] for line in printed.splitlines() if line.startswith("EXISTING ")]
    if not existing:
        result.problems.append(f"the earlier business was not made: {printed.strip()[-300:]}")
        return result
    log_text = run_odoo(args.odoo, ["-d", database, "-i", args.modules], log_dir / "existing-install.log")
    result.problems.extend(parse_log(result.name, log_text, expect_tests=False).problems)
    leaves_first = ",".join(reversed(args.modules.split(",")))
    printed = run_odoo_shell(
        args.odoo,
        ["-d", database],
        ROOT / "bin/lib/existing_odoo_checks.py",
        log_dir / "existing-checks.log",
        {**shared, "OMS_EXISTING": existing[-1], "OMS_UNINSTALL": leaves_first},
    )
    count_checks(result, printed, "EXISTING", "the checks did not finish")
    still_installed = psql_value(
        args.psql,
        database,
        "SELECT string_agg(name, ', ') FROM ir_module_module WHERE name LIKE 'oms\\_%' AND state != 'uninstalled'",
    )
    if still_installed:
        result.problems.append(f"add-ons left after uninstalling each: {still_installed}")
    return result


def count_checks(result, printed, prefix, unfinished):
    """Read a checks script's output into ``result``: its ``<prefix>-PROBLEM <text>`` lines are failed checks
    and problems, its last ``<prefix>-CHECKED <n>`` the number run. Returns whether the script finished."""
    lost = [line.split(" ", 1)[1] for line in printed.splitlines() if line.startswith(f"{prefix}-PROBLEM ")]
    result.problems.extend(lost)
    result.tests_failed = len(lost)
    checked = [line for line in printed.splitlines() if line.startswith(f"{prefix}-CHECKED ")]
    if not checked:
        result.problems.append(f"{unfinished}: {printed.strip()[-300:]}")
        return False
    result.tests_run = int(checked[-1].split()[1])
    return True


def run_odoo_shell(odoo_command, arguments, script, log_path, environment=None):
    """Run ``script`` in ``odoo shell``; return what it printed (Odoo's own log goes to log_path)."""
    position = odoo_command.index("odoo", odoo_command.index("-m")) + 1
    command = [*odoo_command[:position], "shell", *odoo_command[position:], *arguments, "--no-http"]
    completed = subprocess.run(
        [*command, f"--logfile={log_path}"],
        input=Path(script).read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(environment or {})},
    )
    return completed.stdout + completed.stderr


def migration_step(args):
    """A database of the previous release, with an open tranche and e-way bills its code made, upgraded
    to this code: tranches, quantities, history and bills are kept, and each bill's job is carried over."""
    return upgrade_from_release(
        args,
        "upgrade from the previous release keeps open tranches and e-way bills",
        PREVIOUS_RELEASE,
        "migration",
        "migration_legacy_state.py",
        "migration_checks.py",
    )


def pipeline_migration_step(args):
    """A database of the release before per-company pipelines, with a manager's edits to its stages and
    rules, upgraded to this code: stages, rules (as each company's), checks, history and open orders kept."""
    return upgrade_from_release(
        args,
        "upgrade from the shared pipeline keeps stages, rules, history and open orders",
        PIPELINE_RELEASE,
        "pipeline_migration",
        "migration_pipeline_state.py",
        "migration_pipeline_checks.py",
    )


def upgrade_from_release(args, name, release, suffix, state_script, checks_script):
    """Install ``release`` (demo included) on a fresh database, leave the state ``state_script`` makes
    with that release's code (it prints ``LEGACY {json}``), upgrade to this code, and run
    ``checks_script`` (it prints ``MIGRATION-PROBLEM`` lines and ``MIGRATION-CHECKED n``)."""
    result = StepResult(name)
    log_dir = Path(args.log_dir)
    previous = log_dir / f"release-{suffix}"
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", release, "addons"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        result.problems.append(
            f"the release {release[:10]} is not in this checkout's history (a shallow "
            f"clone?): {archive.stderr.decode(errors='replace').strip()[:200]}"
        )
        return result
    subprocess.run(["rm", "-rf", str(previous)], check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(previous, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
    previous_path = [f"--addons-path={odoo_src}/odoo/addons,{odoo_src}/addons,{previous}/addons"]
    database = f"{args.database_prefix}_{suffix}"
    fresh_database(args.psql, database)
    # The release's own install, demo included; its log is that release's business.
    run_odoo(
        args.odoo,
        ["-d", database, "-i", PREVIOUS_RELEASE_MODULES, *previous_path],
        log_dir / f"{suffix}-previous.log",
    )
    printed = run_odoo_shell(
        args.odoo,
        ["-d", database, *previous_path],
        ROOT / "bin/lib" / state_script,
        log_dir / f"{suffix}-previous-state.log",
    )
    legacy = [line[len("LEGACY ") :] for line in printed.splitlines() if line.startswith("LEGACY ")]
    if not legacy:
        result.problems.append(f"the release's state was not made: {printed.strip()[-300:]}")
        return result
    log_text = run_odoo(
        args.odoo, ["-d", database, "-u", PREVIOUS_RELEASE_MODULES], log_dir / f"{suffix}-upgrade.log"
    )
    result.problems.extend(parse_log(result.name, log_text, expect_tests=False).problems)
    printed = run_odoo_shell(
        args.odoo,
        ["-d", database],
        ROOT / "bin/lib" / checks_script,
        log_dir / f"{suffix}-checks.log",
        {"OMS_LEGACY": legacy[-1]},
    )
    if count_checks(result, printed, "MIGRATION", "the checks after the upgrade did not finish"):
        state = {
            key: len(value) if isinstance(value, (dict, list)) else value
            for key, value in json.loads(legacy[-1]).items()
        }
        print(f"[oms]   {suffix}: {result.tests_run} checks, state made (sizes) {state}", flush=True)
    return result


def stray_errors(log_text):
    """ERROR/CRITICAL lines that are neither a test's own log nor Odoo's summary of failed tests."""
    return [
        f"log: {line[:300]}"
        for line in error_lines(log_text)
        if not TEST_LOGGER.search(line) and not TEST_SUMMARY.search(line) and not FAILED_TEST.search(line)
    ][:10]


def exclusion_tag(test_id):
    """``-/module:Class.test`` for a test named as failed_test_ids names it (a setUpClass: its class)."""
    module, test = test_id.split(": ", 1)
    if test.startswith("setUpClass ("):
        return f"-/{module}:{test[len('setUpClass (') : -1].rsplit('.', 1)[-1]}"
    return f"-/{module}:{test}"


def failed_test_ids(log_text):
    """The tests Odoo reported failed or in error, as ``module: Class.test`` (setUpClass errors included)."""
    found = set()
    for module, test, class_setup, class_module in FAILED_TEST.findall(log_text):
        found.add(f"{module}: {test.strip()}" if module else f"{class_module}: {class_setup}")
    return found


def odoo_dependencies(modules):
    """The Odoo modules the suite's manifests depend on (the suite's own modules left out)."""
    found = set()
    for module in modules.split(","):
        manifest = ast.literal_eval(
            (ROOT / "addons" / module / "__manifest__.py").read_text(encoding="utf-8")
        )
        found.update(name for name in manifest.get("depends", []) if not name.startswith("oms_"))
    return ",".join(sorted(found))


def odoo_own_tests_run(args, name, database, install, excluded=()):
    """Install ``install`` on a fresh database without demo, then run the post-install tests of Odoo's
    modules args.odoo_modules: the tests Odoo runs once every module is loaded, which is where it tests its
    flows across modules (sale_stock, sale_purchase, sale_mrp, the Sales tour).

    At-install tests are left out: in a fresh install each runs when its own module is installed, before
    the suite's modules are loaded, so they cannot see the suite; run later against the whole registry they
    fail on plain Odoo too (the models of modules loaded after theirs are not in the registry then). The
    company settings the tests contradict by design are turned off between the two runs (see
    odoo_own_tests_step)."""
    fresh_database(args.psql, database)
    log_dir = Path(args.log_dir)
    install_log = run_odoo(
        args.odoo, ["-d", database, "-i", install, "--without-demo=all"], log_dir / f"{name}-install.log"
    )
    problems = parse_log(name, install_log, expect_tests=False).problems
    psql_value(args.psql, database, SETTINGS_OFF_FOR_ODOO_TESTS)
    tags = ",".join(
        [
            *(f"post_install/{module}" for module in args.odoo_modules.split(",")),
            *map(exclusion_tag, excluded),
        ]
    )
    log_text = run_odoo(
        args.odoo, ["-d", database, "--test-enable", f"--test-tags={tags}"], log_dir / f"{name}.log"
    )
    return problems, log_text


def odoo_own_tests_step(args):
    """Odoo's own tests of the modules the suite extends or depends on, on a database with the suite installed
    (without its demo data, which makes the Indian demo company the administrator's default and changes what
    Odoo's tests, run as admin, do), beside Odoo's Indian e-invoice and e-way bill add-ons a business may run.

    They confirm orders and validate the deliveries straight away, which is exactly what the suite's dispatch
    gate refuses for a company that turned it on (goods leave only through the pipeline's checks), and book
    orders dated years back, which the back-dating limit refuses. They run as a company with those two
    settings off would (SETTINGS_OFF_FOR_ODOO_TESTS); everything else of the suite is installed and active.
    The suite's own tests cover both settings.

    Any failed test fails the step. The tests listed in FAILING_ON_PLAIN_ODOO (they fail on plain Odoo 18
    here too, for want of Odoo's demo data) are not run. With --plain-baseline they are, and the same tests
    also run on plain Odoo (the suite's Odoo dependencies only): every test that fails with the suite but
    not without it is named, and every listed test that no longer fails on plain Odoo. That is how the
    list is measured."""
    result = StepResult(f"Odoo's own tests ({args.odoo_modules})")
    install = f"{args.modules},{ODOO_BESIDE_SUITE}"
    # The tests known to fail on plain Odoo here tell nothing about the suite and are slow (tours that
    # time out): not run, unless the plain baseline is measured, which runs them on both databases.
    excluded = () if args.plain_baseline else tuple(FAILING_ON_PLAIN_ODOO)
    database = f"{args.database_prefix}_odoo"
    problems, log_text = odoo_own_tests_run(args, "odoo-own-tests", database, install, excluded)
    parsed = parse_log(result.name, log_text, expect_tests=True)
    result.tests_run = parsed.tests_run
    result.problems.extend(problems)
    failed = failed_test_ids(log_text)
    unexpected = sorted(failed - set(FAILING_ON_PLAIN_ODOO))
    result.tests_failed = max(parsed.tests_failed - len(failed & set(FAILING_ON_PLAIN_ODOO)), len(unexpected))
    result.problems.extend(stray_errors(log_text))
    result.problems.extend(f"fails with the suite installed: {test}" for test in unexpected)
    for test in sorted(failed & set(FAILING_ON_PLAIN_ODOO)):
        print(
            f"[oms]   expected (fails on plain Odoo too: {FAILING_ON_PLAIN_ODOO[test]}): {test}", flush=True
        )
    if excluded:
        print(
            f"[oms]   not run: {len(excluded)} tests that fail on plain Odoo here (FAILING_ON_PLAIN_ODOO)",
            flush=True,
        )
    if args.plain_baseline:
        plain_install = f"{odoo_dependencies(args.modules)},{ODOO_BESIDE_SUITE}"
        plain_problems, plain_log = odoo_own_tests_run(
            args, "odoo-plain-tests", f"{args.database_prefix}_plain", plain_install
        )
        plain_failed = failed_test_ids(plain_log)
        print(
            f"[oms]   plain Odoo: {len(plain_failed)} failed: {sorted(plain_failed)} {plain_problems}",
            flush=True,
        )
        result.problems.extend(
            f"fails only with the suite: {test}"
            for test in sorted(failed - plain_failed)
            if test not in unexpected
        )
        for test in sorted(set(FAILING_ON_PLAIN_ODOO) - plain_failed):
            print(f"[oms]   listed as failing on plain Odoo but passed there: {test}", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--odoo", required=True, type=shlex.split)
    parser.add_argument("--psql", required=True, type=shlex.split)
    parser.add_argument("--modules", required=True)
    parser.add_argument("--test-modules", required=True)
    parser.add_argument("--odoo-modules", default=ODOO_OWN_TEST_MODULES)
    parser.add_argument(
        "--plain-baseline", action="store_true", help="also run Odoo's own tests on plain Odoo and compare"
    )
    parser.add_argument("--log-dir", required=True)
    parser.add_argument("--database-prefix", default="oms_ci")
    parser.add_argument(
        "--no-migration", dest="migration", action="store_false", help="skip the previous release's upgrade"
    )
    args = parser.parse_args()
    Path(args.log_dir).mkdir(parents=True, exist_ok=True)

    demo_database = f"{args.database_prefix}_demo"

    demo_installed = threading.Event()

    def beside_first_installs():
        # On the second CPU, while the suite's own tests run on the first; then the demo history, on the
        # demo database the first CPU installed meanwhile.
        found = [migration_step(args), pipeline_migration_step(args)] if args.migration else []
        if args.odoo_modules:
            found.append(odoo_own_tests_step(args))
        demo_installed.wait()
        found.append(demo_history_step(args, demo_database))
        return found

    with ThreadPoolExecutor(max_workers=1) as beside:
        beside_results = beside.submit(beside_first_installs)
        try:
            results = [install_step(args, "install-with-demo", demo_database, demo=True)]
        finally:
            demo_installed.set()
        results.append(
            install_step(args, "install-without-demo", f"{args.database_prefix}_nodemo", demo=False)
        )
        results.append(upgrade_step(args, f"{args.database_prefix}_nodemo"))
        results.append(existing_odoo_step(args))
        results.extend(beside_results.result())

    passed = failed = 0
    for result in results:
        tests_passed = result.tests_run - result.tests_failed
        passed += tests_passed + (1 if not result.problems else 0)
        failed += result.tests_failed + (1 if result.problems else 0)
        status = "ok" if result.passed else "FAILED"
        print(f"[oms] Odoo tier, {result.name}: {status}: {tests_passed} of {result.tests_run} tests passed")
        for problem in result.problems:
            print(f"[oms]     {problem}")
    # One line the test command adds to the other tiers' counts (install checks count as one test each).
    print(f"odoo-tier: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
