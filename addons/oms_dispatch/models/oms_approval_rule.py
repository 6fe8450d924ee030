"""Stock availability in the approval matrix: an order whose storable lines are not covered by their
reservation and the free stock of the order's warehouse waits for approval (someone commits to get the
goods, or to let the customer wait). What is approved is each line's shortage; a larger shortage re-opens
the approval."""

from odoo import fields, models


class OmsApprovalRule(models.Model):
    _inherit = "oms.approval.rule"

    kind = fields.Selection(selection_add=[("stock", "Stock Availability")], ondelete={"stock": "cascade"})

    def _oms_trigger_stock(self, order):
        shortages = order._oms_stock_shortages()
        if not shortages:
            return None
        parts = [
            self.env._(
                "%(product)s %(missing)s %(unit)s",
                product=line.product_id.display_name,
                missing=round(shortage, 3),
                unit=line.product_id.uom_id.name,
            )
            for line, shortage in shortages.items()
        ]
        summary = self.env._("Not covered by stock: %(lines)s.", lines="; ".join(parts))
        return summary, {"short": {str(line.id): round(shortage, 6) for line, shortage in shortages.items()}}

    def _oms_exceeds_stock(self, snapshot, approved):
        before = approved.get("short", {})
        return any(shortage > before.get(line, 0.0) + 1e-6 for line, shortage in snapshot["short"].items())
