"""Shared fixture of the tests that talk to the loopback NIC simulators (IRP and EWB)."""

from unittest.mock import patch

from odoo.tests.common import _super_send

from .common import OmsGstCommon


class OmsNicCommon(OmsGstCommon):
    """An e-invoice connection pointed at a running simulator, whose clock drives the client's."""

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test mode blocks every address but lets a test class pass its own; it also raises each
        # timeout to 10 s, and the simulators' timeout faults need the client's own timeout.
        if request.url.startswith("http://127.0.0.1:"):
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def connect_simulator(self, simulator, api="irp", timeout=0.4, **values):
        """Start ``simulator``, stop it after the test, and return a connection for this company that reaches
        it with the credentials of ``api`` ("irp" or "ewb"); ``values`` override fields of the connection."""
        self.sim = sim = simulator.start()
        self.addCleanup(sim.stop)
        prefix = "ewb_" if api == "ewb" else ""
        connection = {
            "company_id": self.company.id,
            "gstin": sim.gstin,
            "timeout": timeout,
            f"{prefix}base_url": sim.base_url,
            f"{prefix}client_id": sim.client_id,
            f"{prefix}client_secret": sim.client_secret,
            f"{prefix}username": sim.username,
            f"{prefix}password": sim.password,
            f"{prefix}public_key_pem": sim.public_key_pem,
        }
        if prefix:
            connection["base_url"] = (
                "http://127.0.0.1:9"  # the IRP is not part of these tests: nothing answers
            )
        config = self.env["oms.einvoice.config"].create(connection | values)
        clock = lambda: self.sim.now  # noqa: E731 - the simulator's clock drives the client's
        patcher = patch.object(type(config), "_oms_nic_clock", lambda config: clock)
        patcher.start()
        self.addCleanup(patcher.stop)
        return config

    def run_jobs(self, model="oms.irn.job"):
        """What the cron does, now: the test transaction's now() is its start, so make pending jobs due."""
        jobs = self.env[model].search([("state", "=", "pending")])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        self.env.flush_all()
        # The mixin's cron commits unless the registry is in HTTP test mode; a TransactionCase must not.
        self.env[model]._oms_process_pending(commit=False)
