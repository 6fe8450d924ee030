import re

from odoo import api, models
from odoo.exceptions import ValidationError

from ..oms_gst.hsn import REQUIRED_LENGTHS, HsnError, check_hsn


def _hsn_entry_problem(code, required_length):
    """Return why ``code`` cannot be entered ("digits", "length" or "company"), or None when it can.

    ``check_hsn`` (also used on posting) decides digits only and ``required_length`` to 8 digits. At entry
    5 and 7 digits are refused too: the tariff has no 5- or 7-digit level and l10n_in's own warning accepts
    4, 6 or 8 digits only.
    """
    try:
        check_hsn(code, required_length)
    except HsnError:
        if not (code.isascii() and code.isdigit()):
            return "digits"
        if len(code) in REQUIRED_LENGTHS and len(code) < required_length:
            return "company"
        return "length"
    return None if len(code) in REQUIRED_LENGTHS else "length"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.model
    def _oms_normalise_hsn_vals(self, vals):
        # Users paste "8482 10": an HSN code never contains spaces, so they are removed rather than refused.
        if isinstance(vals.get("l10n_in_hsn_code"), str):
            vals = dict(vals, l10n_in_hsn_code=re.sub(r"\s+", "", vals["l10n_in_hsn_code"]) or False)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._oms_normalise_hsn_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._oms_normalise_hsn_vals(vals))

    def _oms_hsn_required_length(self):
        """The minimum digits of the product's own company; 4 for a product shared between companies.

        A shared product carries one code for every company, and which company's minimum applies is only known
        on the invoice, where posting checks it (account.move._oms_hsn_failures). Using the user's current
        company here would make the same edit pass or fail depending on the company switcher.
        """
        return int(self.company_id.l10n_in_hsn_code_digit or 4)

    @api.constrains("l10n_in_hsn_code", "company_id")
    def _check_oms_hsn_code(self):
        """Refuse at entry the HSN/SAC codes no invoice can carry; an empty code is allowed (it is asked for
        before the order leaves Sale Order and before posting)."""
        for template in self.filtered("l10n_in_hsn_code"):
            code = template.l10n_in_hsn_code
            required_length = template._oms_hsn_required_length()
            problem = _hsn_entry_problem(code, required_length)
            if problem == "digits":
                message = self.env._(
                    "HSN/SAC code %(code)s of %(product)s is not valid: enter digits only (for example 84821010).",
                    code=code,
                    product=template.display_name,
                )
            elif problem == "company":
                message = self.env._(
                    "HSN/SAC code %(code)s of %(product)s is too short: %(company)s prints HSN/SAC codes of at "
                    "least %(digits)s digits (Accounting settings). Enter the longer code.",
                    code=code,
                    product=template.display_name,
                    company=template.company_id.display_name,
                    digits=required_length,
                )
            elif problem == "length":
                message = self.env._(
                    "HSN/SAC code %(code)s of %(product)s has %(count)s digits: an HSN/SAC code has 4, 6 or 8 "
                    "digits.",
                    code=code,
                    product=template.display_name,
                    count=len(code),
                )
            else:
                continue
            raise ValidationError(message)
