"""Each company's own pipeline, configured as a consultant does it in the Pipeline and Stages screens
(issue 14, points 1 to 3): a trader without production stages and with an "Advance Received" stage of its
own, beside the manufacturer (the test company) with every stage."""

import base64
import json

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from ..oms_pipeline.stages import STAGE_CODES
from .common import ROLE_GROUPS, OmsCommon


class CompanyPipelineCommon(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trader = cls.env["res.company"].create({"name": "Deccan Traders"})
        cls.trader_users = {
            role: new_test_user(
                cls.env,
                login=f"oms_trader_{role}",
                groups=f"base.group_user,{group}",
                name=f"Trader {role.title()}",
                company_id=cls.trader.id,
                company_ids=[Command.set([cls.trader.id])],
            )
            for role, group in ROLE_GROUPS.items()
        }
        cls.trader_customer = cls.env["res.partner"].create(
            {"name": "Trader Customer", "company_id": cls.trader.id}
        )

    def as_trader(self, records, role):
        user = self.trader_users[role]
        return records.with_user(user).with_company(self.trader)

    def trader_steps(self, role="manager"):
        return self.as_trader(self.env["oms.pipeline.step"], role).search(
            [("company_id", "=", self.trader.id)]
        )

    def configure_trader(self):
        """What the consultant does: switch the production stages off, add "Advance Received" (owned by
        Finance, left only with the customer's PO attached), and drag it after Sale Order."""
        steps = self.trader_steps()
        steps.filtered(
            lambda step: step.code in ("factory_order", "assembly_plan", "finished_products")
        ).write({"enabled": False})
        advance = self.as_trader(self.env["oms.stage"], "manager").create(
            {
                "name": "Advance Received",
                "code": "advance_received",
                "company_id": self.trader.id,
                "group_ids": [Command.set([self.env.ref(ROLE_GROUPS["finance"]).id])],
                "board_column": "new",
                "customer_status": "received",
                "exit_check_ids": [Command.set(self.env.ref("oms_handover.check_customer_po_attached").ids)],
            }
        )
        step = self.trader_steps().filtered(lambda record: record.stage_id == advance)
        sale_order_step = self.trader_steps().filtered(lambda record: record.code == "sale_order")
        # The list's drag handle renumbers the rows it moves.
        step.sequence = sale_order_step.sequence + 1
        return advance

    def trader_order(self):
        order = self.as_trader(self.env["sale.order"], "sales").create(
            {
                "partner_id": self.trader_customer.id,
                "client_order_ref": "TR-PO-1",
                "oms_agreed_date": self.order_values()["oms_agreed_date"],
                "payment_term_id": self.payment_term.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 2})],
            }
        )
        self.as_trader(order, "manager").action_confirm()
        return order


class TestCompanyPipeline(CompanyPipelineCommon):
    def test_a_new_company_starts_with_every_shared_stage_and_its_rules(self):
        steps = self.trader_steps()
        self.assertEqual(tuple(steps.mapped("code")), STAGE_CODES)
        self.assertTrue(all(steps.mapped("enabled")))
        rules = self.env["oms.transition.rule"].search([("company_id", "=", self.trader.id)])
        self.assertIn(
            ("sale_order", "purchase_order"), [(r.from_stage_id.code, r.to_stage_id.code) for r in rules]
        )

    def test_the_trader_follows_its_own_pipeline_and_the_manufacturer_keeps_all_stages(self):
        advance = self.configure_trader()
        order = self.trader_order()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        # Advance Received is Finance's in this company: Sales is refused, before any check runs.
        with self.assertRaisesRegex(AccessError, "Only Finance may move an order to Advance Received"):
            self.as_trader(order, "sales").action_oms_move_next()
        self.as_trader(order, "finance").action_oms_move_next()
        self.assertEqual(order.oms_stage_id, advance)
        self.assertEqual(order.oms_board_column, "new")
        # The stage's exit check: the customer's PO document.
        with self.assertRaisesRegex(UserError, "Attach the customer's PO document"):
            self.as_trader(order, "finance").action_oms_move_next()
        self.assertEqual(order.oms_stage_id, advance)
        self.as_trader(self.env["ir.attachment"], "sales").create(
            {
                "name": "PO.pdf",
                "datas": base64.b64encode(b"%PDF-1.4"),
                "res_model": "sale.order",
                "res_id": order.id,
            }
        )
        self.as_trader(order, "finance").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "invoice")
        skips = order.oms_history_ids.filtered(lambda row: row.kind == "skip")
        self.assertEqual(
            {row.to_stage_id.code: row.note for row in skips},
            {
                "purchase_order": "Does not apply to this order",
                "factory_order": "Disabled for this company",
                "assembly_plan": "Disabled for this company",
                "finished_products": "Disabled for this company",
            },
        )
        # The manufacturer's order never meets the trader's stage and stops at Finished Products.
        ours = self.confirmed_order()
        self.as_role(ours, "production").action_oms_move_next()
        self.assertEqual(ours.oms_stage_id.code, "finished_products")
        with self.assertRaisesRegex(UserError, "has no stage with the code advance_received"):
            self.as_role(ours, "manager").action_oms_move("advance_received")

    def test_a_disabled_stage_cannot_be_entered_even_by_a_rule(self):
        self.trader_steps().filtered(lambda step: step.code == "finished_products").enabled = False
        order = self.trader_order()
        with self.assertRaisesRegex(UserError, "Finished Products is disabled for Deccan Traders"):
            self.as_trader(order, "manager").action_oms_move("finished_products")
        self.assertEqual(order.oms_stage_id.code, "sale_order")

    def test_reordering_changes_the_flow_and_its_default_rules(self):
        steps = self.trader_steps()
        invoice = steps.filtered(lambda step: step.code == "invoice")
        invoice.sequence = steps.filtered(lambda step: step.code == "sale_order").sequence + 1
        order = self.trader_order()
        self.as_trader(order, "finance").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "invoice")
        rules = (
            self.env["oms.transition.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.trader.id), ("to_stage_id.code", "=", "invoice")])
        )
        by_pair = {rule.from_stage_id.code: rule for rule in rules}
        self.assertTrue(by_pair["sale_order"].active)
        self.assertFalse(by_pair["finished_products"].active, "the old way in is now a way back")
        self.assertTrue(by_pair["finished_products"].pipeline_archived)
        # The manufacturer's rules did not move.
        ours = self.env["oms.transition.rule"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("from_stage_id.code", "=", "finished_products"),
                ("to_stage_id.code", "=", "invoice"),
            ]
        )
        self.assertTrue(ours.active)

    def test_the_pipeline_refuses_what_the_flow_cannot_run_and_changes_nothing(self):
        steps = self.trader_steps()
        sale_order = steps.filtered(lambda step: step.code == "sale_order")
        feedback = steps.filtered(lambda step: step.code == "customer_feedback")
        # A refused change rolls back, as the user's request does (a savepoint stands in for it here).
        with (
            self.assertRaisesRegex(ValidationError, "Sale Order cannot be disabled"),
            self.env.cr.savepoint(),
        ):
            sale_order.enabled = False
        with (
            self.assertRaisesRegex(ValidationError, "Customer Feedback must come last"),
            self.env.cr.savepoint(),
        ):
            feedback.sequence = sale_order.sequence + 1
        with self.assertRaises(ValidationError):
            steps.filtered("builtin")[:1].unlink()
        with self.assertRaisesRegex(UserError, "Built-in stages cannot be deleted"):
            self.as_trader(self.stages["shipment"], "manager").unlink()
        self.env.invalidate_all()  # read what the database kept, not the refused values in the cache
        self.assertTrue(sale_order.enabled)
        self.assertEqual(self.trader_steps().mapped("code")[-1], "customer_feedback")

    def test_a_company_cannot_change_a_shared_stage_for_the_others(self):
        step = self.trader_steps().filtered(lambda record: record.code == "shipment")
        with self.assertRaisesRegex(UserError, "same for every company"):
            step.write({"board_column": "delivered"})
        self.assertEqual(self.stages["shipment"].board_column, "dispatched")

    def test_only_managers_configure_the_pipeline(self):
        step = self.trader_steps("sales").filtered(lambda record: record.code == "shipment")
        with self.assertRaises(AccessError):
            step.write({"enabled": False})
        with self.assertRaises(AccessError):
            self.as_trader(self.env["oms.stage"], "finance").create(
                {"name": "Quality Inspection", "code": "quality_inspection", "company_id": self.trader.id}
            )
        self.assertTrue(step.enabled)

    def test_a_company_sees_only_its_own_stages_steps_and_cancel_reasons(self):
        self.configure_trader()
        reason = self.as_trader(self.env["oms.cancel.reason"], "manager").create(
            {"name": "Advance never came", "company_id": self.trader.id}
        )
        self.assertFalse(
            self.as_role(self.env["oms.stage"], "manager").search([("code", "=", "advance_received")])
        )
        self.assertFalse(
            self.as_role(self.env["oms.cancel.reason"], "manager").search([("id", "=", reason.id)])
        )
        self.assertFalse(
            self.as_role(self.env["oms.pipeline.step"], "manager").search(
                [("company_id", "=", self.trader.id)]
            )
        )
        ours = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "belongs to Deccan Traders"):
            ours.action_oms_cancel(reason.id)
        self.assertEqual(ours.state, "sale")
        # A custom stage's code is the company's: another company may use the same code for its own.
        self.env["oms.stage"].create(
            {"name": "Advance", "code": "advance_received", "company_id": self.env.company.id}
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["oms.stage"].create(
                {"name": "Again", "code": "advance_received", "company_id": self.trader.id}
            )
        with self.assertRaisesRegex(ValidationError, "belongs to a company"):
            self.env["oms.stage"].create({"name": "Everyone's", "code": "everyones", "company_id": False})
        with self.assertRaisesRegex(ValidationError, "built-in stage"):
            self.env["oms.stage"].create({"name": "Mine", "code": "shipment", "company_id": self.trader.id})

    def test_pipeline_changes_are_tracked_in_the_chatter(self):
        step = self.trader_steps().filtered(lambda record: record.code == "shipment")
        step.with_context(tracking_disable=False).enabled = False
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written when the request commits
        tracked = step.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "enabled"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(step.message_ids[:1].author_id, self.trader_users["manager"].partner_id)


class TestPipelineTransfer(CompanyPipelineCommon):
    """A company's pipeline exported to a file and imported into another (issue 14, point 6)."""

    def canonical(self, data):
        return {
            key: sorted(value, key=json.dumps) if isinstance(value, list) else value
            for key, value in data.items()
        }

    def test_the_pipeline_travels_to_another_company_and_a_second_import_changes_nothing(self):
        self.configure_trader()
        self.as_trader(self.env["oms.cancel.reason"], "manager").create(
            {"name": "Advance never came", "company_id": self.trader.id, "note_required": True}
        )
        other = self.env["res.company"].create({"name": "Konkan Traders"})
        consultant = new_test_user(
            self.env,
            login="oms_consultant",
            groups="base.group_user,base.group_multi_company,oms_handover.group_oms_manager",
            company_id=self.trader.id,
            company_ids=[Command.set([self.trader.id, other.id])],
        )
        Transfer = self.env["oms.pipeline.transfer"].with_user(consultant)
        exporter = Transfer.create({"company_id": self.trader.id})
        exporter.action_export()
        self.assertTrue(exporter.filename.endswith(".json"))
        importer = Transfer.create({"company_id": other.id, "file": exporter.file})
        importer.action_import()
        exported = json.loads(base64.b64decode(exporter.file))
        self.assertEqual(self.canonical(Transfer._oms_export(other)), self.canonical(exported))
        self.assertIn("advance_received", [step["code"] for step in exported["pipeline"]])
        # The imported company now follows the trader's flow.
        steps = self.env["oms.pipeline.step"].search([("company_id", "=", other.id)])
        self.assertEqual(steps.mapped("code")[:2], ["sale_order", "advance_received"])
        self.assertFalse(steps.filtered(lambda step: step.code == "factory_order").enabled)
        # Twice: nothing is written, nothing is tracked.
        records = [
            *steps,
            *self.env["oms.transition.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", other.id)]),
        ]
        self.env.flush_all()
        before = {(record._name, record.id): record.write_date for record in records}
        messages = self.env["mail.message"].search_count([])
        Transfer.create({"company_id": other.id, "file": exporter.file}).action_import()
        self.env.flush_all()
        self.assertEqual({(record._name, record.id): record.write_date for record in records}, before)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_a_file_naming_what_this_database_lacks_is_refused_whole(self):
        data = self.env["oms.pipeline.transfer"]._oms_export(self.trader)
        data["rules"][0]["checks"].append("no_such_check")
        data["pipeline"][2]["enabled"] = False
        before = self.trader_steps().mapped("enabled")
        transfer = self.env["oms.pipeline.transfer"].create(
            {"company_id": self.trader.id, "file": base64.b64encode(json.dumps(data).encode())}
        )
        with self.assertRaisesRegex(UserError, "check no_such_check.*Nothing was imported"):
            transfer.action_import()
        self.assertEqual(self.trader_steps().mapped("enabled"), before)
        with self.assertRaisesRegex(UserError, "not a pipeline file"):
            self.env["oms.pipeline.transfer"].create(
                {"company_id": self.trader.id, "file": base64.b64encode(b"<xml/>")}
            ).action_import()
