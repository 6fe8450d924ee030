from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import OmsCommon


class TestOrderAccess(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "West Zone", "member_ids": [(6, 0, cls.users["sales"].ids)]}
        )
        cls.colleague = new_test_user(
            cls.env, login="oms_test_colleague", groups="base.group_user,oms_handover.group_oms_sales"
        )
        cls.outsider = new_test_user(
            cls.env, login="oms_test_outsider", groups="base.group_user,oms_handover.group_oms_sales"
        )
        cls.team.member_ids |= cls.colleague

    def test_sales_see_own_and_team_orders_only(self):
        order = self.confirmed_order(team_id=self.team.id)
        self.assertEqual(order.with_user(self.colleague).read(["name"])[0]["name"], order.name)
        with self.assertRaises(AccessError):
            order.with_user(self.outsider).read(["name"])
        visible = self.env["sale.order"].with_user(self.outsider).search([("id", "=", order.id)])
        self.assertFalse(visible)

    def test_operations_roles_see_every_order_of_their_company(self):
        order = self.confirmed_order(team_id=self.team.id)
        for role in ("procurement", "production", "finance", "dispatch", "manager"):
            with self.subTest(role=role):
                self.assertEqual(self.as_role(order, role).read(["name"])[0]["name"], order.name)

    def test_history_is_read_only_for_users(self):
        order = self.confirmed_order()
        with self.assertRaises(AccessError):
            self.as_role(order.oms_history_ids, "manager").write({"note": "rewritten"})
        with self.assertRaises(AccessError):
            self.as_role(order.oms_history_ids, "manager").unlink()

    def test_reopen_posts_to_the_chatter(self):
        order = self.confirmed_order()
        self.as_role(order, "manager").action_oms_cancel(
            self.env.ref("oms_handover.cancel_reason_customer").id
        )
        order.action_draft()
        self.assertIn("Reopened", order.message_ids[0].body)
