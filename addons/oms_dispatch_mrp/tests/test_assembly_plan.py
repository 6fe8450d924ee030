from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import OmsManufacturingCommon


class TestAssemblyPlan(OmsManufacturingCommon):
    def test_entering_the_stage_generates_the_plan_from_manufactured_lines(self):
        order = self.create_order(
            order_line=[
                Command.create({"product_id": self.panel.id, "product_uom_qty": 10}),
                Command.create({"product_id": self.stocked.id, "product_uom_qty": 3}),
            ]
        )
        order.action_confirm()
        self.put_at_stage(order, "factory_order")
        production = self.env["mrp.production"].create(
            {"product_id": self.panel.id, "product_qty": 10, "sale_line_id": order.order_line[0].id}
        )
        production.action_confirm()
        form = Form(production)
        form.qty_producing = 10
        form.save().button_mark_done()
        self.as_role(order, "production").action_oms_move("assembly_plan")
        plan = order.oms_assembly_line_ids
        self.assertRecordValues(
            plan,
            [
                {
                    "sale_line_id": order.order_line[0].id,
                    "product_id": self.panel.id,
                    "planned_qty": 10,
                    "done_qty": 0,
                    "done": False,
                }
            ],
        )
        self.as_role(order, "production").action_oms_generate_assembly_plan()
        self.assertEqual(order.oms_assembly_line_ids, plan, "generating again adds no duplicate")

    def test_team_is_active_assembly_staff_only(self):
        order = self.planned_order()
        self.assertEqual(order.oms_assembly_team_ids, self.fitter | self.wirer)
        with self.assertRaises(ValidationError) as caught:
            self.as_role(order, "production").oms_assembly_team_ids = [Command.link(self.clerk.id)]
        self.assertIn("Test Clerk", str(caught.exception))
        self.wirer.action_archive()
        with self.assertRaises(ValidationError) as caught:
            self.as_role(order, "production").oms_assembly_team_ids = [Command.set(self.wirer.ids)]
        self.assertIn("Test Wirer", str(caught.exception))
        self.wirer.action_unarchive()
        self.assertEqual(order.oms_assembly_team_ids, self.fitter | self.wirer)
        staff = (
            self.env["hr.employee"]
            .with_user(self.users["production"])
            .search([("oms_assembly_staff", "=", True)])
        )
        self.assertEqual(staff & (self.fitter | self.wirer | self.clerk), self.fitter | self.wirer)

    def test_leaving_needs_every_line_finished(self):
        order = self.planned_order()
        line = order.oms_assembly_line_ids
        self.as_role(line, "production").done_qty = 6
        with self.assertRaisesRegex(UserError, r"Plan line 1 \(Test Control Panel\): 6.0 of 10.0 assembled"):
            self.as_role(order, "production").action_oms_move("finished_products")
        # assertRaises (not ...Regex) rolls back to a savepoint, as the request would: nothing is kept.
        with self.assertRaises(ValidationError) as caught:
            self.as_role(line, "production").done = True
        self.assertIn("6.0 of 10.0 done", str(caught.exception))
        self.assertFalse(line.done)
        self.as_role(line, "production").write({"done_qty": 10, "done": True})
        self.assertEqual(line.finished_date, fields.Date.today())
        self.as_role(order, "production").action_oms_move("finished_products")
        self.assertEqual(order.oms_stage_id.code, "finished_products")
        self.assertEqual(order.order_line.oms_finished_qty, 10, "finished quantity starts from the plan")

    def test_plan_needs_date_and_team(self):
        order = self.panel_order()
        self.put_at_stage(order, "assembly_plan")
        failures = " ".join(order._oms_check_assembly_plan_complete())
        self.assertIn("no assembly plan", failures)
        self.assertIn("planned assembly date", failures)
        self.assertIn("assembly team", failures)

    def test_finish_more_than_a_day_late_needs_a_reason(self):
        today = fields.Date.today()
        order = self.planned_order(planned_date=today - timedelta(days=1))
        line = order.oms_assembly_line_ids
        self.as_role(line, "production").done = True
        self.assertFalse(line.is_late, "one day after the plan is on time")
        self.assertEqual(order._oms_check_assembly_plan_complete(), [])
        self.as_role(order, "production").oms_assembly_date = today - timedelta(days=3)
        self.assertTrue(line.is_late)
        with self.assertRaisesRegex(UserError, r"Plan line 1 \(Test Control Panel\) finished on .* reason"):
            self.as_role(order, "production").action_oms_move("finished_products")
        self.as_role(line, "production").delay_reason = "Enclosures arrived late from the vendor"
        self.as_role(order, "production").action_oms_move("finished_products")
        self.assertEqual(order.oms_stage_id.code, "finished_products")

    def test_only_production_plans(self):
        order = self.planned_order()
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").write({"oms_assembly_date": fields.Date.today()})
        with self.assertRaises(AccessError):
            self.as_role(order.oms_assembly_line_ids, "sales").done = True
        with self.assertRaises(AccessError):
            self.as_role(order, "dispatch").action_oms_generate_assembly_plan()
        self.assertFalse(order.oms_assembly_line_ids.done)
        with self.assertRaises(ValidationError):
            self.as_role(order.oms_assembly_line_ids, "production").planned_qty = -1
