"""What Tally blocks on an order, for the one answer of oms_handover (``_oms_blockers``): a voucher of the
order or of its invoices that failed to reach Tally for good (Finance must fix and retry it)."""

from odoo import models

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_situations(self):
        situations = super()._oms_situations()
        for order, job in self._oms_tally_jobs_by_order(states=("failed",)):
            situations[order.id].append(
                ("tally_sync", GROUP_FINANCE, self.env._("Tally sync failed: %(job)s", job=job.name))
            )
        return situations
