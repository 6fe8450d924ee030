from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import OmsDispatchCommon


class TestApprovalMatrix(OmsDispatchCommon):
    """The approval matrix: high value in two levels (four eyes), payment-terms deviation, stock
    availability; the order held and unreserved until approved; relevant edits re-open an approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["oms.approval.rule"]
        level = lambda xmlid: Command.create({"group_id": cls.env.ref(xmlid).id})  # noqa: E731
        cls.high_value = Rule.create(
            {
                "name": "Orders of 1,000 and more",
                "kind": "high_value",
                "amount_threshold": 1000.0,
                "level_ids": [
                    level("sales_team.group_sale_manager"),
                    level("oms_handover.group_oms_finance"),
                ],
            }
        )
        cls.terms_rule = Rule.create(
            {
                "name": "Terms other than the customer's",
                "kind": "payment_terms",
                "level_ids": [level("oms_handover.group_oms_finance")],
            }
        )
        cls.stock_rule = Rule.create(
            {
                "name": "Not in stock",
                "kind": "stock",
                "level_ids": [level("oms_handover.group_oms_procurement")],
            }
        )
        cls.customer.with_company(cls.company).property_payment_term_id = cls.payment_term

    def order_of(self, quantity, **values):
        order = self.create_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": quantity})],
            **values,
        )
        self.as_role(order, "sales").action_confirm()
        return order

    def reserved(self, order):
        return sum(order.picking_ids.move_ids.mapped("quantity"))

    def decide(self, approval, role, decision="approve", note=None):
        wizard = (
            self.env["oms.approval.decision.wizard"]
            .with_user(self.users[role])
            .create({"approval_id": approval.id, "decision": decision, "note": note})
        )
        wizard.action_apply()

    def approval(self, order, rule):
        return order.oms_approval_ids.filtered(lambda approval: approval.rule_id == rule)

    def test_a_high_value_order_waits_for_two_levels_and_four_eyes_unreserved_until_then(self):
        order = self.order_of(20)  # 20 × 100 = 2,000
        approval = self.approval(order, self.high_value)
        self.assertEqual((approval.state, approval.level, approval.level_count), ("pending", 1, 2))
        self.assertFalse(self.approval(order, self.stock_rule), "20 of 100 in stock: no stock approval")
        self.assertEqual(self.reserved(order), 0, "nothing is reserved while the order waits")
        self.assertTrue(
            order.activity_ids.filtered(lambda activity: activity.user_id == self.users["manager"]),
            "the level's approvers get an activity",
        )
        notified = order.message_ids.filtered(
            lambda message: self.users["manager"].partner_id in message.partner_ids
        )
        self.assertTrue(notified, "and a message that reaches them by mail")
        with self.assertRaisesRegex(UserError, "waits for"):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "sale_order")

        for wrong in ("sales", "finance"):  # Finance is level 2, not level 1
            with self.assertRaises(AccessError):
                self.decide(approval, wrong)
        self.decide(approval, "manager", note="Key account")
        self.assertEqual((approval.state, approval.level), ("pending", 2))
        self.assertEqual(self.reserved(order), 0)
        # The Manager is in Finance too, but approved level 1: another person decides level 2.
        with self.assertRaisesRegex(AccessError, "another approver"):
            self.decide(approval, "manager")
        self.decide(approval, "finance", note="Within the customer's limit")
        self.assertEqual(approval.state, "approved")
        self.assertEqual(
            [(d.level, d.user_id, d.note) for d in approval.decision_ids],
            [
                (1, self.users["manager"], "Key account"),
                (2, self.users["finance"], "Within the customer's limit"),
            ],
        )
        self.assertEqual(self.reserved(order), 20, "approved: the goods are reserved")
        self.assertTrue(order.picking_ids.activity_ids, "and the warehouse is told, with the pick list")
        self.assertTrue(any("Approved by Test Finance" in body for body in order.message_ids.mapped("body")))
        self.as_role(order, "production").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "finished_products")

    def test_a_rejection_needs_a_reason_and_keeps_the_order_held(self):
        order = self.order_of(20)
        approval = self.approval(order, self.high_value)
        with self.assertRaisesRegex(UserError, "reason"):
            self.decide(approval, "manager", decision="reject", note=" ")
        self.assertEqual(approval.state, "pending")
        self.decide(approval, "manager", decision="reject", note="Customer's cheque bounced")
        self.assertEqual(approval.state, "rejected")
        self.assertEqual(self.reserved(order), 0)
        with self.assertRaisesRegex(UserError, "was rejected"):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertTrue(order.activity_ids.filtered(lambda activity: "rejected" in activity.summary))

    def test_an_edit_beyond_what_was_approved_reopens_it_and_others_do_not(self):
        order = self.order_of(20)
        approval = self.approval(order, self.high_value)
        self.decide(approval, "manager")
        self.decide(approval, "finance")
        self.assertEqual(self.reserved(order), 20)
        self.as_role(order, "sales").write({"note": "Deliver to gate 2"})  # not what was approved
        self.as_role(order, "sales").order_line.product_uom_qty = 15  # less than approved
        self.assertEqual(approval.state, "approved")
        self.as_role(order, "sales").write(
            {"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 30})]}
        )
        self.assertEqual((approval.state, approval.level, approval.round), ("pending", 1, 2))
        self.assertTrue(any("Re-opened" in body for body in order.message_ids.mapped("body")))
        self.assertEqual(self.reserved(order), 0, "re-opened: the reservation is released")

    def test_payment_terms_other_than_the_customers_need_finance(self):
        immediate = self.env.ref("account.account_payment_term_immediate")
        same = self.order_of(1)
        self.assertFalse(self.approval(same, self.terms_rule))
        order = self.order_of(1, payment_term_id=immediate.id)
        approval = self.approval(order, self.terms_rule)
        self.assertIn("instead of the customer's", approval.summary)
        self.decide(approval, "finance")
        self.assertEqual(approval.state, "approved")
        other = self.env.ref("account.account_payment_term_15days")
        self.as_role(order, "sales").payment_term_id = other
        self.assertEqual(approval.state, "pending", "other terms than the approved ones: asked again")

    def test_an_order_not_covered_by_stock_waits_and_a_covering_edit_withdraws_it(self):
        order = self.order_of(9)  # below the high-value threshold
        self.assertFalse(order.oms_approval_ids)
        short = self.order_of(120)  # 91 free after the first order's 9 (and high value)
        approval = self.approval(short, self.stock_rule)
        self.assertIn("Not covered by stock", approval.summary)
        with self.assertRaises(AccessError):
            self.decide(approval, "dispatch")
        self.as_role(short, "sales").order_line.product_uom_qty = 80
        self.assertEqual(approval.state, "withdrawn")

    def test_archiving_a_rule_withdraws_its_waiting_approvals_and_releases_the_order(self):
        order = self.order_of(20)
        approval = self.approval(order, self.high_value)
        self.assertEqual(self.reserved(order), 0)
        self.high_value.with_user(self.users["manager"]).active = False
        self.assertEqual(approval.state, "withdrawn")
        self.assertEqual(self.reserved(order), 20)
        self.as_role(order, "production").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "finished_products")

    def test_an_approval_nobody_can_decide_is_flagged_to_the_salesperson(self):
        nobody = self.env["res.groups"].create({"name": "Regional Directors"})
        self.terms_rule.level_ids.group_id = nobody
        order = self.order_of(1, payment_term_id=self.env.ref("account.account_payment_term_immediate").id)
        self.assertEqual(self.approval(order, self.terms_rule).state, "pending")
        flagged = order.activity_ids.filtered(lambda activity: activity.summary.startswith("No approver"))
        self.assertEqual(flagged.user_id, self.users["sales"])
        self.assertTrue(any("nobody can decide" in body for body in order.message_ids.mapped("body")))

    def test_a_rule_covers_only_its_teams_and_only_sales_heads_define_rules(self):
        team = self.env["crm.team"].create({"name": "Exports"})
        self.high_value.team_ids = team
        order = self.order_of(20)
        self.assertFalse(self.approval(order, self.high_value))
        with self.assertRaises(AccessError):
            self.env["oms.approval.rule"].with_user(self.users["sales"]).create(
                {
                    "name": "Mine",
                    "kind": "payment_terms",
                    "level_ids": [Command.create({"group_id": self.env.ref("base.group_user").id})],
                }
            )
        with self.assertRaisesRegex(ValidationError, "at least one level"), self.env.cr.savepoint():
            self.env["oms.approval.rule"].with_user(self.users["manager"]).create(
                {"name": "No one", "kind": "payment_terms"}
            )
