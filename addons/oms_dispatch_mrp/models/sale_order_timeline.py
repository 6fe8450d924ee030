"""Timeline entries of the manufacturing orders made for the order (assembly and finished goods)."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_timeline_entries(self):
        entries = super()._oms_timeline_entries()
        # Cancelled manufacturing orders are history too: read the whole link (sudo: see _oms_productions).
        for production in self.sudo().mrp_production_ids:
            entries.append(
                self._oms_timeline_entry(
                    production.date_finished or production.date_start,
                    "production",
                    self.env._(
                        "Manufacturing order %(name)s: %(quantity)s %(product)s",
                        name=production.name,
                        quantity=production.product_qty,
                        product=production.product_id.display_name,
                    ),
                    production.user_id,
                    production,
                    self._oms_selection_label(production, "state"),
                )
            )
        return entries
