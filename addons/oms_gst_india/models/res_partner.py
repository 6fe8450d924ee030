import re

from odoo import api, models
from odoo.exceptions import ValidationError

from ..oms_gst.gstin import GstinError, compute_check_character, validate_gstin

# Two digits (state code) then 13 letters or digits: every GSTIN kind (regular, UN body, NRI, TDS, TCS, NIC
# sandbox) has this shape once spaces are removed and letters upper-cased.
GSTIN_SHAPE = re.compile(r"^[0-9]{2}[A-Z0-9]{13}$")
# DOMAIN.md: an Indian PIN code is 100000-999999, i.e. six digits not starting with 0.
PIN_CODE = re.compile(r"^[1-9][0-9]{5}$")


def _normalised_gstin(value):
    """Return a GSTIN-shaped ``value`` without spaces and upper-cased; anything else unchanged.

    Upper-cased whatever the partner's country: no other country's VAT number has this shape, VAT numbers
    are not case-sensitive, and the country is often not known yet when the number is typed (set later, or
    inherited from the parent company), so a country test would let lower-case GSTINs through.
    """
    if not isinstance(value, str):
        return value
    compact = re.sub(r"\s+", "", value).upper()
    return compact if GSTIN_SHAPE.match(compact) else value


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

    def _oms_address_in_india(self, vals=None):
        """Whether this address (after writing ``vals``) is in India: its own country, else its parent's.

        The PIN code belongs to the partner's own address, so its own country wins (an Indian customer's
        delivery address abroad keeps its foreign postal code); a contact without a country is taken to be
        where its parent company is.
        """
        vals = vals or {}
        Partner = self.env["res.partner"]
        country = (
            self.env["res.country"].browse(vals["country_id"] or ())
            if "country_id" in vals
            else self.country_id
        )
        parent = Partner.browse(vals["parent_id"] or ()) if "parent_id" in vals else self.parent_id
        return (country or parent.country_id).code == "IN"

    @api.constrains("zip", "country_id", "parent_id")
    def _check_oms_pin_code(self):
        """Indian PIN codes at entry: six digits, first digit 1-9 (DOMAIN.md: Pin 100000-999999).

        An empty PIN code is allowed here: the e-invoice and e-way bill checks ask for it when it is needed.
        """
        for partner in self:
            if partner.zip and partner._oms_address_in_india() and not PIN_CODE.match(partner.zip):
                raise ValidationError(
                    self.env._(
                        "PIN code %(value)s of %(partner)s is not valid: an Indian PIN code has 6 digits and "
                        "does not start with 0 (for example 411001).",
                        value=partner.zip,
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _oms_entry_vals(self, vals, indian):
        """Normalise what users type before it is stored; the constraints then check the stored value."""
        vals = dict(vals)
        if vals.get("vat"):
            vals["vat"] = _normalised_gstin(vals["vat"])
        # "411 001" -> "411001". Only for Indian addresses: other countries' postal codes keep their spaces.
        if indian and isinstance(vals.get("zip"), str):
            vals["zip"] = re.sub(r"\s+", "", vals["zip"]) or False
        # oms_dispatch (a dependency) already stores oms_transporter_gst_id without spaces and upper-cased.
        return vals

    def write(self, vals):
        # One normalisation for the whole write: a batch mixing Indian and foreign addresses keeps the zip as
        # typed, and the constraint then names any Indian partner whose PIN code is not six digits.
        indian = "zip" in vals and bool(self) and all(partner._oms_address_in_india(vals) for partner in self)
        vals = self._oms_entry_vals(vals, indian)
        result = super().write(vals)
        if "oms_transporter_gst_id" in vals and "vat" not in vals:
            # Dispatch's transporter ID is validated like a GSTIN (constrains cannot name a field another
            # module may not have added yet).
            self._check_oms_gstin()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        new = self.env["res.partner"]
        vals_list = [self._oms_entry_vals(vals, new._oms_address_in_india(vals)) for vals in vals_list]
        partners = super().create(vals_list)
        if any("oms_transporter_gst_id" in vals for vals in vals_list):
            partners._check_oms_gstin()
        return partners
