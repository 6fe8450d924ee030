from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_dispatch.tests.common import OmsDispatchCommon

from .common import OmsManufacturingCommon


class TestFactoryOrder(OmsManufacturingCommon):
    def test_manufactured_lines_make_factory_order_apply(self):
        order = self.panel_order()
        self.assertLessEqual({"factory_order", "assembly_plan"}, order._oms_order_facts().applicable)
        self.assertFalse(self.confirmed_order()._oms_order_facts().applicable)

    def test_produced_threshold_gates_factory_order(self):
        order = self.panel_order()
        self.put_at_stage(order, "factory_order")
        self.assertIn("no manufacturing order", " ".join(order._oms_check_production_complete()))
        self.produce(order, 6)
        self.assertIn("6", " ".join(order._oms_check_production_complete()))
        self.company.oms_production_threshold = 50
        self.assertEqual(order._oms_check_production_complete(), [])
        self.company.oms_production_threshold = 100
        self.produce(order, 4)
        order.invalidate_recordset()
        self.assertEqual(order._oms_check_production_complete(), [])
        with self.assertRaises(AccessError):
            self.as_role(order, "finance").action_oms_move("assembly_plan")
        self.as_role(order, "production").action_oms_move("assembly_plan")
        self.assertEqual(order.oms_stage_id.code, "assembly_plan")

    def test_cancelled_manufacturing_order_is_flagged(self):
        order = self.panel_order()
        self.put_at_stage(order, "factory_order")
        production = self.env["mrp.production"].create(
            {"product_id": self.panel.id, "product_qty": 10, "sale_line_id": order.order_line.id}
        )
        production.action_confirm()
        production.action_cancel()
        self.assertTrue(order.oms_mo_cancelled)
        self.assertIn("Manufacturing order cancelled", order.oms_blocking_reason)


class TestFinishedProducts(OmsDispatchCommon):
    def test_quality_hold_blocks_and_readiness_gates(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        self.put_at_stage(order, "finished_products")
        self.assertEqual(order.oms_finished_readiness, "ready")
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").action_oms_qc_hold()
        self.as_role(order, "production").action_oms_qc_hold()
        self.assertTrue(order.oms_qc_hold)
        with self.assertRaisesRegex(UserError, "quality hold"):
            self.as_role(order, "finance").action_oms_move("invoice")
        self.as_role(order, "production").action_oms_qc_release()
        self.as_role(order, "finance").action_oms_move("invoice")
        self.assertEqual(order.oms_stage_id.code, "invoice")

    def test_goods_not_in_stock_are_not_ready(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.traded.id, "product_uom_qty": 10})]
        )
        self.put_at_stage(order, "finished_products")
        self.assertEqual(order.oms_finished_readiness, "not_ready")
        self.assertTrue(order._oms_check_finished_goods_ready())

    def test_reserved_goods_in_another_unit_count_in_the_lines_unit(self):
        """A line sold by the dozen, reserved on a delivery kept in units: 12 units reserved make the one
        dozen ready, 11 do not."""
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self.confirmed_order(
            order_line=[
                Command.create({"product_id": self.stocked.id, "product_uom_qty": 1, "product_uom": dozen.id})
            ]
        )
        move = order.order_line.move_ids
        self.assertNotEqual(move.product_uom, dozen, "the delivery counts units, not dozens")
        self.put_at_stage(order, "finished_products")
        facts = order._oms_goods_facts(order.order_line)
        self.assertAlmostEqual(facts.open_quantities[order.order_line], move.quantity / 12)
        move.quantity = 11
        order.invalidate_recordset(["oms_finished_readiness"])
        self.assertEqual(order.oms_finished_readiness, "partial")
        move.quantity = 12
        order.invalidate_recordset(["oms_finished_readiness"])
        self.assertEqual(order.oms_finished_readiness, "ready")
        self.assertFalse(order._oms_check_finished_goods_ready())


class TestProductionLink(OmsManufacturingCommon):
    def test_productions_are_sale_mrp_link(self):
        """The one-search lookup of an order's manufacturing orders finds what sale_mrp's own link finds:
        productions its procurement creates (make to order), their sub-assemblies, and those made for a line."""
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        manufacture = self.env.ref("mrp.route_warehouse0_manufacture")
        component = self.env["product.product"].create(
            {
                "name": "Test Sub-assembly",
                "is_storable": True,
                "route_ids": [Command.set((mto | manufacture).ids)],
            }
        )
        self.env["mrp.bom"].create({"product_tmpl_id": component.product_tmpl_id.id, "product_qty": 1})
        made_to_order = self.env["product.product"].create(
            {
                "name": "Test Made-to-order Panel",
                "is_storable": True,
                "route_ids": [Command.set((mto | manufacture).ids)],
            }
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": made_to_order.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": component.id, "product_qty": 2})],
            }
        )
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": made_to_order.id, "product_uom_qty": 3})]
        )
        linked = order.sudo().mrp_production_ids
        self.assertEqual(len(linked), 2, "the panel's production and its sub-assembly's")
        self.assertEqual(order._oms_productions(), linked)
        made_for_line = self.produce(self.panel_order(), 1)
        self.assertEqual(made_for_line.sale_line_id.order_id._oms_productions(), made_for_line)
        linked[0].action_cancel()
        self.assertEqual(
            order._oms_productions(), linked.filtered(lambda production: production.state != "cancel")
        )
