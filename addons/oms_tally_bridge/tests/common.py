"""Shared set-up of the Tally bridge tests: a loopback Tally simulator, settings, GST taxes."""

import sys
from pathlib import Path

from odoo import Command

from odoo.addons.oms_handover.tests.common import OmsCommon

TESTS_ROOT = Path(__file__).resolve().parents[3] / "tests"
if str(TESTS_ROOT) not in sys.path:
    sys.path.insert(0, str(TESTS_ROOT))

from simulators.tally import TallySimulator  # noqa: E402

TALLY_COMPANY = "Test Traders & Co <Pune>"


class TallyCommon(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )
        cls.env["oms.tally.config"].search([("company_id", "=", cls.company.id)]).unlink()
        cls.config = cls.env["oms.tally.config"].create(
            {
                "company_id": cls.company.id,
                "company_name": TALLY_COMPANY,
                "host": "127.0.0.1",
                "timeout": 0.5,
                "sales_ledger_ids": [Command.create({"gst_rate": 18, "ledger_name": "Sales GST 18%"})],
                "unit_ids": [
                    Command.create({"uom_id": cls.env.ref("uom.product_uom_unit").id, "tally_unit": "Nos"})
                ],
            }
        )
        Tax = cls.env["account.tax"]
        child = {"type_tax_use": "none", "amount_type": "percent", "company_id": cls.company.id}
        cls.cgst = Tax.create({**child, "name": "CGST 9% (test)", "amount": 9})
        cls.sgst = Tax.create({**child, "name": "SGST 9% (test)", "amount": 9})
        cls.gst18 = Tax.create(
            {
                "name": "GST 18% (test)",
                "amount_type": "group",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
                "children_tax_ids": [Command.set((cls.cgst | cls.sgst).ids)],
            }
        )
        cls.igst18 = Tax.create(
            {"name": "IGST 18% (test)", "amount": 18, "type_tax_use": "sale", "company_id": cls.company.id}
        )
        (cls.product | cls.product_b).write(
            {"taxes_id": [Command.set(cls.gst18.ids)], "invoice_policy": "order"}
        )
        cls.customer.write({"vat": "27AAPFU0939F1ZV", "street": "Plot 4 & 5, MIDC", "zip": "411026"})
        cls.Sync = cls.env["oms.tally.sync"]

    def setUp(self):
        super().setUp()
        # A fresh Tally per test: the simulator's books live outside the test transaction.
        self.sim = TallySimulator(companies=(TALLY_COMPANY,)).start()
        self.addCleanup(self.sim.stop)
        self.config.port = self.sim.port

    def tally(self):
        return self.sim.company(TALLY_COMPANY)

    def jobs_of(self, document, kind=None):
        domain = [("res_model", "=", document._name), ("res_id", "=", document.id)]
        if kind:
            domain.append(("kind", "=", kind))
        return self.Sync.search(domain)

    def run_due(self, jobs=None):
        """Make ``jobs`` (default: every pending job) due, as if their backoff had passed, and run the
        outbox as the cron would."""
        jobs = jobs if jobs is not None else self.Sync.search([("state", "=", "pending")])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        return self.Sync._oms_process_pending(commit=False)

    def invoice_of(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice
