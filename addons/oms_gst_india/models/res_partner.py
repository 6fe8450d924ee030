from odoo import api, models
from odoo.exceptions import ValidationError

from ..oms_gst.gstin import GstinError, compute_check_character, validate_gstin


def _is_sandbox_gstin(value):
    try:
        validate_gstin(value, sandbox=True)
    except GstinError:
        return False
    return True


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _oms_gst_company(self):
        return self.company_id or self.env.company

    def _oms_is_indian(self):
        return (self.commercial_partner_id.country_id or self.country_id).code == "IN"

    def check_vat_in(self, vat):
        # base_vat's pattern refuses NIC's sandbox GSTINs (entity number 0...); sandbox mode accepts them.
        if self.env.company.oms_gstin_sandbox and vat and _is_sandbox_gstin(vat):
            return True
        return super().check_vat_in(vat)

    @api.constrains("vat", "country_id")
    def _check_oms_gstin(self):
        """GSTIN check character on customers, vendors, transporters and companies (their partner)."""
        for partner in self:
            company = partner._oms_gst_company()
            if not partner.vat or len(partner.vat) == 1 or not company.oms_gst_enforce:
                continue
            if not partner._oms_is_indian():
                continue
            partner._oms_validate_gstin_value(partner.vat, company)
        for partner in self:
            value = partner._fields.get("oms_transporter_gst_id") and partner["oms_transporter_gst_id"]
            company = partner._oms_gst_company()
            if value and company.oms_gst_enforce and not company.oms_gstin_sandbox:
                partner._oms_validate_transporter_id(value)

    def _oms_validate_gstin_value(self, value, company):
        try:
            validate_gstin(value, sandbox=company.oms_gstin_sandbox)
        except GstinError as error:
            raise ValidationError(
                self.env._(
                    "%(partner)s: %(error)s. Correct the GSTIN (or switch on GST sandbox mode for NIC test "
                    "numbers).",
                    partner=self.display_name,
                    error=str(error),
                )
            ) from error

    def _oms_validate_transporter_id(self, value):
        # A transporter ID is a GSTIN or a TRANSIN (oms_dispatch checks the layout); both end with the same
        # mod-36 check character, the only part checked here so that TRANSIN state codes are not refused.
        try:
            valid = len(value) == 15 and compute_check_character(value[:14]) == value[14].upper()
        except GstinError:
            valid = False
        if not valid:
            raise ValidationError(
                self.env._(
                    "Transporter ID %(value)s of %(partner)s fails its check character: check it for a typing "
                    "mistake.",
                    value=value,
                    partner=self.display_name,
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if "oms_transporter_gst_id" in vals and "vat" not in vals:
            # Dispatch's transporter ID is validated like a GSTIN (constrains cannot name a field another
            # module may not have added yet).
            self._check_oms_gstin()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any("oms_transporter_gst_id" in vals for vals in vals_list):
            partners._check_oms_gstin()
        return partners
