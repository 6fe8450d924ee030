"""No secret in logs or sync records: an IRN generation and a Tally push through the loopback simulators,
with every log line of the suite's loggers and of requests/urllib3 captured at DEBUG level."""

import base64
import logging
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from simulators.nic_irp import IrpSimulator  # tests/ is on sys.path (see __init__)
from simulators.nic_samples import SIMULATED_NOW
from simulators.tally import TallySimulator

from .nic_common import OmsNicCommon

CAPTURED_LOGGERS = ("odoo.addons", "requests", "urllib3")
TALLY_COMPANY = "Secret Check Traders"


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")


@tagged("post_install", "-at_install")
class TestNoSecretInLogs(OmsNicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000  # B2B invoices need an IRN

    def setUp(self):
        super().setUp()
        self.config = self.connect_simulator(IrpSimulator(), timeout=2.0)
        self.sim.now = SIMULATED_NOW
        # Record the app keys the client makes (they are random) to search for them afterwards.
        self.app_keys = []
        module = "odoo.addons.oms_gst_india.oms_gst.irp_client"
        original = __import__(module, fromlist=["new_app_key"]).new_app_key

        def recording_new_app_key():
            key = original()
            self.app_keys.append(key)
            return key

        key_patcher = patch(f"{module}.new_app_key", recording_new_app_key)
        key_patcher.start()
        self.addCleanup(key_patcher.stop)
        self.handler = _Collect()
        for name in CAPTURED_LOGGERS:
            logger = logging.getLogger(name)
            self.addCleanup(logger.setLevel, logger.level)
            self.addCleanup(logger.removeHandler, self.handler)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(self.handler)

    def _secrets(self):
        secrets = {
            "password": self.sim.password,
            "client secret": self.sim.client_secret,
        }
        for index, key in enumerate(self.app_keys):
            secrets[f"app key {index}"] = base64.b64encode(key).decode()
            secrets[f"app key hex {index}"] = key.hex()
        for index, (token, session) in enumerate(self.sim.tokens.items()):
            secrets[f"auth token {index}"] = token
            secrets[f"SEK {index}"] = base64.b64encode(session["sek"]).decode()
            secrets[f"SEK hex {index}"] = session["sek"].hex()
        return secrets

    def _stored_texts(self, model):
        if model not in self.env:
            return ""
        Model = self.env[model].sudo()
        names = [name for name, field in Model._fields.items() if field.type in ("char", "text", "html")]
        rows = Model.search([]).read(names)
        return "\n".join(str(value) for row in rows for value in row.values() if value)

    def _push_to_tally(self, order, invoice):
        tally = TallySimulator(companies=(TALLY_COMPANY,)).start()
        self.addCleanup(tally.stop)
        self.env["oms.tally.config"].search([("company_id", "=", self.company.id)]).unlink()
        self.env["oms.tally.config"].create(
            {
                "company_id": self.company.id,
                "company_name": TALLY_COMPANY,
                "port": tally.port,
                "timeout": 2.0,
                "sales_ledger_ids": [Command.create({"gst_rate": 18, "ledger_name": "Sales GST 18%"})],
                "unit_ids": [
                    Command.create({"uom_id": self.env.ref("uom.product_uom_unit").id, "tally_unit": "Nos"})
                ],
            }
        )
        order.action_oms_tally_push()
        invoice.action_oms_tally_push()
        Sync = self.env["oms.tally.sync"]
        jobs = Sync.search([("state", "=", "pending")])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        Sync._oms_process_pending(commit=False)
        self.assertTrue(jobs)
        self.assertEqual(set(jobs.mapped("state")), {"done"}, jobs.mapped("last_error"))
        self.assertGreater(tally.imports_received, 0)

    def test_irn_and_tally_leave_no_secret(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        jobs = self.env["oms.irn.job"].search([("state", "=", "pending")])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        self.env.flush_all()
        self.env["oms.irn.job"]._oms_process_pending(commit=False)
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertTrue(invoice.oms_nic_log_ids)
        if "oms.tally.config" in self.env:
            self._push_to_tally(order, invoice)
        logs = "\n".join(self.handler.lines)
        # The capture is wired: the NIC client's DEBUG request/reply lines and urllib3's were seen.
        for prefix in ("odoo.addons.oms_gst_india.oms_gst.nic_session", "urllib3"):
            self.assertTrue(any(line.startswith(prefix) for line in self.handler.lines), prefix)
        secrets = self._secrets()
        self.assertTrue(self.app_keys and self.sim.tokens, "no session was opened")
        stored = {
            model: self._stored_texts(model) for model in ("oms.nic.log", "oms.irn.job", "oms.tally.sync")
        }
        self.assertIn(invoice.oms_irn, stored["oms.nic.log"])  # the records were searched, not empty
        for label, secret in secrets.items():
            with self.subTest(secret=label):
                self.assertNotIn(secret, logs)
                for model, text in stored.items():
                    self.assertNotIn(secret, text, model)
