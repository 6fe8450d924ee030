from odoo import api, models


class OmsPipelineStep(models.Model):
    _inherit = "oms.pipeline.step"

    @api.model
    def _oms_never_disabled(self, company):
        """A company under GST must issue a tax invoice for every taxable supply (CGST Act s.31) and an
        e-way bill before goods above the threshold move (CGST Rule 138): neither stage may be switched
        off for it. Below the threshold the E-Way Bill stage is still skipped per order."""
        result = super()._oms_never_disabled(company)
        if company.oms_gst_enforce:
            result["tax_invoice"] = self.env._("a company under GST must issue tax invoices (CGST Act s.31)")
            result["eway_bill"] = self.env._(
                "goods above the threshold move only with an e-way bill (CGST Rule 138)"
            )
        return result

    @api.model
    def _oms_order_requirements(self, company):
        return [
            *super()._oms_order_requirements(company),
            (
                "tax_invoice",
                "partial_dispatch",
                self.env._("the tax invoice is issued before the goods are removed (CGST Act s.31)"),
            ),
            (
                "eway_bill",
                "partial_dispatch",
                self.env._("the e-way bill is generated before movement (CGST Rule 138)"),
            ),
            ("shipment", "eway_bill", self.env._("the e-way bill's Part B needs the planned vehicle")),
        ]
