"""Timeline entries of the Tally sync jobs of the order and of its invoices: what was sent, and whether
Tally accepted it."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_tally_jobs_by_order(self, states=None):
        """[(order, job)]: the Tally sync jobs of these orders and of their invoices (``states``: only
        those), found with one search for all the orders."""
        # Sync jobs are finance configuration; every role sees whether the order reached the books.
        orders = self.sudo()
        invoice_orders = {
            invoice.id: invoice.line_ids.sale_line_ids.order_id & orders for invoice in orders.invoice_ids
        }
        domain = [
            "|",
            "&",
            ("res_model", "=", "sale.order"),
            ("res_id", "in", orders.ids),
            "&",
            ("res_model", "=", "account.move"),
            ("res_id", "in", list(invoice_orders)),
        ]
        if states:
            domain = [("state", "in", list(states)), *domain]
        pairs = []
        for job in self.env["oms.tally.sync"].sudo().search(domain):
            owners = (
                orders.browse(job.res_id) if job.res_model == "sale.order" else invoice_orders[job.res_id]
            )
            pairs.extend((order.with_env(self.env), job) for order in owners)
        return pairs

    def _oms_timeline_entries(self):
        entries = super()._oms_timeline_entries()
        for _order, job in self._oms_tally_jobs_by_order():
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
