"""The Tally outbox survives Tally being down, slow, failing or answering garbage, and sends once."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import tagged

from .common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyOutbox(TallyCommon):
    def test_tally_down_job_waits_with_backoff_then_goes_once(self):
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.sim.fail_next("down")
        self.run_due()
        self.assertEqual((job.state, job.attempts), ("pending", 1))
        self.assertIn("not reachable", job.last_error)
        self.assertGreater(job.next_attempt_at, fields.Datetime.now() + timedelta(seconds=50))
        self.Sync._oms_process_pending(commit=False)
        self.assertEqual(job.attempts, 1, "not due again before its backoff")
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().creations[job.remote_id], 1)
        self.run_due()
        self.assertEqual(self.tally().creations[job.remote_id], 1, "delivered exactly once")

    def test_garbage_and_server_errors_are_retried(self):
        for fault in ("garbage", "http_500"):
            with self.subTest(fault=fault):
                order = self.confirmed_order()
                job = self.jobs_of(order, "sales_order")
                self.sim.fail_next(fault)
                self.run_due()
                self.assertEqual((job.state, job.attempts), ("pending", 1))
                self.assertTrue(job.request_xml, "what was sent is kept even when the send failed")
                if fault == "garbage":
                    self.assertIn("Server busy", job.response_xml)
                self.run_due(job)
                self.assertEqual(job.state, "done", job.last_error)
                self.assertEqual(self.tally().creations[job.remote_id], 1)

    def test_slow_answer_is_resent_and_alters_instead_of_duplicating(self):
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        # Odoo's test mode raises any HTTP timeout under 10 s to 10 s, so Tally is slower than that.
        self.config.timeout = 10
        self.sim.slow_seconds = 10.5
        self.sim.fail_next("slow")
        self.run_due()
        self.assertEqual(job.state, "pending")
        self.assertIn("did not answer within 10", job.last_error)
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().creations[job.remote_id], 1)

    def test_rejection_fails_in_plain_words_and_manual_retry_requeues(self):
        self.config.company_name = "Not Loaded Ltd"
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertEqual(job.state, "failed")
        self.assertIn("SVCurrentCompany", job.last_error)
        self.assertIn("Tally sync failed", job.message_ids[:1].body)
        job.action_oms_retry()
        self.assertEqual((job.state, job.attempts), ("pending", 0))
        self.config.company_name = "Test Traders & Co <Pune>"
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)

    def test_request_and_response_are_kept_and_downloadable(self):
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertIn(f'REMOTEID="{job.remote_id}"', job.request_xml)
        self.assertIn("CREATED", job.response_xml)
        self.assertTrue(job.tally_voucher_id)
        action = job.action_oms_download_request()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", job._name), ("res_id", "=", job.id)]
        )
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        self.assertIn(b"<VOUCHER", attachment.raw)

    def test_send_now_button(self):
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        job.action_oms_run_now()
        self.assertEqual(job.state, "done", job.last_error)

    def test_test_connection_reports_tally_and_company(self):
        result = self.config.action_oms_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.config.company_name = "Other Ltd"
        result = self.config.action_oms_test_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("not loaded", result["params"]["message"])
        self.sim.fail_next("down")
        result = self.config.action_oms_test_connection()
        self.assertIn("not reachable", result["params"]["message"])

    def test_push_masters_button(self):
        self.config.action_oms_push_masters()
        job = self.jobs_of(self.config, "masters")
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertIn("Sales GST 18%", self.tally().ledgers)
        self.assertIn("Nos", self.tally().units)


@tagged("post_install", "-at_install")
class TestTallyOutboxWorkers(TallyCommon):
    def test_a_job_locked_by_one_worker_is_skipped_by_another(self):
        """Two real database connections (not the test cursor): worker A claims and holds the row
        lock, worker B's claim skips it; once A is gone B gets it. The row is committed by a third
        connection and removed afterwards, because uncommitted test data is invisible to others."""
        database = sql_db.db_connect(self.env.cr.dbname)
        with database.cursor() as setup:
            setup.execute(
                """INSERT INTO oms_tally_sync (res_model, res_id, kind, state, attempts, max_attempts,
                                               next_attempt_at, company_id)
                   VALUES ('sale.order', 0, 'sales_order', 'pending', 0, 8, '1999-01-01', %s) RETURNING id""",
                (self.company.id,),
            )
            job_id = setup.fetchone()[0]
            setup.commit()
        worker_a, worker_b = database.cursor(), database.cursor()
        try:
            claimed_a = api.Environment(worker_a, SUPERUSER_ID, {})["oms.tally.sync"]._oms_claim_next()
            self.assertEqual(claimed_a.id, job_id)
            claimed_b = api.Environment(worker_b, SUPERUSER_ID, {})["oms.tally.sync"]._oms_claim_next()
            self.assertNotEqual(claimed_b.id, job_id, "a locked job is never claimed twice")
            worker_b.rollback()
            worker_a.rollback()
            claimed_b = api.Environment(worker_b, SUPERUSER_ID, {})["oms.tally.sync"]._oms_claim_next()
            self.assertEqual(claimed_b.id, job_id, "released by A, so B may take it")
        finally:
            worker_a.rollback()
            worker_b.rollback()
            worker_a.close()
            worker_b.close()
            with database.cursor() as cleanup:
                cleanup.execute("DELETE FROM oms_tally_sync WHERE id = %s", (job_id,))
                cleanup.commit()


@tagged("post_install", "-at_install")
class TestTallyEncoding(TallyCommon):
    def test_utf16_company_is_sent_utf16(self):
        self.config.encoding = "utf-16"
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.sim.last_request_encoding, "utf-16")
        self.assertEqual(self.tally().creations[job.remote_id], 1)


@tagged("post_install", "-at_install")
class TestTallyOutboxWakesCron(TallyCommon):
    def triggers(self):
        cron = self.env.ref("oms_tally_bridge.ir_cron_oms_tally_sync")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_queued_voucher_wakes_the_cron_and_a_retry_is_scheduled_at_its_backoff(self):
        before = self.triggers()
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        now_triggers = self.triggers() - before
        self.assertTrue(now_triggers, "queueing asks the cron runner to run now, not in 5 minutes")
        self.assertLessEqual(
            max(now_triggers.mapped("call_at")), fields.Datetime.now() + timedelta(seconds=5)
        )
        self.sim.fail_next("down")
        self.run_due()
        retry_triggers = self.triggers() - before - now_triggers
        self.assertEqual(
            retry_triggers.mapped("call_at"), [job.next_attempt_at], "woken when the backoff ends"
        )

    def test_a_burst_bigger_than_one_run_is_taken_again_at_once(self):
        """More vouchers due than one run sends: the run wakes the cron again at once for the rest, rather
        than leaving them to the next interval (5 minutes later)."""
        self.confirmed_order()
        self.confirmed_order()
        self.assertGreaterEqual(self.Sync._oms_due_count(), 2)
        cron = self.env.ref("oms_tally_bridge.ir_cron_oms_tally_sync")
        self.patch(type(self.Sync), "_oms_batch_size", 1)
        before = self.triggers()
        due_before = self.Sync._oms_due_count()
        cron.method_direct_trigger()
        self.assertEqual(self.Sync._oms_due_count(), due_before - 1, "one voucher sent in this run")
        woken = self.triggers() - before
        self.assertTrue(woken, "the rest is taken by a new run at once")
        self.assertLessEqual(max(woken.mapped("call_at")), fields.Datetime.now() + timedelta(seconds=5))

    def test_a_run_takes_no_new_voucher_after_its_time(self):
        """A run stops taking vouchers once it has worked its time (a cron worker is killed after
        limit_time_real_cron of one run), and wakes the cron for the rest; the last run wakes nothing."""
        self.confirmed_order()
        self.confirmed_order()
        due_before = self.Sync._oms_due_count()
        self.patch(type(self.Sync), "_oms_batch_seconds", 0)
        before = self.triggers()
        self.Sync._cron_oms_process_outbox()
        self.assertEqual(self.Sync._oms_due_count(), due_before - 1, "the voucher under way only")
        self.assertTrue(self.triggers() - before, "woken again for the rest")
        while self.Sync._oms_due_count():
            self.Sync._cron_oms_process_outbox()
        before = self.triggers()
        self.Sync._cron_oms_process_outbox()
        self.assertFalse(self.triggers() - before, "nothing left: the cron waits for its interval")
