"""Both README commands fetch Odoo 18.0 when ODOO_SRC has none (bin/lib/common.sh, require_odoo): shown with
a local file:// mirror standing in for Odoo's public repository, so no test touches the network."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMMON = ROOT / "bin" / "lib" / "common.sh"


def git(*args, cwd):
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def mirror(tmp_path, branch, version_info):
    """A bare repository with one branch holding the shape of an Odoo tree of this release."""
    tree = tmp_path / f"tree-{branch}"
    (tree / "odoo" / "addons" / "base").mkdir(parents=True)
    (tree / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (tree / "odoo" / "addons" / "base" / "__init__.py").write_text("")
    (tree / "odoo" / "release.py").write_text(f"version_info = {version_info!r}\nversion = 'x'\n")
    git("init", "--quiet", "--initial-branch", branch, ".", cwd=tree)
    git("add", ".", cwd=tree)
    git("commit", "--quiet", "-m", "odoo", cwd=tree)
    bare = tmp_path / f"odoo-{branch}.git"
    git("clone", "--quiet", "--bare", str(tree), str(bare), cwd=tmp_path)
    return f"file://{bare}"


def require_odoo(tmp_path, source, target):
    environment = {
        **os.environ,
        "ODOO_SRC": str(target),
        "OMS_ODOO_GIT": source,
        "OMS_STATE": str(tmp_path / "state"),
    }
    return subprocess.run(
        ["bash", "-c", f"source {COMMON} && require_odoo"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def needs_git():
    if subprocess.run(["git", "--version"], capture_output=True).returncode:
        pytest.fail("git is needed to fetch Odoo")


def test_missing_odoo_is_fetched_from_the_mirror(tmp_path):
    target = tmp_path / "opt" / "odoo" / "18.0"
    result = require_odoo(tmp_path, mirror(tmp_path, "18.0", (18, 0, 0, "final", 0, "")), target)
    assert result.returncode == 0, result.stderr
    assert (target / "odoo-bin").is_file()
    assert "Odoo 18.0 is at" in result.stderr
    again = require_odoo(tmp_path, "file:///nowhere", target)  # present now: nothing is fetched
    assert again.returncode == 0, again.stderr
    assert "fetching" not in again.stderr


@pytest.mark.parametrize(
    ("branch", "refusal"),
    [
        # The branch asked for is 18.0: a mirror without it cannot be cloned.
        ("17.0", "Could not fetch Odoo"),
        # A tree of another release on the 18.0 branch is read from its release.py and refused.
        ("18.0", "is not Odoo 18.0 (release '17.0')"),
    ],
)
def test_another_release_is_refused_and_nothing_is_left(tmp_path, branch, refusal):
    result = require_odoo(tmp_path, mirror(tmp_path, branch, (17, 0, 0, "final", 0, "")), tmp_path / "odoo")
    assert result.returncode != 0
    assert refusal in result.stderr
    assert not (tmp_path / "odoo").exists(), "a wrong tree is removed so the next run starts clean"


def test_offline_stops_with_the_exact_steps(tmp_path):
    target = tmp_path / "odoo"
    result = require_odoo(tmp_path, f"file://{tmp_path}/no-such-mirror.git", target)
    assert result.returncode != 0
    assert "git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git" in result.stderr
    assert str(target) in result.stderr
    assert not target.exists()
