"""The Odoo tier's demo step: the demo company's six months of business made through the suite's real flow
on the demo database (demo_history.py), then the tests that hold it to the truth (tagged oms_demo_history,
in oms_gst_india/tests/test_demo_truthful.py) run on that database with pytest-odoo, as bin/oms-pytest
does. They are not among the standard tests: those run during the install, before any history exists."""

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_TESTS = (
    "addons/oms_gst_india/tests/test_demo_truthful.py",
    "addons/oms_gst_returns/tests/test_demo_gstr1.py",
    "addons/oms_tally_bridge/tests/test_demo_tally_readback.py",
)
# Fewer orders than bin/oms-run's 200, the same code: the whole test run must stay well under 30 minutes on
# two CPUs (the history takes about 2.5 s an order there). The tests' floor is 100 orders.
CI_ORDERS = 120


def split_odoo_command(odoo_command):
    """(python, config file, database options) of the tier's ``python -m odoo -c CONFIG OPTIONS...``."""
    config_at = odoo_command.index("-c") + 1
    return odoo_command[0], odoo_command[config_at], odoo_command[config_at + 1 :]


def junit_counts(path):
    """(tests run, tests failed) of a pytest JUnit file; a skipped test counts as failed (the demo tests
    must run), and an unreadable file as one failure."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return 0, 1
    suites = [root] if root.tag == "testsuite" else list(root)
    run = sum(int(suite.get("tests", 0)) for suite in suites)
    failed = sum(int(suite.get(key, 0)) for suite in suites for key in ("failures", "errors", "skipped"))
    return run, failed


def demo_history(odoo_command, database, log_dir):
    """Make the demo history and run its tests; return (tests run, tests failed, problems)."""
    python, config, options = split_odoo_command(odoo_command)
    log_dir = Path(log_dir)
    problems = []
    print(f"[oms] $ demo_history.py --database {database}", flush=True)
    built = subprocess.run(
        [
            python,
            str(ROOT / "bin/lib/demo_history.py"),
            "--database",
            database,
            "--orders",
            str(CI_ORDERS),
            "--odoo-config",
            config,
            *(f"--odoo-option={option}" for option in options),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    (log_dir / "demo-history.log").write_text(built.stdout + built.stderr, encoding="utf-8")
    for line in built.stdout.splitlines():
        if line.startswith("demo history:"):
            print(f"[oms]   {line}", flush=True)
            if line.startswith("demo history: refused:"):
                problems.append(line)
    # Odoo goes on when wkhtmltopdf cannot load a document's styles and fonts: the PDF is stored unstyled.
    unstyled = (built.stdout + built.stderr).count("due to network error")
    if unstyled:
        problems.append(
            f"{unstyled} PDFs of the history rendered without their styles and fonts (see {log_dir / 'demo-history.log'})"
        )
    if built.returncode:
        problems.append(
            f"demo_history.py exited with {built.returncode} (see {log_dir / 'demo-history.log'})"
        )
        return 0, 0, problems
    junit = log_dir / "demo-history-tests.xml"
    # pytest-odoo takes the database options as --odoo-extra name=value pairs.
    extra = []
    for name, value in zip(options[::2], options[1::2], strict=True):
        extra += ["--odoo-extra", f"{name.removeprefix('--')}={value}"]
    tested = subprocess.run(
        [
            python,
            "-m",
            "pytest",
            "-p",
            "odoo",
            "-p",
            "no:cacheprovider",
            "-q",
            "--odoo-config",
            config,
            "--odoo-database",
            database,
            *extra,
            f"--junitxml={junit}",
            *DEMO_TESTS,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    (log_dir / "demo-history-tests.log").write_text(tested.stdout + tested.stderr, encoding="utf-8")
    run, failed = junit_counts(junit)
    if failed:
        problems.append(f"demo tests: see {log_dir / 'demo-history-tests.log'}")
    return run, failed, problems
