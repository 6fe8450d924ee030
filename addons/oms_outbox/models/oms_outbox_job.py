"""Outbox jobs: outbound work (IRN, e-way bill, Tally vouchers) as records processed by cron workers.

Each job is claimed with ``FOR UPDATE SKIP LOCKED`` and processed in its own transaction while its row
stays locked, so N workers never send the same job twice: a second worker skips the locked row, and a
worker killed mid-send leaves the job pending (its transaction never committed) for the next run.
Transient failures (timeouts, 5xx, malformed replies, the other side down) are retried with exponential
backoff; after ``max_attempts`` the job is dead-lettered ("failed") and waits for a manual retry.
Permanent failures (the other side refused the document) fail at once with the reason in plain words.
"""

import logging
import time
from datetime import timedelta

from psycopg2.errors import DeadlockDetected, LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.modules import module
from odoo.tools import mute_logger

from ..exceptions import OmsTransientError

_logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600
# A concurrent change of a row the job's work touched (another user on the same customer, invoice or
# order): the remote system was never the problem, and the same work in a new transaction succeeds.
TRANSIENT_DATABASE_ERRORS = (SerializationFailure, DeadlockDetected, LockNotAvailable)


class OmsOutboxJobMixin(models.AbstractModel):
    _name = "oms.outbox.job.mixin"
    _description = "Outbox Job"
    _order = "id desc"
    # One cron run sends jobs until it has sent this many or worked this long, then wakes the cron again
    # for the rest (see _cron_oms_process_outbox).
    _oms_batch_size = 100
    _oms_batch_seconds = 30

    state = fields.Selection(
        [("pending", "To Send"), ("done", "Sent"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        default="pending",
        required=True,
        index=True,
        readonly=True,
        copy=False,
    )
    attempts = fields.Integer(readonly=True, copy=False)
    max_attempts = fields.Integer(default=8, readonly=True)
    next_attempt_at = fields.Datetime(default=fields.Datetime.now, index=True, readonly=True, copy=False)
    done_at = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False, help="The last failure, in plain words.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    # ----- what a concrete job implements -----

    def _oms_perform(self):
        """Send the job's document. Raise OmsTransientError to retry later, any UserError to fail now."""
        raise NotImplementedError

    # ----- waking the cron -----

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._oms_wake_cron()
        return jobs

    @api.model
    def _oms_wake_cron(self, at=None):
        """Ask Odoo's cron runner to process this outbox now (or at ``at``) instead of at its next interval:
        a queued document goes out within seconds, and a retry runs when its backoff ends."""
        # sudo: the users who queue jobs (finance, dispatch, sales) may not read scheduled actions.
        crons = (
            self.env["ir.cron"]
            .sudo()
            .search([("model_id.model", "=", self._name), ("code", "like", "_cron_oms_process_outbox")])
        )
        crons._trigger(at)

    # ----- processing -----

    @api.model
    def _oms_claim_next(self):
        """Lock and return one due job, skipping rows other workers hold; empty when none is due."""
        self.env.flush_all()  # jobs queued earlier in this transaction must be visible to the query
        # Python's clock, not PostgreSQL's now() (the transaction's start): a job queued a moment ago is due.
        # A row another worker committed after this transaction's snapshot raises SerializationFailure, which
        # the caller handles; it is not an error worth a log line.
        with mute_logger("odoo.sql_db"):
            self.env.cr.execute(
                f"""SELECT id FROM {self._table}
                 WHERE state = 'pending' AND next_attempt_at <= %s
              ORDER BY next_attempt_at, id
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED""",  # the table name is the model's own, never user input
                [fields.Datetime.now()],
            )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    @api.model
    def _oms_process_pending(self, limit=100, commit=True, seconds=None):
        """Process up to ``limit`` due jobs, one transaction each when ``commit`` (the cron's way); with
        ``seconds``, no new job is taken once that long has passed (the job under way finishes)."""
        processed = self.browse()
        deadline = seconds is not None and time.monotonic() + seconds
        for _index in range(limit):
            if processed and deadline and time.monotonic() >= deadline:
                break
            try:
                job = self._oms_claim_next()
            except SerializationFailure:
                if not commit:
                    raise
                # Another worker sent a job that was due in our snapshot: a new transaction sees it done.
                self.env.cr.rollback()
                continue
            if not job:
                break
            job._oms_run_claimed()
            processed |= job
            if commit:
                # One job per transaction (see the module docstring): its lock is released when it is sent.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return processed

    def _oms_run_claimed(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._oms_perform()
        except OmsTransientError as error:
            self._oms_record_failure(str(error), retry=True)
        except TRANSIENT_DATABASE_ERRORS as error:
            # Odoo has logged the failed query as an error; say right after it that nothing was lost.
            _logger.info(
                "Outbox job %s,%s met a concurrent change (%s); it is retried",
                self._name,
                self.id,
                type(error).__name__,
            )
            # Only the job records the attempt: the document it works on is unchanged (the savepoint rolled
            # its writes back), and writing it again now could meet the same concurrent change.
            OmsOutboxJobMixin._oms_record_failure(
                self,
                self.env._(
                    "The database was busy with a concurrent change (%(reason)s); trying again later.",
                    reason=error.pgerror.strip() if error.pgerror else type(error).__name__,
                ),
                retry=True,
            )
        except Exception as error:  # any other failure is final for this document
            _logger.info("Outbox job %s,%s failed: %s", self._name, self.id, error)
            self._oms_record_failure(str(error), retry=False)
        else:
            self.write({"state": "done", "done_at": fields.Datetime.now(), "last_error": False})

    def _oms_record_failure(self, message, retry):
        attempts = self.attempts + 1
        if retry and attempts < self.max_attempts:
            delay = min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)
            self.write(
                {
                    "attempts": attempts,
                    "last_error": message,
                    "next_attempt_at": fields.Datetime.now() + timedelta(seconds=delay),
                }
            )
            self._oms_wake_cron(self.next_attempt_at)
        else:
            self.write({"attempts": attempts, "last_error": message, "state": "failed"})

    def action_oms_retry(self):
        """Manual retry of failed jobs: back in the queue now, with a fresh attempt budget."""
        self.filtered(lambda job: job.state == "failed").write(
            {"state": "pending", "attempts": 0, "next_attempt_at": fields.Datetime.now()}
        )
        self._oms_wake_cron()
        return True

    def action_oms_cancel_job(self):
        self.filtered(lambda job: job.state in ("pending", "failed")).write({"state": "cancelled"})
        return True

    @api.model
    def _cron_oms_process_outbox(self):
        """Scheduled action entry point of every concrete outbox model."""
        # Tests run in one transaction that must not be committed (HttpCase sets test mode; TransactionCase
        # only sets current_test).
        in_test = self.env.registry.in_test_mode() or module.current_test
        processed = self._oms_process_pending(
            limit=self._oms_batch_size, commit=not in_test, seconds=self._oms_batch_seconds
        )
        # A burst bigger than one run (a morning's invoices, a day's customer mails) goes on at once in a new
        # run, instead of waiting for the next interval. A new run, not Odoo's progress API: its runner calls
        # the job again up to ten times in the same run, and a cron worker is killed once one run has taken
        # limit_time_real_cron (by default limit_time_real, 120 s), while a job may wait 30 s on NIC or
        # Tally. The trigger outlives this run: Odoo drops only the triggers due before the run began.
        if processed and self._oms_due_count():
            self._oms_wake_cron()

    @api.model
    def _oms_due_count(self):
        return self.search_count(
            [("state", "=", "pending"), ("next_attempt_at", "<=", fields.Datetime.now())]
        )
