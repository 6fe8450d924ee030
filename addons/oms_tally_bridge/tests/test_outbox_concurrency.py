"""A concurrent change of a row a job's work touches never fails the job: the outbox retries it like a
timeout. Two real database connections: a worker whose snapshot predates another user's committed change
of the same customer (as when a customer mail touches the customer while its invoice is being sent)."""

from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestOutboxConcurrentChange(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create({"name": "Outbox Concurrency Customer"})
            # The job's own document is never read: its work is replaced below by a write of the customer.
            job = env["oms.tally.sync"].create(
                {"res_model": "sale.order", "res_id": customer.id, "kind": "masters"}
            )
            self.customer_id, self.job_id = customer.id, job.id
        self.addCleanup(self.clean_up)

    def clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["oms.tally.sync"].browse(self.job_id).unlink()
            env["res.partner"].browse(self.customer_id).active = False

    def touch_customer(self, job):
        """The job's work writes the customer (what a customer mail's portal link does)."""
        job.env["res.partner"].browse(self.customer_id).write({"comment": "sent by the outbox"})

    def test_serialization_failure_is_retried_then_done(self):
        model = self.registry["oms.tally.sync"]
        work = lambda job: self.touch_customer(job)  # noqa: E731 - the job's work, as a method of the job
        with patch.object(model, "_oms_perform", work), self.registry.cursor() as worker:
            job = api.Environment(worker, SUPERUSER_ID, {})["oms.tally.sync"].browse(self.job_id)
            self.assertEqual(job.state, "pending")  # the worker's snapshot starts here
            with self.registry.cursor() as other_user:
                api.Environment(other_user, SUPERUSER_ID, {})["res.partner"].browse(self.customer_id).write(
                    {"name": "Outbox Concurrency Customer (renamed)"}
                )
            with mute_logger("odoo.sql_db"):  # PostgreSQL's refusal is logged as a bad query; expected here
                job._oms_run_claimed()
            self.assertEqual((job.state, job.attempts), ("pending", 1), job.last_error)
            self.assertIn("concurrent", job.last_error)
        with patch.object(model, "_oms_perform", work), self.registry.cursor() as worker:
            job = api.Environment(worker, SUPERUSER_ID, {})["oms.tally.sync"].browse(self.job_id)
            job._oms_run_claimed()  # a new transaction sees the other user's change: the work goes through
            self.assertEqual(job.state, "done", job.last_error)
            customer = job.env["res.partner"].browse(self.customer_id)
            self.assertIn("sent by the outbox", customer.comment)
