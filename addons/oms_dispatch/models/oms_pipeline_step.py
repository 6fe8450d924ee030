from odoo import api, models


class OmsPipelineStep(models.Model):
    _inherit = "oms.pipeline.step"

    @api.model
    def _oms_never_disabled(self, company):
        # Each tranche's dispatch records the order there: without them goods could leave unrecorded.
        why = self.env._("every consignment is dispatched through it")
        return {**super()._oms_never_disabled(company), "partial_dispatch": why, "complete_dispatch": why}

    @api.model
    def _oms_order_requirements(self, company):
        return [
            *super()._oms_order_requirements(company),
            ("shipment", "partial_dispatch", self.env._("goods are planned on a shipment before they leave")),
        ]
