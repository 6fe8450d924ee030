"""Static tier: every add-on is well-formed before Odoo ever loads it.

XML parses, every file a manifest names exists, views use Odoo 18 syntax, and the linters the house
rules name (ruff, pylint-odoo's mandatory checks) pass.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
ADDONS = sorted(path.parent for path in (ROOT / "addons").glob("*/__manifest__.py"))
XML_FILES = sorted(path for addon in ADDONS for path in addon.rglob("*.xml"))
BIN = Path(sys.executable).parent


def manifest_of(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_the_four_addons_exist():
    names = {addon.name for addon in ADDONS}
    assert {"oms_handover", "oms_dispatch", "oms_gst_india", "oms_tally_bridge"} <= names


@pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.name)
def test_manifest_declares_version_license_and_existing_files(addon):
    manifest = manifest_of(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"]), manifest["version"]
    # The suite is LGPL-3; an add-on that extends an AGPL-3 OCA add-on is AGPL-3 like it, and says which.
    agpl_bases = {"sale_order_type"} & set(manifest["depends"])
    assert manifest["license"] == ("AGPL-3" if agpl_bases else "LGPL-3"), manifest["license"]
    for key in ("data", "demo"):
        for relative in manifest.get(key, []):
            assert (addon / relative).is_file(), f"{addon.name}: {key} file {relative} is missing"
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (addon / "readme" / fragment).is_file(), f"{addon.name}: readme/{fragment} is missing"
    assert (addon / "static" / "description" / "icon.png").is_file()
    assert (addon / "security" / "ir.model.access.csv").is_file()


@pytest.mark.parametrize("path", XML_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_xml_parses_and_uses_odoo_18_view_syntax(path):
    tree = etree.parse(str(path))
    assert not tree.xpath("//tree"), "Odoo 18 views use <list>, not <tree>"
    assert not tree.xpath("//*[@attrs or @states]"), "Odoo 18 views use invisible=/readonly= expressions"
    assert not tree.xpath("//t[@t-name='kanban-box']"), "Odoo 18 kanban cards are <t t-name='card'>"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.name)
def test_every_model_has_access_rules(addon):
    """Each concrete model an add-on defines (``_name`` on a Model or TransientModel) appears in its CSV;
    abstract models have no table and need none."""
    csv_text = (addon / "security" / "ir.model.access.csv").read_text(encoding="utf-8")
    for name in defined_models(addon):
        assert f"model_{name.replace('.', '_')}," in csv_text, f"{name} has no line in {addon.name}'s CSV"


def defined_models(addon):
    for source in [*addon.glob("models/*.py"), *addon.glob("wizards/*.py"), *addon.glob("report/*.py")]:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            if any(ast.unparse(base) == "models.AbstractModel" for base in node.bases):
                continue
            assigned = {
                ast.unparse(statement.targets[0]): statement.value
                for statement in node.body
                if isinstance(statement, ast.Assign) and len(statement.targets) == 1
            }
            name = assigned.get("_name")
            if not isinstance(name, ast.Constant):
                continue
            # `_name` repeated with `_inherit = [that model, mixin]` extends a model, it creates none.
            inherited = ast.literal_eval(assigned["_inherit"]) if "_inherit" in assigned else []
            if name.value not in ([inherited] if isinstance(inherited, str) else inherited):
                yield name.value


def run_tool(command):
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return completed.returncode, completed.stdout + completed.stderr


def tool(name):
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        assert found, f"{name} is not installed (requirements-dev.txt)"
        return found
    return str(path)


def test_ruff_lint_passes():
    code, output = run_tool([tool("ruff"), "check", "."])
    assert code == 0, output


def test_ruff_format_is_clean():
    code, output = run_tool([tool("ruff"), "format", "--check", "."])
    assert code == 0, output


def test_pylint_odoo_mandatory_checks_pass():
    code, output = run_tool(
        [tool("pylint"), "--rcfile=.pylintrc-mandatory", *[str(addon.relative_to(ROOT)) for addon in ADDONS]]
    )
    assert code == 0, output
