from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..oms_pipeline.applicability import OrderFacts
from ..oms_pipeline.roles import STAGE_OWNER_GROUP
from ..oms_pipeline.stages import STAGE_CODES
from .common import ROLE_GROUPS, OmsCommon

ROLE_OF_GROUP = {group: role for role, group in ROLE_GROUPS.items()}


class TestStageEngine(OmsCommon):
    def facts(self, **values):
        """Pretend the order has these facts (the modules computing them may not be installed)."""
        return patch.object(
            type(self.env["sale.order"]), "_oms_order_facts", lambda order: OrderFacts(**values)
        )

    def test_twelve_stages_in_pipeline_order(self):
        stages = self.env["oms.stage"].search([("builtin", "=", True)])
        self.assertEqual(tuple(stages.mapped("code")), STAGE_CODES)

    def test_stage_and_rule_data_keep_manager_edits_on_upgrade(self):
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "oms_handover"),
                ("model", "=", "oms.stage"),
                ("res_id", "in", self.env["oms.stage"].search([("builtin", "=", True)]).ids),
            ]
        )
        self.assertEqual(len(data), 12)
        self.assertTrue(all(data.mapped("noupdate")))
        rules = self.env["oms.transition.rule"].search([])
        steps = self.env["oms.pipeline.step"].search([])
        # Re-running the installer (as an upgrade does) creates nothing new.
        self.env["oms.pipeline.step"]._oms_install_pipeline()
        self.assertEqual(self.env["oms.transition.rule"].search_count([]), len(rules))
        self.assertEqual(self.env["oms.pipeline.step"].search_count([]), len(steps))

    def test_confirmation_enters_sale_order_with_history(self):
        order = self.confirmed_order()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self.assertEqual(order.oms_board_column, "new")
        self.assertEqual(order.oms_customer_status, "received")
        row = order.oms_history_ids
        self.assertEqual(len(row), 1)
        self.assertEqual(row.to_stage_id.code, "sale_order")
        self.assertEqual(row.user_id, self.env.user)

    def test_role_matrix_over_every_move(self):
        """Each default move is allowed to the owner of the target stage and to managers, refused to others."""
        self.env["oms.transition.rule"].search([]).write({"check_ids": [Command.clear()]})  # gates only
        order = self.confirmed_order()
        moves = [(STAGE_CODES[i], STAGE_CODES[i + 1]) for i in range(len(STAGE_CODES) - 1)]
        moves.append(("partial_dispatch", "partial_dispatch"))
        with self.facts(
            fully_dispatched=True, applicable=frozenset({"purchase_order", "factory_order", "assembly_plan"})
        ):
            for from_code, to_code in moves:
                owner = ROLE_OF_GROUP[STAGE_OWNER_GROUP[to_code]]
                for role in ROLE_GROUPS:
                    self.put_at_stage(order, from_code)
                    with self.subTest(move=f"{from_code}->{to_code}", role=role):
                        if role in (owner, "manager"):
                            self.as_role(order, role).action_oms_move(to_code)
                            self.assertEqual(order.oms_stage_id.code, to_code)
                        else:
                            with self.assertRaises(AccessError):
                                self.as_role(order, role).action_oms_move(to_code)
                            self.assertEqual(order.oms_stage_id.code, from_code)

    def test_refusal_names_the_group_missing(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "invoice")
        with self.assertRaisesRegex(AccessError, "Only Finance may move an order to Tax Invoice"):
            self.as_role(order, "dispatch").action_oms_move("tax_invoice")

    def test_move_without_rule_is_refused(self):
        order = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "No rule allows moving from Sale Order to Tax Invoice"):
            self.as_role(order, "manager").action_oms_move("tax_invoice")
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self.assertEqual(len(order.oms_history_ids), 1)

    def test_header_guard_names_missing_fields(self):
        order = self.confirmed_order(client_order_ref=False, oms_agreed_date=False)
        with self.assertRaisesRegex(UserError, "Customer PO reference, agreed delivery date required"):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "sale_order")

    def test_order_without_lines_cannot_leave_sale_order(self):
        order = self.confirmed_order()
        order.order_line.write({"product_uom_qty": 0})  # confirmed lines cannot be deleted, only zeroed
        with self.assertRaisesRegex(UserError, "has no product line"):
            self.as_role(order, "manager").action_oms_move_next()

    def test_skipped_stages_are_recorded(self):
        order = self.confirmed_order()
        with self.facts():
            self.as_role(order, "production").action_oms_move("finished_products", note="From stock")
        self.assertEqual(order.oms_stage_id.code, "finished_products")
        skips = order.oms_history_ids.filtered(lambda row: row.kind == "skip")
        self.assertEqual(
            set(skips.mapped("to_stage_id.code")), {"purchase_order", "factory_order", "assembly_plan"}
        )
        move = order.oms_history_ids.filtered(
            lambda row: row.kind == "move" and row.to_stage_id.code == "finished_products"
        )
        self.assertEqual(move.note, "From stock")
        self.assertEqual(move.from_stage_id.code, "sale_order")
        self.assertEqual(move.user_id, self.users["production"])

    def test_applicable_stage_cannot_be_skipped(self):
        order = self.confirmed_order()
        with (
            self.facts(applicable=frozenset({"purchase_order"})),
            self.assertRaisesRegex(UserError, "Purchase Order can only be skipped when it does not apply"),
        ):
            self.as_role(order, "manager").action_oms_move("finished_products")

    def test_next_stage_button_skips_what_does_not_apply(self):
        order = self.confirmed_order()
        with self.facts():
            self.as_role(order, "production").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "finished_products")

    def test_complete_dispatch_needs_everything_dispatched(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "partial_dispatch")
        with (
            self.facts(fully_dispatched=False),
            self.assertRaisesRegex(UserError, "needs every line fully dispatched"),
        ):
            self.as_role(order, "dispatch").action_oms_move("complete_dispatch")

    def test_next_stage_does_not_repeat_partial_dispatch(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "partial_dispatch")
        rows = len(order.oms_history_ids)
        with (
            self.facts(fully_dispatched=False),
            self.assertRaisesRegex(UserError, "dispatch the next tranche"),
        ):
            self.as_role(order, "dispatch").action_oms_move_next()
        self.assertEqual(len(order.oms_history_ids), rows, "no empty history row")

    def test_stage_cannot_be_written_directly(self):
        order = self.confirmed_order()
        for role in ("sales", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_role(order, role).with_context(oms_engine_move=True).write(
                    {"oms_stage_id": self.stages["tax_invoice"].id}
                )
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").write({"oms_credit_state": "sanctioned"})
        self.assertEqual(order.oms_stage_id.code, "sale_order")

    def test_manager_rule_edit_takes_effect_at_once(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "finished_products")
        rule = self.env["oms.transition.rule"].search(
            [
                ("company_id", "=", order.company_id.id),
                ("from_stage_id.code", "=", "finished_products"),
                ("to_stage_id.code", "=", "invoice"),
            ]
        )
        rule.write({"check_ids": [Command.clear()]})
        with self.assertRaises(AccessError):
            self.as_role(order, "sales").action_oms_move("invoice")
        self.as_role(rule, "manager").write(
            {"group_ids": [Command.set([self.env.ref(ROLE_GROUPS["sales"]).id])]}
        )
        self.as_role(order, "sales").action_oms_move("invoice")
        self.assertEqual(order.oms_stage_id.code, "invoice")

    def test_another_companys_rule_changes_nothing_here(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "finished_products")
        other = self.env["res.company"].create({"name": "Other Traders"})
        pair = [("from_stage_id.code", "=", "finished_products"), ("to_stage_id.code", "=", "invoice")]
        theirs = self.env["oms.transition.rule"].search([*pair, ("company_id", "=", other.id)])
        self.assertEqual(len(theirs), 1, "a new company gets its own default rules")
        theirs.write(
            {
                "group_ids": [Command.set([self.env.ref(ROLE_GROUPS["dispatch"]).id])],
                "check_ids": [Command.clear()],
            }
        )
        ours = self.env["oms.transition.rule"].search([*pair, ("company_id", "=", order.company_id.id)])
        ours.write({"check_ids": [Command.clear()]})
        with self.assertRaisesRegex(AccessError, "Only Finance"):
            self.as_role(order, "dispatch").action_oms_move("invoice")
        self.as_role(order, "finance").action_oms_move("invoice")

    def test_archived_rule_denies_the_move(self):
        order = self.confirmed_order()
        self.put_at_stage(order, "finished_products")
        self.env["oms.transition.rule"].search(
            [("from_stage_id.code", "=", "finished_products"), ("to_stage_id.code", "=", "invoice")]
        ).active = False
        with self.assertRaisesRegex(UserError, "No rule allows"):
            self.as_role(order, "manager").action_oms_move("invoice")

    def test_a_check_without_its_method_or_a_constraint_cannot_be_registered(self):
        Check = self.env["oms.check"]
        for code in (
            "no_such_check",
            "backdating",
            "oms_backdating",
        ):  # _check_oms_backdating is a constraint
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, "has no method"),
                self.env.cr.savepoint(),
            ):
                Check.create({"code": code, "name": code})
        self.assertFalse(Check.search([("code", "in", ["no_such_check", "backdating", "oms_backdating"])]))

    def test_non_manager_cannot_edit_rules(self):
        rule = self.env["oms.transition.rule"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.as_role(rule, "finance").write({"check_ids": [Command.clear()]})


@tagged("post_install", "-at_install")
class TestStageRpc(HttpCase):
    def test_stage_write_over_json_rpc_is_refused(self):
        salesman = self.env["res.users"].create(
            {
                "name": "RPC Sales",
                "login": "oms_rpc_sales",
                "password": "oms_rpc_sales_pw",
                "groups_id": [
                    Command.set([self.env.ref("base.group_user").id, self.env.ref(ROLE_GROUPS["sales"]).id])
                ],
            }
        )
        partner = self.env["res.partner"].create({"name": "RPC Customer"})
        order = self.env["sale.order"].create({"partner_id": partner.id, "user_id": salesman.id})
        stage = self.env["oms.stage"].search([("code", "=", "tax_invoice")])
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "oms_rpc_sales", "oms_rpc_sales_pw", {})
        self.assertTrue(uid)
        with self.assertRaisesRegex(Exception, "change only through the order's pipeline actions"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                "oms_rpc_sales_pw",
                "sale.order",
                "write",
                [[order.id], {"oms_stage_id": stage.id}],
                {"context": {"oms_engine_move": True}},
            )
        order.invalidate_recordset()
        self.assertFalse(order.oms_stage_id)
