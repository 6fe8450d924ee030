"""Goods of a pipeline order never leave over JSON-RPC around the dispatch checks, whoever calls and
whatever context they send: validating its delivery at Sale Order (credit not cleared, nothing invoiced) is
refused for every role, and nothing moves."""

from odoo.tests import tagged

from .rpc_common import ALL_ROLES, OmsRpcCommon


@tagged("post_install", "-at_install")
class TestRpcDispatchGate(OmsRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivery = cls.own_order.picking_ids
        cls.delivery.move_ids.write({"quantity": 10, "picked": True})

    def assertNothingLeft(self):
        self.delivery.invalidate_recordset()
        self.assertEqual(self.delivery.state, "assigned")
        self.assertEqual(self.own_order.order_line.qty_delivered, 0)
        self.assertEqual(self.own_order.oms_stage_id.code, "sale_order")

    def test_every_role_is_refused_validating_a_delivery_at_sale_order(self):
        forged = {"skip_backorder": True, "oms_dispatch_cleared_picking_ids": self.delivery.ids}
        for role in (*ALL_ROLES, "admin"):
            with self.subTest(role=role):
                ok, error = self.rpc(
                    role, "stock.picking", "button_validate", self.delivery.ids, context=forged
                )
                self.assertFalse(ok, f"{role} validated a pipeline delivery over JSON-RPC")
                self.assertRegex(error["name"], r"odoo\.exceptions\.(UserError|AccessError|ValidationError)")
        ok, error = self.rpc("dispatch", "stock.picking", "button_validate", self.delivery.ids)
        self.assertIn("cannot leave yet", error["message"])
        self.assertIn("No rule allows moving from Sale Order", error["message"])
        self.assertNothingLeft()

    def test_private_move_methods_are_not_callable(self):
        ok, _error = self.rpc("dispatch", "stock.move", "_action_done", self.delivery.move_ids.ids)
        self.assertFalse(ok)
        ok, _error = self.rpc("dispatch", "stock.picking", "_action_done", self.delivery.ids)
        self.assertFalse(ok)
        self.assertNothingLeft()

    def test_no_role_writes_a_move_done(self):
        """Writing a move's state marks the delivery done and its goods delivered without any validation."""
        for role in (*ALL_ROLES, "admin"):
            with self.subTest(role=role):
                ok, _error = self.rpc(
                    role, "stock.move", "write", self.delivery.move_ids.ids, {"state": "done"}
                )
                self.assertFalse(ok, f"{role} marked a pipeline delivery's move done over JSON-RPC")
        self.assertNothingLeft()
