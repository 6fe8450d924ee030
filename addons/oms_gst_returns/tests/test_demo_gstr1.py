"""The demo's GSTR-1s tell the truth: each month of the history has its return, the past months exported with
nothing refused, and each return's tables add up to the taxable value Odoo posted for that month.

Run by the Odoo tier with pytest-odoo on the demo database once its history is made (tag oms_demo_history;
bin/lib/odoo_tier_demo.py), like oms_gst_india's test_demo_truthful."""

import json
from base64 import b64decode
from pathlib import Path

from odoo.tests import TransactionCase, tagged

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "tests" / "static" / "gstr1_portal_schema.json"
CREDIT_SECTIONS = ("cdnr", "cdnur")


@tagged("post_install", "-at_install", "-standard", "oms_demo_history")
class TestDemoGstr1(TransactionCase):
    def setUp(self):
        super().setUp()
        self.company = self.env.ref("oms_handover.company_oms_demo")
        self.returns = self.env["oms.gstr1.return"].search([("company_id", "=", self.company.id)])

    def test_each_month_of_the_history_has_its_return_and_the_past_ones_are_exported(self):
        self.assertGreaterEqual(len(self.returns), 6)
        past = self.returns.sorted("period_start")[:-1]
        self.assertTrue(past and all(gstr1.state == "exported" for gstr1 in past), past.mapped("state"))
        self.assertFalse(past.refusal_ids, past.refusal_ids.mapped("reasons"))
        self.assertTrue(any(gstr1.section_ids.filtered(lambda s: s.section == "b2b") for gstr1 in past))
        import jsonschema  # a test requirement (requirements-dev.txt)

        schema = json.loads(SCHEMA_PATH.read_text())
        for gstr1 in past:
            jsonschema.validate(json.loads(b64decode(gstr1.portal_file)), schema)

    def test_the_tables_add_up_to_what_odoo_posted(self):
        for gstr1 in self.returns.filtered(lambda gstr1: gstr1.state == "exported"):
            moves = self.env["account.move"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", gstr1.period_start),
                    ("invoice_date", "<=", gstr1.period_end),
                ]
            )
            reported = sum(
                -section.taxable if section.section in CREDIT_SECTIONS else section.taxable
                for section in gstr1.section_ids
            )
            # The product lines' balance, as the ORM sums it (the rupee-rounding line is not a taxable value).
            products = moves.line_ids.filtered(lambda line: line.display_type == "product")
            self.assertAlmostEqual(reported, -sum(products.mapped("balance")), places=2, msg=gstr1.name)
