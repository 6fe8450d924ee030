import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A GSTIN or the 15-character TRANSIN the e-way bill portal issues to unregistered transporters: both are
# two digits (state code) and 13 letters or digits. The e-way bill module checks the GSTIN check character
# when it sends; here only the shape is checked, so a TRANSIN is never refused for a checksum it need not have.
TRANSPORTER_ID_PATTERN = re.compile(r"^[0-9]{2}[A-Z0-9]{13}$")


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_is_transporter = fields.Boolean(
        string="Transporter", help="Offered as transporter when dispatch plans a shipment."
    )
    oms_transporter_gst_id = fields.Char(
        string="Transporter ID",
        size=15,
        help="The transporter's GSTIN or, when unregistered, the 15-character TRANSIN; printed on the "
        "challan and sent with the e-way bill.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oms_normalize_transporter_id(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._oms_normalize_transporter_id(vals)
        return super().write(vals)

    @api.model
    def _oms_normalize_transporter_id(self, vals):
        if vals.get("oms_transporter_gst_id"):
            vals["oms_transporter_gst_id"] = re.sub(r"\s+", "", vals["oms_transporter_gst_id"]).upper()

    @api.constrains("oms_transporter_gst_id")
    def _check_oms_transporter_gst_id(self):
        for partner in self.filtered("oms_transporter_gst_id"):
            if not TRANSPORTER_ID_PATTERN.match(partner.oms_transporter_gst_id):
                raise ValidationError(
                    self.env._(
                        "Transporter ID %(value)s of %(partner)s is not valid: enter the 15-character GSTIN "
                        "or TRANSIN (two digits, then 13 letters or digits).",
                        value=partner.oms_transporter_gst_id,
                        partner=partner.display_name,
                    )
                )
