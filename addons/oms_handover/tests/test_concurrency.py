"""Two users moving the same order at once leave exactly one move (the order row is locked).

This needs two real database connections, so it cannot run inside a test transaction: it commits its
own order and removes it afterwards. Post-install, when every module's data is committed.
"""

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestConcurrentMoves(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrency Test Customer"})
            product = env["product.product"].create({"name": "Concurrency Test Item", "type": "consu"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2})],
                }
            )
            order.action_confirm()
            stage = env["oms.stage"].search([("code", "=", "complete_dispatch")])
            order._oms_write_protected({"oms_stage_id": stage.id})  # a stage left without checks
            self.ids = {"order": order.id, "partner": partner.id, "product": product.id}
        self.addCleanup(self.remove_fixture)

    def remove_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.ids["order"])
            order._action_cancel()
            order.unlink()
            # Archived, not deleted: with stock installed, the cancelled order's moves still point at them.
            env["product.product"].browse(self.ids["product"]).active = False
            env["res.partner"].browse(self.ids["partner"]).active = False

    def admin_order(self, cr):
        admin = api.Environment(cr, SUPERUSER_ID, {}).ref("base.user_admin")
        return api.Environment(cr, admin.id, {})["sale.order"].browse(self.ids["order"])

    def moves_recorded(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM oms_stage_history WHERE order_id = %s AND kind = 'move'",
                [self.ids["order"]],
            )
            return cr.fetchone()[0]

    def test_second_mover_is_refused_while_the_first_holds_the_order(self):
        before = self.moves_recorded()
        with self.registry.cursor() as first, self.registry.cursor() as second:
            self.admin_order(first).action_oms_move("customer_feedback", note="first user")
            with self.assertRaisesRegex(UserError, "changed meanwhile by another user"):
                self.admin_order(second).action_oms_move("customer_feedback", note="second user")
            second.rollback()
            first.commit()
        self.assertEqual(self.moves_recorded(), before + 1)

    def test_second_mover_with_a_stale_snapshot_is_refused_after_the_first_commits(self):
        before = self.moves_recorded()
        with self.registry.cursor() as first, self.registry.cursor() as second:
            second.execute("SELECT 1")  # the second user's transaction (and snapshot) starts first
            second_order = self.admin_order(second)
            second_order.read(["oms_stage_id"])
            self.admin_order(first).action_oms_move("customer_feedback", note="first user")
            first.commit()
            with self.assertRaisesRegex(UserError, "changed meanwhile by another user"):
                second_order.action_oms_move("customer_feedback", note="second user")
            second.rollback()
        self.assertEqual(self.moves_recorded(), before + 1)
