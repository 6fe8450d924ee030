"""How the Odoo tier reads Odoo's log: which tests failed, and which ERROR lines are stray (not a test's
own log and not Odoo's summary of failed tests), so an expected failure of Odoo's own tests on plain Odoo
is told apart from a failure the suite causes."""

import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "odoo_tier", Path(__file__).resolve().parents[1] / "bin" / "lib" / "odoo_tier.py"
)
odoo_tier = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(odoo_tier)

LOG = """\
2026-12-06 12:47:38,275 5668 INFO db odoo.addons.sale.tests.test_sale: Starting TestSale.test_a ...
2026-12-06 12:47:38,275 5668 ERROR db odoo.addons.sale_purchase.tests.test_sale_purchase: FAIL: TestSalePurchase.test_sale_create_purchase
Traceback (most recent call last):
AssertionError: 2 != 1
2026-12-06 12:47:38,300 5668 ERROR db odoo.addons.sale_mrp.tests.test_sale_mrp_flow: ERROR: setUpClass (odoo.addons.sale_mrp.tests.test_sale_mrp_flow.TestSaleMrpFlow)
2026-12-06 13:23:36,260 27727 ERROR db odoo.tests.suite: ERROR: setUpClass (odoo.addons.mrp.tests.test_warehouse_multistep_manufacturing.TestMultistepManufacturingWarehouse)
2026-12-06 12:47:39,093 5668 ERROR db odoo.modules.loading: Module sale_purchase: 1 failures, 0 errors of 17 tests
2026-12-06 12:47:48,155 5668 ERROR db odoo.modules.loading: At least one test failed when loading the modules.
2026-12-06 12:51:52,546 5668 ERROR db odoo.tests.result: 2 failed, 0 error(s) of 177 tests when loading database 'db'
"""


def test_failed_tests_are_named_by_module_and_test():
    assert odoo_tier.failed_test_ids(LOG) == {
        "sale_purchase: TestSalePurchase.test_sale_create_purchase",
        "sale_mrp: setUpClass (odoo.addons.sale_mrp.tests.test_sale_mrp_flow.TestSaleMrpFlow)",
        "mrp: setUpClass (odoo.addons.mrp.tests.test_warehouse_multistep_manufacturing.TestMultistepManufacturingWarehouse)",
    }


def test_summaries_of_failed_tests_are_not_stray_errors():
    assert odoo_tier.stray_errors(LOG) == []


def test_an_error_outside_tests_is_stray():
    line = "2026-12-06 12:51:52,546 5668 ERROR db odoo.addons.oms_dispatch.models.sale_order: boom"
    assert odoo_tier.stray_errors(LOG + line + "\n") == [f"log: {line}"]


def test_the_result_line_counts_run_and_failed_tests():
    result = odoo_tier.parse_log("step", LOG, expect_tests=True)
    assert (result.tests_run, result.tests_failed) == (177, 2)


RACE = """\
2026-12-06 14:04:28,289 21985 ERROR ? odoo.http: Exception during request handling.
Traceback (most recent call last):
  File "/opt/odoo/18.0/odoo/http.py", line 2381, in __call__
    if self.get_static_file(httprequest.path):
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/ast.py", line 50, in parse
SystemError: AST constructor recursion depth mismatch (before=72, after=69)
2026-12-06 14:04:28,309 21985 INFO ? werkzeug: GET /web/static/src/libs/fontawesome/fonts/x.woff2 500
"""


def test_the_interpreter_race_on_a_static_file_is_not_an_error_of_ours():
    assert odoo_tier.stray_errors(RACE) == []


def test_any_other_exception_in_a_request_counts():
    other = RACE.replace(
        "SystemError: AST constructor recursion depth mismatch (before=72, after=69)", "KeyError: 'x'"
    )
    assert len(odoo_tier.stray_errors(other)) == 1
    in_our_code = RACE.replace("get_static_file", "dispatch")
    assert len(odoo_tier.stray_errors(in_our_code)) == 1
