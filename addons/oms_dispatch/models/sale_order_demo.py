"""Demo data only: the work of the stages this add-on owns, done as their teams do it (see oms_handover's
sale_order_demo.py): placing traded goods with the vendor and receiving them, reserving the goods, planning
and invoicing the tranche, planning the shipment, dispatching, and recording the proof of delivery."""

import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare

# The shipment plan of demo orders: the demo transporter, one of its trucks and its driver.
DEMO_TRANSPORTER = "oms_dispatch.partner_transporter_vrl"
DEMO_VEHICLES = ("MH12AB1234", "MH14CD5678", "MH04EF9012")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_demo_stage_work(self, code):
        result = super()._oms_demo_stage_work(code)
        if code == "sale_order" and "purchase_order" in self._oms_applicable_facts().applicable:
            self._oms_demo_place_with_vendor()
        elif code == "purchase_order":
            self._oms_demo_receive_purchases()
        elif code == "finished_products":
            self._oms_demo_reserve()
        elif code == "tax_invoice":
            self._oms_demo_plan_and_invoice(first_lot=True)
        elif code == "partial_dispatch":
            self._oms_demo_record_deliveries()
            self._oms_demo_plan_and_invoice()
        elif code == "complete_dispatch":
            self._oms_demo_record_deliveries()
        elif code == "shipment":
            self._oms_demo_plan_shipment()
        return result

    def _oms_demo_move_next(self, next_code):
        # The dispatch stages are entered when the goods of a tranche leave: Dispatch Now on the planned
        # delivery, never Next Stage.
        if next_code in ("partial_dispatch", "complete_dispatch"):
            picking = self._oms_planned_tranche()
            return picking.with_user(self._oms_demo_user("dispatch")).action_oms_dispatch()
        return super()._oms_demo_move_next(next_code)

    def _oms_demo_place_with_vendor(self):
        """Procurement's Place with Vendor: the wizard proposes the vendor and quantities; placing it
        confirms the purchase order and enters the Purchase Order stage."""
        wizard = (
            self.env["oms.place.vendor.wizard"]
            .with_user(self._oms_demo_user("procurement"))
            .with_company(self.company_id)
            .with_context(active_id=self.id, default_order_id=self.id)
        )
        wizard.create({"date_planned": fields.Date.context_today(self) + timedelta(days=3)}).action_place()

    def _oms_demo_receive_purchases(self):
        """The vendor delivers: the warehouse receives every open receipt of the order's purchases in full."""
        purchases = self._oms_demo_as("procurement")._get_purchase_orders()
        for receipt in purchases.picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        ):
            for move in receipt.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            receipt.with_context(skip_backorder=True).button_validate()
        self._oms_demo_reserve()

    def _oms_demo_reserve(self):
        """Reserve the goods on the order's open deliveries (Check Availability)."""
        deliveries = self._oms_open_deliveries().filtered(lambda picking: picking.state != "assigned")
        if deliveries:
            deliveries.action_assign()

    def _oms_demo_ships_in_lots(self):
        """One demo order in four ships in two lots (the customer's stores take half at a time)."""
        return self.id % 4 == 0 and all(line.product_uom_qty >= 2 for line in self._oms_goods_lines())

    def _oms_demo_plan_and_invoice(self, first_lot=False):
        """Dispatch plans the next lot (everything still to deliver, or half of it for the first lot of an
        order shipped in two); Finance invoices it (one invoice per lot, or one for the whole supply before
        the first lot, as the company's policy says) and posts the invoice."""
        lines = self._oms_goods_lines()
        remaining = {
            line: line.product_uom_qty - line.qty_delivered
            for line in lines
            if float_compare(
                line.qty_delivered, line.product_uom_qty, precision_rounding=line.product_uom.rounding
            )
            < 0
        }
        if first_lot and self._oms_demo_ships_in_lots():
            remaining = {line: quantity // 2 for line, quantity in remaining.items()}
        self._oms_demo_as("dispatch")._oms_plan_tranche(remaining)
        finance = self._oms_demo_as("finance")
        if self.company_id.oms_lot_document_policy == "invoice_per_tranche":
            action = finance.action_oms_invoice_tranche()
        elif first_lot:
            action = finance.action_oms_invoice_supply()
        else:
            return None  # the later lot travels on a delivery challan referencing the supply's invoice
        invoice = finance.env["account.move"].browse(action["res_id"])
        if invoice.state == "draft":
            invoice.invoice_date = fields.Date.context_today(invoice)
            invoice.action_post()
        return invoice

    def _oms_demo_record_deliveries(self):
        """The customer's stores signed the challans: Dispatch records the proof of delivery of each lot
        that left (Record Delivery, with the signed copy)."""
        signed_copy = base64.b64encode(b"%PDF-1.4 signed delivery challan (demo)")
        for picking in self.picking_ids.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.location_dest_id.usage == "customer"
                and not picking.oms_pod_date
            )
        ):
            self.env["oms.pod.wizard"].with_user(self._oms_demo_user("dispatch")).with_company(
                self.company_id
            ).create(
                {
                    "picking_id": picking.id,
                    "receiver": "Stores, " + (self.partner_id.commercial_partner_id.name or ""),
                    "document": signed_copy,
                    "document_name": f"{picking.name.replace('/', '-')}-signed.pdf",
                }
            ).action_record()

    def _oms_demo_plan_shipment(self):
        """Dispatch plans the shipment: transporter, truck, driver, LR and the expected dispatch date."""
        transporter = self.env.ref(DEMO_TRANSPORTER, raise_if_not_found=False) or self.env[
            "res.partner"
        ].search([("oms_is_transporter", "=", True)], limit=1)
        today = fields.Date.context_today(self)
        self._oms_demo_as("dispatch").write(
            {
                "oms_transporter_id": transporter.id,
                "oms_vehicle_number": DEMO_VEHICLES[self.id % len(DEMO_VEHICLES)],
                "oms_transport_mode": "road",
                "oms_distance_km": self._oms_demo_distance_km(),
                "oms_driver_name": "Ramesh Patil",
                "oms_driver_phone": "98220 12345",
                "oms_lr_number": f"LR-{self.id:05d}",
                "oms_lr_date": today,
                "oms_expected_dispatch_date": today + timedelta(days=1),
            }
        )

    def _oms_demo_distance_km(self):
        """Road distance to the customer: short within the state, long across states."""
        same_state = self.partner_shipping_id.state_id == self.company_id.state_id
        return 40 + self.id % 60 if same_state else 600 + self.id % 900

    @api.model
    def _oms_demo_plan_tranches(self, plans):
        """Demo data only: plan a first tranche of each order (``plans``: (order id, quantity of its first
        goods line)) and draft its tax invoice, as Dispatch and Finance do with Plan Tranche and Invoice
        Tranche. Finance posts it in the demo."""
        for order_id, quantity in plans:
            order = self.browse(order_id)
            line = order._oms_goods_lines()[:1]
            order._oms_demo_as("dispatch")._oms_plan_tranche({line: quantity})
            if order.company_id.oms_lot_document_policy == "invoice_per_tranche":
                order._oms_demo_as("finance").action_oms_invoice_tranche()
