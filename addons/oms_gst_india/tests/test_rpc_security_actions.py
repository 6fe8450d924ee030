"""Action methods of sale.order per role over JSON-RPC (ARCHITECTURE.md roles); see also test_rpc_action_table."""

from odoo import Command
from odoo.tests import tagged

from .rpc_common import ALL_ROLES, SUITE_ROLES, OmsRpcCommon

REFUSALS = ("AccessError", "UserError")
# Roles that may queue an order's Tally voucher today though the design says Finance (reported).
KNOWN_TALLY_PUSH_DEVIATIONS = {}


@tagged("post_install", "-at_install")
class TestRpcActions(OmsRpcCommon):
    def _state(self, order):
        order.invalidate_recordset()
        return (
            order.state,
            order.oms_stage_id.id,
            order.oms_credit_state,
            len(order.oms_history_ids),
            len(order.oms_commercial_invoice_ids),
        )

    def _check_action(self, allowed, order, method, *args, phrase=None):
        """Call ``method`` on ``order`` as every refused role (refused, order unchanged), then as the
        first allowed role (accepted). Returns the allowed role's result."""
        before = self._state(order)
        for role in ALL_ROLES:
            if role in allowed:
                continue
            with self.subTest(method=method, role=role):
                error = self.assert_refused(self.rpc(role, "sale.order", method, order.ids, *args), REFUSALS)
                if phrase and role in SUITE_ROLES:  # the others cannot even read the order
                    self.assertIn(phrase, error["message"])
                self.assertEqual(self._state(order), before)
        return self.assert_allowed(self.rpc(allowed[0], "sale.order", method, order.ids, *args))

    def test_move_next_target_role_or_manager(self):
        # The engine gates a move on the role owning the stage moved INTO (transition rules): this order
        # (stocked goods, nothing to buy or make) goes from Sale Order straight to Finished Products, so
        # Production moves it; Sales, which owns Sale Order, may not.
        order = self.own_order
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self._check_action(("production", "manager"), order, "action_oms_move_next", phrase="Only Production")
        self.assertEqual(order.oms_stage_id.code, "finished_products")
        self.assertEqual(order.oms_history_ids.sorted("id")[-1:].user_id, self.rpc_users["production"])

    def test_move_skipping_stages_refused_for_everyone(self):
        before = self._state(self.own_order)
        for role in ALL_ROLES:
            with self.subTest(role=role):
                outcome = self.rpc(
                    role, "sale.order", "action_oms_move", self.own_order.ids, "customer_feedback"
                )
                self.assert_refused(outcome, REFUSALS)
        self.assertEqual(self._state(self.own_order), before)

    def test_cancel_manager_only(self):
        self._check_action(("manager",), self.own_order, "action_oms_cancel", self.reason.id)
        self.assertEqual(self.own_order.state, "cancel")
        self.assertEqual(self.own_order.oms_cancel_reason_id, self.reason)

    def _on_hold(self, order):
        order.sudo()._oms_write_protected({"oms_credit_state": "hold"})
        return order

    def test_credit_sanction_finance_or_manager(self):
        order = self._on_hold(self.own_order)
        self._check_action(("finance", "manager"), order, "action_oms_credit_sanction", "ok by RPC")
        self.assertEqual(order.oms_credit_state, "sanctioned")
        self.assertEqual(order.oms_credit_decided_by_id, self.rpc_users["finance"])

    def test_credit_refuse_finance_or_manager(self):
        order = self._on_hold(self.own_order)
        self._check_action(("manager", "finance"), order, "action_oms_credit_refuse", "no")
        self.assertEqual(order.oms_credit_state, "refused")

    def test_commercial_invoice_finance_or_manager(self):
        self._check_action(("finance", "manager"), self.own_order, "action_oms_create_commercial_invoice")
        self.assertEqual(len(self.own_order.oms_commercial_invoice_ids), 1)

    def test_dispatch_wizard_dispatch_or_manager(self):
        context = {"active_id": self.own_order.id, "active_model": "sale.order"}
        Wizard = self.env["oms.dispatch.wizard"].sudo()
        count = Wizard.search_count([])
        for role in ALL_ROLES:
            with self.subTest(role=role):
                outcome = self.rpc(
                    role, "oms.dispatch.wizard", "create", {"order_id": self.own_order.id}, context=context
                )
                if role in ("dispatch", "manager"):
                    wizard_id = self.assert_allowed(outcome)
                    # Created for real over JSON-RPC, then removed by its owner (the allowed unlink).
                    self.assert_allowed(self.rpc(role, "oms.dispatch.wizard", "unlink", [wizard_id]))
                else:
                    self.assert_refused(outcome)
        self.assertEqual(Wizard.search_count([]), count)

    def test_generate_ewb_dispatch_or_finance(self):
        picking = self.own_order.picking_ids[:1]
        for role in ALL_ROLES:
            with self.subTest(role=role):
                outcome = self.rpc(role, "stock.picking", "action_oms_generate_ewb", picking.ids)
                error = self.assert_refused(outcome, REFUSALS)
                if role in ("dispatch", "finance", "manager"):
                    # The role may generate: refused only because no tranche is planned yet (the bill is
                    # for the consignment's picked quantities).
                    self.assertIn("Plan the tranche", error["message"])
                else:
                    self.assertEqual(error["name"].rsplit(".", 1)[-1], "AccessError")
        self.assertFalse(picking.oms_eway_bill_ids)

    def test_tally_push_roles(self):
        if "oms.tally.config" not in self.env:
            self.skipTest("oms_tally_bridge is not installed")
        Sync = self.env["oms.tally.sync"].sudo()
        domain = [("res_model", "=", "sale.order"), ("res_id", "=", self.own_order.id)]
        Sync.search(domain).unlink()
        self.env["oms.tally.config"].sudo().search([("company_id", "=", self.company.id)]).unlink()
        self.env["oms.tally.config"].sudo().create(
            {
                "company_id": self.company.id,
                "company_name": "RPC Co",
                "sales_ledger_ids": [Command.create({"gst_rate": 18, "ledger_name": "Sales GST 18%"})],
                "unit_ids": [
                    Command.create({"uom_id": self.env.ref("uom.product_uom_unit").id, "tally_unit": "Nos"})
                ],
            }
        )
        results = {}
        for role in ALL_ROLES:
            ok, _result = self.rpc(role, "sale.order", "action_oms_tally_push", self.own_order.ids)
            results[role] = ok
        # Design: Finance and the manager push to the books. Reported deviation: the push checks no role,
        # so every user who can read the order queues it (harmless as the queue is idempotent); the portal
        # customer is refused only because products are unreadable to them.
        expected = dict.fromkeys(ALL_ROLES, False) | {"finance": True, "manager": True}
        expected |= KNOWN_TALLY_PUSH_DEVIATIONS
        self.assertEqual(results, expected)
        self.assertEqual(Sync.search_count([*domain, ("state", "=", "pending")]), 1)
