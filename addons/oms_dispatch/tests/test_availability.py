from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import OmsDispatchCommon


class TestAvailability(OmsDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Test Chakan Warehouse", "code": "TCW", "company_id": cls.company.id}
        )
        cls.gear = cls.env["product.product"].create(
            {"name": "Test Gear", "is_storable": True, "list_price": 500.0}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.gear, cls.warehouse.lot_stock_id, 30.0)
        Quant._update_available_quantity(cls.gear, cls.other_warehouse.lot_stock_id, 50.0)

    def gear_order(self, quantity, warehouse=None, confirm=False):
        values = {
            "order_line": [Command.create({"product_id": self.gear.id, "product_uom_qty": quantity})],
            "warehouse_id": (warehouse or self.warehouse).id,
        }
        return self.confirmed_order(**values) if confirm else self.create_order(**values)

    def receive(self, quantity, warehouse=None):
        warehouse = warehouse or self.warehouse
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.gear.name,
                            "product_id": self.gear.id,
                            "product_uom_qty": quantity,
                            "product_uom": self.gear.uom_id.id,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def validate(self, picking):
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_available_is_free_stock_of_the_order_warehouse(self):
        line = self.gear_order(40).order_line
        self.assertEqual(line.oms_available_qty, 30)
        self.assertEqual(line.oms_short_qty, 10)
        other = self.gear_order(40, warehouse=self.other_warehouse).order_line
        self.assertEqual(other.oms_available_qty, 50)
        self.assertEqual(other.oms_short_qty, 0)

    def test_forecast_is_not_available(self):
        self.receive(100)  # expected, not arrived
        self.assertGreater(self.gear.with_context(warehouse_id=self.warehouse.id).virtual_available, 100)
        line = self.gear_order(40).order_line
        self.assertEqual(line.oms_available_qty, 30)
        self.assertEqual(line.oms_short_qty, 10)

    def test_reserved_stock_is_not_available_to_others(self):
        self.gear_order(25, confirm=True)
        line = self.gear_order(10).order_line
        self.assertEqual(line.oms_available_qty, 5)
        self.assertEqual(line.oms_short_qty, 5)

    def test_lines_share_the_free_stock_in_order(self):
        order = self.create_order(
            order_line=[
                Command.create({"product_id": self.gear.id, "product_uom_qty": 20}),
                Command.create({"product_id": self.gear.id, "product_uom_qty": 20}),
            ]
        )
        self.assertEqual(order.order_line.mapped("oms_short_qty"), [0, 10])

    def test_available_shows_on_a_new_line_in_the_form(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer
        form.warehouse_id = self.warehouse
        with form.order_line.new() as line:
            line.product_id = self.gear
            line.product_uom_qty = 35
            self.assertEqual(line.oms_available_qty, 30)
            self.assertEqual(line.oms_short_qty, 5)

    def test_confirmation_records_the_backorder_demand(self):
        order = self.gear_order(40, confirm=True)
        self.assertEqual(order.picking_ids.move_ids.quantity, 30)  # Odoo reserved what there is
        demand = order.oms_backorder_demand_ids
        self.assertEqual(len(demand), 1)
        self.assertRecordValues(
            demand,
            [
                {
                    "sale_line_id": order.order_line.id,
                    "product_id": self.gear.id,
                    "warehouse_id": self.warehouse.id,
                    "quantity": 10,
                    "state": "open",
                }
            ],
        )
        self.assertEqual(order.oms_backorder_open_count, 1)
        self.assertFalse(
            self.gear_order(10, warehouse=self.other_warehouse, confirm=True).oms_backorder_demand_ids
        )

    def test_arrivals_reduce_then_fulfil_the_demand(self):
        order = self.gear_order(40, confirm=True)
        demand = order.oms_backorder_demand_ids
        self.validate(self.receive(4))
        self.assertEqual(demand.state, "open")
        self.assertEqual(demand.quantity, 6)
        self.validate(self.receive(6))
        self.assertEqual(demand.state, "fulfilled")
        self.assertTrue(demand.closed_date)
        self.assertEqual(order.picking_ids.move_ids.quantity, 40)  # and Odoo reserved the arrival
        self.assertEqual(len(order.oms_backorder_demand_ids), 1)

    def test_arrival_in_another_warehouse_does_not_fulfil(self):
        order = self.gear_order(40, confirm=True)
        self.validate(self.receive(10, warehouse=self.other_warehouse))
        self.assertEqual(order.oms_backorder_demand_ids.state, "open")

    def test_cancelling_the_order_cancels_the_demand(self):
        order = self.gear_order(40, confirm=True)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.oms_backorder_demand_ids.state, "cancelled")

    def test_roles_read_demands_but_never_write_them(self):
        demand = self.gear_order(40, confirm=True).oms_backorder_demand_ids
        for role in ("sales", "procurement", "dispatch"):
            self.assertEqual(self.as_role(demand, role).quantity, 10)
        with self.assertRaises(AccessError):
            self.as_role(demand, "sales").write({"quantity": 1})
        with self.assertRaises(AccessError):
            self.env["oms.backorder.demand"].with_user(self.users["procurement"]).create(
                {
                    "order_id": demand.order_id.id,
                    "product_id": self.gear.id,
                    "warehouse_id": self.warehouse.id,
                    "quantity": 3,
                }
            )

    def test_availability_is_set_based(self):
        products = self.env["product.product"].create(
            [{"name": f"Test Part {index}", "is_storable": True} for index in range(30)]
        )

        def count_queries(count):
            order = self.create_order(
                order_line=[
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                    for product in products[:count]
                ]
            )
            order.action_confirm()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            order.order_line._oms_availability()
            return self.cr.sql_log_count - start

        few, many = count_queries(3), count_queries(30)
        self.assertLessEqual(many, few + 2, "availability must not query per line")

    def test_the_all_lines_available_check_holds_the_order_until_stock_covers_it(self):
        """A consultant picks "All lines available" from the registry for the moves out of Sale Order."""
        rules = self.env["oms.transition.rule"].search(
            [("company_id", "=", self.company.id), ("from_stage_id.code", "=", "sale_order")]
        )
        check = self.env.ref("oms_dispatch.check_all_lines_available")
        self.assertEqual(check.module, "oms_dispatch")
        self.as_role(rules, "manager").write({"check_ids": [Command.link(check.id)]})
        order = self.gear_order(45, confirm=True)  # 30 in this warehouse
        with self.assertRaisesRegex(UserError, r"Test Gear of order .* is short by 15 .* in "):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self.validate(self.receive(15))
        self.env.invalidate_all()  # the next request reads the stock afresh
        self.as_role(order, "manager").action_oms_move_next()
        self.assertNotEqual(order.oms_stage_id.code, "sale_order")
