"""Timeline entries of the Tally sync jobs of the order and of its invoices: what was sent, and whether
Tally accepted it."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_timeline_entries(self):
        entries = super()._oms_timeline_entries()
        # Sync jobs are finance configuration; every role sees whether the order reached the books.
        jobs = (
            self.env["oms.tally.sync"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", self.id),
                    "&",
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", self.sudo().invoice_ids.ids),
                ]
            )
        )
        for job in jobs:
            entries.append(
                self._oms_timeline_entry(
                    job.done_at or job.create_date,
                    "tally",
                    self.env._("Tally sync: %(name)s", name=job.name),
                    job.create_uid,
                    job,
                    self._oms_selection_label(job, "state"),
                )
            )
        return entries
