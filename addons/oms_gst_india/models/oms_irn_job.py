"""IRN registration as a NIC job (``oms.nic.job.mixin``): one per invoice, never sent twice."""

import base64
import json

from odoo import fields, models
from odoo.exceptions import UserError

from ..oms_gst.nic_dates import nic_to_utc

DUPLICATE_IRN = "2150"


class OmsIrnJob(models.Model):
    _name = "oms.irn.job"
    _inherit = ["oms.nic.job.mixin"]
    _description = "IRN Generation Job"

    move_id = fields.Many2one("account.move", required=True, readonly=True, index=True, ondelete="cascade")

    _sql_constraints = [
        ("move_unique", "unique(move_id)", "An invoice has one IRN job: it is never sent twice."),
    ]

    def _oms_nic_invoice(self):
        return self.move_id

    def _oms_on_paused(self, reason):
        self.move_id.write({"oms_einvoice_error": reason})

    def _oms_nic_refusal(self, error):
        return self.env._("The IRP refused the invoice: %(error)s", error=str(error))

    def _oms_perform(self):
        move = self.move_id
        if move.oms_irn or move._oms_has_l10n_in_edi_document():
            return  # already registered (by us or by l10n_in_edi): never twice
        payload = move._oms_einvoice_payload()
        client = self.env["oms.einvoice.config"]._oms_for_company(self.company_id)._oms_irp_client()

        def adopt_duplicate(error):
            if not error.has_code(DUPLICATE_IRN):
                raise UserError(self._oms_nic_refusal(error)) from error
            return self._oms_adopt_duplicate(client, payload, error)

        reply = self._oms_call_nic(
            "GenerateIRN", payload, lambda: client.generate_irn(payload), on_refusal=adopt_duplicate
        )
        self._oms_store_irn(reply)

    def _oms_adopt_duplicate(self, client, payload, error):
        """2150: the IRP has this document already. Adopt its IRN only if GSTIN and totals match."""
        document = payload["DocDtls"]

        def lookup_failed(lookup_error):
            raise UserError(
                self.env._("Duplicate IRN and its lookup failed: %(error)s", error=str(lookup_error))
            ) from lookup_error

        details = self._oms_call_nic(
            "GetIRNByDocument",
            dict(document),
            lambda: client.get_irn_by_document(document["Typ"], document["No"], document["Dt"]),
            on_refusal=lookup_failed,
        )
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
