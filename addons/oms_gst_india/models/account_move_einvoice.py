"""Invoice → plain values for the INV-01 payload builder (oms_gst.einvoice_payload), and its checks."""

from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..oms_gst.einvoice_document import UNREGISTERED_GSTIN, InvoiceDocument, InvoiceLine, Party
from ..oms_gst.einvoice_payload import EinvoiceError, build_irn_payload
from ..oms_gst.einvoice_validation import format_issues, validate_irn_payload
from ..oms_gst.rounding import MAX_ROUND_OFF, RoundingError, check_round_off
from ..oms_gst.tax_split import EXPORT_STATE_CODE, decide_supply

EXPORT_PINCODE = 999999
DOC_TYPES = {"out_invoice": "INV", "out_refund": "CRN"}


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

    def _oms_einvoice_applies(self):
        self.ensure_one()
        if self.move_type not in DOC_TYPES or not self.company_id._oms_einvoice_enabled():
            return False
        decision = self._oms_supply_decision()
        return bool(decision and decision.einvoice_applies)

    def _oms_party(self, partner, overseas=False):
        partner = partner.commercial_partner_id if partner.commercial_partner_id else partner
        state_code = EXPORT_STATE_CODE if overseas else (partner.state_id.l10n_in_tin or "")
        return Party(
            gstin=UNREGISTERED_GSTIN if overseas else (partner.vat or ""),
            legal_name=partner.name or "",
            address1=partner.street or partner.city or "",
            address2=partner.street2 or "",
            location=partner.city or "",
            pincode=EXPORT_PINCODE if overseas else (partner.zip or ""),
            state_code=state_code,
            phone=partner.phone or "",
            email=partner.email or "",
        )

    def _oms_gst_rate(self, line):
        # l10n_in's GST taxes are groups (CGST + SGST) or single IGST taxes: the rate is their sum.
        taxes = line.tax_ids.flatten_taxes_hierarchy().filtered(lambda tax: tax.amount_type == "percent")
        return sum(taxes.mapped("amount"))

    def _oms_invoice_lines(self):
        lines = []
        for line in self.invoice_line_ids.filtered(lambda record: record.display_type == "product"):
            gross = line.quantity * line.price_unit
            uqc = (line.product_uom_id.l10n_in_code or "OTH").split("-")[0]
            lines.append(
                InvoiceLine(
                    description=line.product_id.display_name or line.name or "",
                    is_service=line.product_id.type == "service",
                    hsn=line.l10n_in_hsn_code or "",
                    quantity=str(line.quantity),
                    unit=uqc,
                    unit_price=str(line.price_unit),
                    discount=str(round(gross * line.discount / 100, 2)),
                    gst_rate=str(self._oms_gst_rate(line)),
                )
            )
        return lines

    def _oms_einvoice_document(self, round_off=Decimal(0)):
        self.ensure_one()
        decision = self._oms_supply_decision()
        overseas = self.l10n_in_gst_treatment == "overseas"
        return InvoiceDocument(
            doc_type=DOC_TYPES[self.move_type],
            number=self.name,
            date=self.invoice_date,
            supply_type=decision.sup_typ,
            seller=self._oms_party(self.company_id.partner_id),
            buyer=self._oms_party(self.partner_id, overseas=overseas),
            place_of_supply=decision.place_of_supply,
            lines=self._oms_invoice_lines(),
            round_off=round_off,
        )

    def _oms_einvoice_payload(self):
        """The validated GenerateIRN payload; raises UserError naming every problem (nothing is sent)."""
        self.ensure_one()
        try:
            payload = build_irn_payload(self._oms_einvoice_document())
            # Odoo's total (cash rounding included) is the amount printed: a small difference is the
            # round-off. A large one is IGST that l10n_in nets off on SEZ/export supplies with payment.
            difference = Decimal(str(self.amount_total)) - Decimal(str(payload["ValDtls"]["TotInvVal"]))
            if difference and abs(difference) <= MAX_ROUND_OFF:
                payload = build_irn_payload(self._oms_einvoice_document(check_round_off(difference)))
        except (EinvoiceError, RoundingError) as error:
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
