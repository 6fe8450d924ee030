from odoo import fields, models

# Aggregate annual turnover above which B2B, SEZ and export invoices need an IRN (₹5 crore).
EINVOICE_AATO_THRESHOLD = 50_000_000


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_gst_enforce = fields.Boolean(
        string="Enforce GST Rules",
        help="Check the GSTIN check character of partners and require HSN codes on taxable lines before "
        "an order leaves Sale Order and before a customer invoice is posted.",
    )
    oms_gstin_sandbox = fields.Boolean(
        string="GST Sandbox Mode",
        help="Accept NIC's sandbox test GSTINs, whose check character is not valid (testing only).",
    )
    oms_gst_lut = fields.Boolean(
        string="Letter of Undertaking (LUT)",
        help="Exports and SEZ supplies are zero-rated under bond / LUT instead of paying IGST.",
    )
    oms_aato = fields.Monetary(
        string="Aggregate Annual Turnover",
        currency_field="currency_id",
        help="E-invoicing (IRN) applies to B2B, SEZ and export invoices above ₹5 crore.",
    )

    def _oms_einvoice_enabled(self):
        self.ensure_one()
        return self.country_code == "IN" and self.oms_aato > EINVOICE_AATO_THRESHOLD

    def write(self, vals):
        result = super().write(vals)
        if vals.get("oms_gst_enforce"):
            # Under GST the tax invoice and e-way bill stages may not be off (see oms.pipeline.step).
            for company in self:
                self.env["oms.pipeline.step"]._oms_check_pipeline(company)
        return result
