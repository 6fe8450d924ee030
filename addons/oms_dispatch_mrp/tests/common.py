"""Shared fixtures of the manufacturing tests: a manufactured panel with its bill of materials, assembly
staff, and orders of panels produced, planned or finished."""

from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.oms_dispatch.tests.common import OmsDispatchCommon


class OmsManufacturingCommon(OmsDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.panel = cls.env["product.product"].create(
            {
                "name": "Test Control Panel",
                "is_storable": True,
                "purchase_ok": False,
                "route_ids": [Command.set(cls.env.ref("mrp.route_warehouse0_manufacture").ids)],
            }
        )
        cls.env["mrp.bom"].create({"product_tmpl_id": cls.panel.product_tmpl_id.id, "product_qty": 1})
        Employee = cls.env["hr.employee"]
        cls.fitter = Employee.create({"name": "Test Fitter", "oms_assembly_staff": True})
        cls.wirer = Employee.create({"name": "Test Wirer", "oms_assembly_staff": True})
        cls.clerk = Employee.create({"name": "Test Clerk"})

    def panel_order(self, quantity=10):
        return self.confirmed_order(
            order_line=[Command.create({"product_id": self.panel.id, "product_uom_qty": quantity})]
        )

    def planned_order(self, planned_date=None):
        order = self.panel_order()
        self.put_at_stage(order, "assembly_plan")
        production_order = self.as_role(order, "production")
        production_order.action_oms_generate_assembly_plan()
        production_order.write(
            {
                "oms_assembly_date": planned_date or fields.Date.today(),
                "oms_assembly_team_ids": [Command.set((self.fitter | self.wirer).ids)],
            }
        )
        return order

    def produce(self, order, quantity):
        production = self.env["mrp.production"].create(
            {"product_id": self.panel.id, "product_qty": quantity, "sale_line_id": order.order_line.id}
        )
        production.action_confirm()
        form = Form(production)
        form.qty_producing = quantity
        production = form.save()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        return production
