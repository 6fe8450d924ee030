"""IRN generation as an outbox job: one per invoice, claimed by cron with FOR UPDATE SKIP LOCKED."""

import base64
import json
from datetime import timezone

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_handover.models.oms_outbox_job import OmsTransientError

from ..oms_gst.nic_errors import NicError, NicTransientError
from ..oms_gst.nic_session import parse_nic_datetime, redact

DUPLICATE_IRN = "2150"


def nic_to_utc(text):
    """NIC's IST date-time text as the naive UTC datetime Odoo stores."""
    moment = parse_nic_datetime(text)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


class OmsIrnJob(models.Model):
    _name = "oms.irn.job"
    _inherit = ["oms.outbox.job.mixin"]
    _description = "IRN Generation Job"

    move_id = fields.Many2one("account.move", required=True, readonly=True, index=True, ondelete="cascade")

    _sql_constraints = [
        ("move_unique", "unique(move_id)", "An invoice has one IRN job: it is never sent twice."),
    ]

    def _oms_run_claimed(self):
        paused = self.env["oms.einvoice.config"]._oms_hold_if_paused(self)
        if paused:
            self.move_id.write({"oms_einvoice_error": paused})
            return None
        # Log rows are collected outside the job's savepoint so that a failed attempt keeps its log.
        entries = []
        job = self.with_context(oms_nic_log_entries=entries)
        result = super(OmsIrnJob, job)._oms_run_claimed()
        if entries:
            self.env["oms.nic.log"].sudo().create(entries)  # the log is an audit trail users cannot write
        return result

    def _oms_log(self, operation, request, response, outcome):
        entries = self.env.context.get("oms_nic_log_entries")
        values = {
            "move_id": self.move_id.id,
            "company_id": self.company_id.id,
            "operation": operation,
            "request": json.dumps(redact(request), indent=1, default=str) if request is not None else False,
            "response": json.dumps(redact(response), indent=1, default=str)
            if response is not None
            else False,
            "outcome": outcome,
        }
        if entries is None:
            self.env["oms.nic.log"].sudo().create(values)
        else:
            entries.append(values)

    def _oms_perform(self):
        move = self.move_id
        if move.oms_irn or move._oms_has_l10n_in_edi_document():
            return  # already registered (by us or by l10n_in_edi): never twice
        payload = move._oms_einvoice_payload()
        config = self.env["oms.einvoice.config"]._oms_for_company(self.company_id)
        client = config._oms_irp_client()
        try:
            reply = client.generate_irn(payload)
        except NicTransientError as error:
            self._oms_log("GenerateIRN", payload, {"error": error.message}, "retry")
            raise OmsTransientError(
                self.env._("The IRP did not answer (%(reason)s); trying again later.", reason=error.message)
            ) from error
        except NicError as error:
            self._oms_log("GenerateIRN", payload, {"codes": error.codes, "message": error.message}, "refused")
            if error.has_code(DUPLICATE_IRN):
                reply = self._oms_adopt_duplicate(client, payload, error)
            else:
                raise UserError(
                    self.env._("The IRP refused the invoice: %(error)s", error=str(error))
                ) from error
        else:
            self._oms_log("GenerateIRN", payload, reply, "ok")
        self._oms_store_irn(reply)

    def _oms_adopt_duplicate(self, client, payload, error):
        """2150: the IRP has this document already. Adopt its IRN only if GSTIN and totals match."""
        document = payload["DocDtls"]
        try:
            details = client.get_irn_by_document(document["Typ"], document["No"], document["Dt"])
        except NicTransientError as lookup_error:
            raise OmsTransientError(lookup_error.message) from lookup_error
        except NicError as lookup_error:
            raise UserError(
                self.env._("Duplicate IRN and its lookup failed: %(error)s", error=str(lookup_error))
            ) from lookup_error
        self._oms_log("GetIRNByDocument", dict(document), details, "ok")
        conflict = self._oms_duplicate_conflict(payload, details)
        if conflict:
            raise UserError(
                self.env._(
                    "The IRP already holds document %(number)s with other data (%(conflict)s); its IRN was "
                    "not adopted. Check the invoice against the IRP and cancel one of them.",
                    number=document["No"],
                    conflict=conflict,
                )
            ) from error
        return details

    def _oms_duplicate_conflict(self, payload, details):
        signed = details.get("SignedInvoice") or ""
        registered = _jwt_data(signed)
        if registered is None:
            return self.env._("the registered invoice could not be read")
        problems = []
        for block in ("SellerDtls", "BuyerDtls"):
            ours, theirs = payload[block].get("Gstin"), (registered.get(block) or {}).get("Gstin")
            if ours != theirs:
                problems.append(f"{block}.Gstin {theirs} ≠ {ours}")
        for key in ("AssVal", "TotInvVal", "IgstVal", "CgstVal", "SgstVal"):
            ours, theirs = payload["ValDtls"].get(key, 0), (registered.get("ValDtls") or {}).get(key, 0)
            if abs(float(ours or 0) - float(theirs or 0)) > 0.009:
                problems.append(f"{key} {theirs} ≠ {ours}")
        return ", ".join(problems)

    def _oms_store_irn(self, reply):
        self.move_id.write(
            {
                "oms_irn": reply.get("Irn"),
                "oms_irn_ack_no": str(reply.get("AckNo") or ""),
                "oms_irn_ack_date": nic_to_utc(reply.get("AckDt")) if reply.get("AckDt") else False,
                "oms_einvoice_signed_invoice": reply.get("SignedInvoice"),
                "oms_einvoice_signed_qr": reply.get("SignedQRCode"),
                "oms_einvoice_state": "sent",
                "oms_einvoice_error": False,
            }
        )
        self.move_id.message_post(body=self.env._("IRN obtained: %(irn)s", irn=reply.get("Irn")))
        self.move_id._oms_on_irn_registered()

    def _oms_record_failure(self, message, retry):
        result = super()._oms_record_failure(message, retry)
        # The invoice shows the problem in plain words; a retryable one keeps it "to send".
        state = "to_send" if self.state == "pending" else "error"
        self.move_id.write({"oms_einvoice_state": state, "oms_einvoice_error": message})
        return result


def _jwt_data(token):
    """The ``data`` claim (the registered invoice) of NIC's signed invoice JWT, or None."""
    try:
        body = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        data = claims.get("data")
        return json.loads(data) if isinstance(data, str) else data
    except (IndexError, ValueError, AttributeError):
        return None
