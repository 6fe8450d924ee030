"""Invoice → the GST document (gst_document.gst_document_of) → the validated INV-01 payload of the IRP."""

from odoo import models
from odoo.exceptions import UserError

from ..oms_gst.einvoice_payload import build_irn_payload
from ..oms_gst.einvoice_validation import format_issues, validate_irn_payload
from ..oms_gst.gst_document import GstDocumentError
from ..oms_gst.rounding import RoundingError, check_round_off
from ..oms_gst.tax_split import EXPORT_STATE_CODE, decide_supply
from .gst_document import DOC_TYPES, gst_document_of


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_supply_decision(self):
        """oms_gst.tax_split's decision for this customer invoice, or None when it cannot be made."""
        self.ensure_one()
        supplier_state = self.company_id.state_id.l10n_in_tin
        treatment = self.l10n_in_gst_treatment
        place = self.l10n_in_state_id.l10n_in_tin or EXPORT_STATE_CODE
        if not supplier_state or not treatment:
            return None
        try:
            return decide_supply(supplier_state, place, treatment, lut=self.company_id.oms_gst_lut)
        except ValueError:
            return None

    def _oms_einvoice_state_label(self):
        """Where the invoice's e-invoice stands, in the user's words (its label, not its code)."""
        self.ensure_one()
        labels = dict(self._fields["oms_einvoice_state"]._description_selection(self.env))
        return labels.get(self.oms_einvoice_state) or self.env._("not sent")

    def _oms_einvoice_applies(self):
        self.ensure_one()
        if self.move_type not in DOC_TYPES or not self.company_id._oms_einvoice_enabled():
            return False
        decision = self._oms_supply_decision()
        return bool(decision and decision.einvoice_applies)

    def _oms_einvoice_payload(self):
        """The validated GenerateIRN payload; raises UserError naming every problem (nothing is sent)."""
        self.ensure_one()
        try:
            # The rounding line is the round-off; the tax amounts are Odoo's own (GST and cess apart).
            document = gst_document_of(self, ship_to=self.partner_shipping_id)
            check_round_off(document.round_off)
            payload = build_irn_payload(document)
        except (GstDocumentError, RoundingError) as error:
            raise UserError(self._oms_einvoice_refusal(str(error))) from error
        sandbox = self.company_id.oms_gstin_sandbox
        issues = validate_irn_payload(payload, sandbox=sandbox)
        if issues:
            raise UserError(self._oms_einvoice_refusal(format_issues(issues)))
        return payload

    def _oms_einvoice_refusal(self, details):
        return self.env._(
            "Invoice %(invoice)s cannot be sent to the IRP; correct it and post again:\n%(details)s",
            invoice=self.name,
            details=details,
        )
