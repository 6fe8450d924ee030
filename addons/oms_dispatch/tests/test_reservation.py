from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import OmsDispatchCommon


class TestReservation(OmsDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve = cls.env["product.product"].create(
            {"name": "Test Valve", "is_storable": True, "list_price": 900.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.valve, cls.warehouse.lot_stock_id, 5.0)

    def quants(self, product):
        return self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id.usage", "=", "internal")]
        )

    def test_confirmed_order_reserves_the_stock_on_its_delivery(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.move_ids.quantity, 10)
        self.assertEqual(sum(self.quants(self.stocked).mapped("reserved_quantity")), 10)
        self.assertEqual(self.stocked.with_context(warehouse_id=self.warehouse.id).free_qty, 90)
        self.assertEqual(order.order_line.oms_short_qty, 0)

    def dispatch(self, order, quantity):
        wizard = self.env["oms.dispatch.wizard"].with_user(self.users["dispatch"])
        form = Form(wizard.with_context(active_id=order.id, default_order_id=order.id))
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        return form.save().action_dispatch()

    def test_dispatch_beyond_stock_is_refused_and_changes_nothing(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.valve.id, "product_uom_qty": 10})]
        )
        order.write(self.plan_values())
        self.put_at_stage(order, "shipment")
        self.invoice_supply(order)
        picking = order.picking_ids
        self.assertEqual(picking.move_ids.quantity, 5)  # what there is, reserved
        with self.assertRaisesRegex(UserError, r"only 5\.0 Units are in stock.*never goes negative"):
            self.dispatch(order, 8)
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.assertEqual(order.oms_stage_id.code, "shipment")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(sum(self.quants(self.valve).mapped("quantity")), 5)

        self.dispatch(order, 5)
        self.assertEqual(order.order_line.qty_delivered, 5)
        self.assertEqual(order.oms_stage_id.code, "partial_dispatch")
        self.assertFalse(self.quants(self.valve).filtered(lambda quant: quant.quantity < 0))
        with self.assertRaisesRegex(UserError, "only 0.0"):
            self.dispatch(order, 1)
        self.assertEqual(order.order_line.qty_delivered, 5)
