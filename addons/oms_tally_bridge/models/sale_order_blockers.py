"""What Tally blocks on an order, for the one answer of oms_handover (``_oms_blockers``): a voucher of the
order or of its invoices that failed to reach Tally for good (Finance must fix and retry it)."""

from odoo import models

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_situations(self):
        # The failed jobs are few: find them, then their orders (a board page asks for 40 cards at once).
        situations = super()._oms_situations()
        failed = (
            self.env["oms.tally.sync"]
            .sudo()
            .search([("state", "=", "failed"), ("res_model", "in", ("sale.order", "account.move"))])
        )
        for job in failed:
            if job.res_model == "sale.order":
                orders = self.browse(job.res_id)
            else:
                orders = self.env["account.move"].browse(job.res_id).line_ids.sale_line_ids.order_id
            for order in orders.filtered(lambda record: record.id in situations):
                situations[order.id].append(
                    ("tally_sync", GROUP_FINANCE, self.env._("Tally sync failed: %(job)s", job=job.name))
                )
        return situations
