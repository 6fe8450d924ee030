"""Demo data only."""

from odoo import Command, api, models


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

    @api.model
    def _oms_demo_send_on_consignment(self, partner_id, product_id, quantity, company_id):
        """Dispatch sends goods to a customer on consignment (Send on Consignment, the challan printed, the
        transfer validated; within the threshold, so without an e-way bill), and the customer's first sales
        report waits in draft for Sales. Once only: demo data is loaded again on upgrade."""
        partner = self.env["res.partner"].browse(partner_id)
        company = self.env["res.company"].browse(company_id)
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        if partner._oms_consignment_location(warehouse):
            return True
        dispatch = self._oms_demo_user("dispatch")
        wizard = (
            self.env["oms.consignment.send.wizard"]
            .with_user(dispatch)
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "line_ids": [Command.create({"product_id": product_id, "quantity": quantity})],
                }
            )
        )
        picking = (
            self.env["stock.picking"]
            .with_user(dispatch)
            .with_company(company)
            .browse(wizard.action_send()["res_id"])
        )
        picking.write(
            {"oms_transport_mode": "road", "oms_vehicle_number": "MH12AB1234", "oms_distance_km": 840}
        )
        picking._oms_assign_challan_number()
        picking.button_validate()
        self.env["oms.consignment.report"].with_user(self._oms_demo_user("sales")).with_company(
            company
        ).create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "warehouse_id": warehouse.id,
                "customer_reference": "KAS/SALES/NOV",
                "line_ids": [Command.create({"product_id": product_id, "quantity": 10})],
            }
        )
        return True
