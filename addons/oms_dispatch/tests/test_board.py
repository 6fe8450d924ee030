from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.stages import BOARD_COLUMNS, STAGE_CODES, board_column

from .common import OmsDispatchCommon


class TestOperationsBoard(OmsDispatchCommon):
    def test_board_column_for_every_stage_and_all_columns_shown(self):
        orders = self.env["sale.order"]
        for code in STAGE_CODES:
            order = self.confirmed_order()
            self.put_at_stage(order, code)
            self.assertEqual(order.oms_board_column, board_column(code), code)
            orders |= order
        groups = self.env["sale.order"].web_read_group(
            [("id", "in", orders.ids)], ["oms_board_column"], ["oms_board_column"]
        )["groups"]
        self.assertEqual([group["oms_board_column"] for group in groups], list(BOARD_COLUMNS))
        # The detailed board's columns: the stages of the company's pipeline (another company's own stage,
        # as in the demo's trader, is not one of them).
        stage_groups = (
            self.env["sale.order"]
            .with_company(self.company)
            .web_read_group([("id", "in", orders[:1].ids)], ["oms_stage_id"], ["oms_stage_id"])["groups"]
        )
        self.assertEqual(len(stage_groups), 12)

    def test_delivery_risk_colours(self):
        today = fields.Date.today()
        late = self.confirmed_order(oms_agreed_date=today + timedelta(days=10))
        late.oms_agreed_date = today - timedelta(days=1)
        at_risk = self.confirmed_order(oms_agreed_date=today + timedelta(days=1))
        on_time = self.confirmed_order(oms_agreed_date=today + timedelta(days=20))
        self.assertEqual(
            (late.oms_delivery_risk, at_risk.oms_delivery_risk, on_time.oms_delivery_risk),
            ("late", "at_risk", "on_time"),
        )
        self.assertEqual((late.oms_risk_color, at_risk.oms_risk_color, on_time.oms_risk_color), (1, 3, 10))
        # A planned dispatch after the agreed date puts an otherwise comfortable order at risk.
        on_time.write(self.plan_values(oms_expected_dispatch_date=today + timedelta(days=30)))
        self.assertEqual(on_time.oms_delivery_risk, "at_risk")
        # The nightly job sees the calendar move on.
        self.env.cr.execute(
            "UPDATE sale_order SET oms_agreed_date = %s WHERE id = %s",
            [today - timedelta(days=3), at_risk.id],
        )
        at_risk.invalidate_recordset()
        self.env["sale.order"]._cron_oms_refresh_delivery_risk()
        at_risk.invalidate_recordset()
        self.assertEqual(at_risk.oms_delivery_risk, "late")
        self.assertIn(late, self.env["sale.order"].search([("oms_delivery_risk", "=", "late")]))

    def test_days_in_stage_and_blocking_reason(self):
        order = self.confirmed_order()
        order.sudo()._oms_write_protected(
            {"oms_stage_date": fields.Datetime.now() - timedelta(days=4), "oms_credit_state": "hold"}
        )
        self.assertEqual(order.oms_days_in_stage, 4)
        self.assertIn("Credit hold", order.oms_blocking_reason)

    def test_drag_to_column_refused_for_wrong_role_and_nothing_changes(self):
        order = self.confirmed_order()
        # The engine's own refusal, not an access error on the documents it reads to decide what applies.
        with self.assertRaisesRegex(AccessError, "Only Production may move an order to Finished Products"):
            self.as_role(order, "sales").write({"oms_board_column": "ready_to_bill"})
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self.assertEqual(len(order.oms_history_ids), 1)

    def test_drag_to_column_runs_engine_for_right_role(self):
        order = self.confirmed_order()
        self.as_role(order, "production").write({"oms_board_column": "ready_to_bill"})
        self.assertEqual(order.oms_stage_id.code, "finished_products")
        self.assertEqual(order.oms_board_column, "ready_to_bill")
        self.assertEqual(order.oms_history_ids.sorted("id")[-1].to_stage_id.code, "finished_products")

    def test_drag_refused_with_engine_message_when_guard_fails(self):
        order = self.confirmed_order(client_order_ref=False)
        with self.assertRaisesRegex(UserError, "reference"):
            self.as_role(order, "production").write({"oms_board_column": "ready_to_bill"})
        self.assertEqual(order.oms_stage_id.code, "sale_order")

    def test_drag_to_column_with_no_applicable_stage(self):
        order = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "No stage"):
            self.as_role(order, "procurement").write({"oms_board_column": "pending_purchase"})

    def test_drag_on_stage_board(self):
        order = self.confirmed_order()
        finished = self.stages["finished_products"]
        with self.assertRaises(AccessError):
            self.as_role(order, "finance").write({"oms_stage_id": finished.id})
        self.as_role(order, "production").write({"oms_stage_id": finished.id})
        self.assertEqual(order.oms_stage_id, finished)

    def test_warehouse_required_in_header(self):
        order = self.confirmed_order()
        self.assertEqual(order._oms_check_order_header_complete(), [])
        draft = self.env["sale.order"].new(self.order_values())
        draft.warehouse_id = False
        self.assertIn("warehouse", " ".join(draft._oms_check_order_header_complete()))
