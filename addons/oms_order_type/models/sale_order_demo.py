"""Demo data only."""

from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _oms_demo_customer_terms(self, partner_id, company_id, term_id):
        """The customer's agreed payment terms in a company: the field is per company, which demo records
        (written in the installing user's company) cannot say."""
        partner = self.env["res.partner"].browse(partner_id).with_company(company_id)
        partner.property_payment_term_id = term_id
        return True

    @api.model
    def _oms_demo_product_cost(self, product_ids, company_id):
        """The demo products' cost in the demo company, as in the installing user's company (the field is
        per company): free supplies are valued at it."""
        for product in self.env["product.product"].browse(product_ids):
            product.with_company(company_id).standard_price = product.standard_price
        return True

    def _oms_demo_post_free_supply(self):
        """Finance posts the free-supply voucher of the demo's gift, as with Post Free-Supply Voucher (once:
        demo data is loaded again on upgrade)."""
        for order in self.filtered(lambda order: order.state == "sale" and not order.oms_free_supply_move_id):
            order._oms_demo_as("finance").action_oms_post_free_supply()
        return True

    def _oms_demo_counter_sale(self):
        """Confirm the counter's sale (its invoice is posted and its goods planned at once) and send what the
        scheduled action would send: the invoice's IRN."""
        self._oms_demo_confirm()
        self._oms_demo_send_nic_queues()
        return True
