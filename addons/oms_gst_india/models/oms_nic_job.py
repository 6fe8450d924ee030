"""The one shape of every job that talks to NIC: an IRN to register, an e-way bill to generate, update,
extend or cancel.

Each is an outbox job (``oms.outbox.job.mixin``: claimed with FOR UPDATE SKIP LOCKED, retried with backoff,
dead-lettered after its attempts). On top of that, for every NIC job alike:

- a connection paused by the administrator (the demo's, or one being set up) keeps the job unsent, with
  the reason, and costs it no attempt;
- every call and NIC's answer is logged, redacted, in ``oms.nic.log`` against the invoice, and the log of
  a failed attempt is kept although the attempt's own writes are rolled back;
- NIC not answering (timeout, 5xx, a garbled reply) retries later; NIC refusing fails the job at once with
  NIC's reason in plain words, unless the job knows how to adopt what NIC already holds (a duplicate).
"""

import json

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.oms_outbox.exceptions import OmsTransientError

from ..oms_gst.nic_errors import NicError, NicTransientError
from ..oms_gst.nic_session import redact


class OmsNicJobMixin(models.AbstractModel):
    _name = "oms.nic.job.mixin"
    _inherit = ["oms.outbox.job.mixin"]
    _description = "NIC Job"

    # ----- what a concrete NIC job implements -----

    def _oms_nic_invoice(self):
        """The invoice this job's log rows belong to."""
        raise NotImplementedError

    def _oms_on_paused(self, reason):
        """Show ``reason`` (the connection is paused) where the user looks; nothing by default."""

    def _oms_nic_refusal(self, error):
        """The job's failure message when NIC refuses the request."""
        return self.env._("NIC refused the request: %(error)s", error=str(error))

    # ----- running -----

    def _oms_run_claimed(self):
        paused = self.env["oms.einvoice.config"]._oms_hold_if_paused(self)
        if paused:
            self._oms_on_paused(paused)
            return None
        # Log rows are collected outside the job's savepoint so that a failed attempt keeps its log.
        entries = []
        result = super(OmsNicJobMixin, self.with_context(oms_nic_log_entries=entries))._oms_run_claimed()
        if entries:
            self.env["oms.nic.log"].sudo().create(entries)  # the log is an audit trail users cannot write
        return result

    def _oms_call_nic(self, operation, request, send, on_refusal=None):
        """NIC's answer to ``send()`` (the call named ``operation`` with ``request``), logged.

        Not answering raises OmsTransientError (the outbox retries); a refusal goes to ``on_refusal(error)``
        when given (to adopt what NIC holds already), else fails the job with ``_oms_nic_refusal``.
        """
        try:
            reply = send()
        except NicTransientError as error:
            self._oms_log(operation, request, {"error": error.message}, "retry")
            raise OmsTransientError(
                self.env._("NIC did not answer (%(reason)s); trying again later.", reason=error.message)
            ) from error
        except NicError as error:
            self._oms_log(operation, request, {"codes": error.codes, "message": error.message}, "refused")
            if on_refusal is None:
                raise UserError(self._oms_nic_refusal(error)) from error
            return on_refusal(error)
        self._oms_log(operation, request, reply, "ok")
        return reply

    def _oms_log(self, operation, request, response, outcome):
        values = {
            "move_id": self._oms_nic_invoice().id,
            "company_id": self.company_id.id,
            "operation": operation,
            "request": json.dumps(redact(request), indent=1, default=str) if request is not None else False,
            "response": json.dumps(redact(response), indent=1, default=str)
            if response is not None
            else False,
            "outcome": outcome,
        }
        entries = self.env.context.get("oms_nic_log_entries")
        if entries is None:
            self.env["oms.nic.log"].sudo().create(values)  # the log is an audit trail users cannot write
        else:
            entries.append(values)
