from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _oms_demo_plan_tranches(self, plans):
        """Demo data only: plan a first tranche of each order (``plans``: (order id, quantity of its first
        goods line)) and draft its tax invoice, as Dispatch and Finance do with Plan Tranche and Invoice
        Tranche, as the administrator (who holds every pipeline role). Finance posts it in the demo."""
        admin = self.env.ref("base.user_admin")
        for order_id, quantity in plans:
            order = self.browse(order_id).with_user(admin).with_company(self.browse(order_id).company_id)
            line = order._oms_goods_lines()[:1]
            order._oms_plan_tranche({line: quantity})
            if order.company_id.oms_lot_document_policy == "invoice_per_tranche":
                order.action_oms_invoice_tranche()
