"""Browser test of the operations board (issue 4): a card dragged in headless Chromium runs the pipeline
engine. The tours are in static/tests/tours/oms_board_tour.js; this test makes its own data (no demo
reliance) and checks the database after each tour."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

BOARD_URL = "/odoo/action-oms_dispatch.action_oms_operations_board"


@tagged("post_install", "-at_install")
class TestBoardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales = new_test_user(
            cls.env,
            login="oms_tour_sales",
            groups="base.group_user,oms_handover.group_oms_sales",
            name="Tour Sales",
        )
        # Refused: Finance may not enter Finished Products (Production's stage), and sees the order.
        cls.finance = new_test_user(
            cls.env,
            login="oms_tour_finance",
            groups="base.group_user,oms_handover.group_oms_finance",
            name="Tour Finance",
        )
        cls.production = new_test_user(
            cls.env,
            login="oms_tour_production",
            groups="base.group_user,oms_handover.group_oms_production",
            name="Tour Production",
        )
        # The tours find the card by this customer's name: unique, so demo orders never get in the way.
        customer = cls.env["res.partner"].create({"name": "OMS Tour Customer", "is_company": True})
        product = cls.env["product.product"].create(
            {"name": "Tour Bearing", "type": "consu", "list_price": 80.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.sales.id,
                "client_order_ref": "TOUR-PO-1",
                "oms_agreed_date": fields.Date.today() + timedelta(days=20),
                "payment_term_id": cls.env.ref("account.account_payment_term_30days").id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3})],
            }
        )
        cls.order.action_confirm()

    def setUp(self):
        super().setUp()
        # Ready to move: at Sale Order, in New Orders, every check of the stage passing.
        self.assertEqual(self.order.oms_stage_id.code, "sale_order")
        self.assertEqual(self.order.oms_board_column, "new")
        self.assertFalse(
            [
                message
                for name in self.env["oms.check"]
                .search([("leave_stage_ids.code", "=", "sale_order")])
                .mapped("code")
                for message in self.order._oms_run_guard(name)
            ]
        )
        self.history_before = self.order.oms_history_ids

    def test_drag_refused_for_wrong_role(self):
        self.start_tour(BOARD_URL, "oms_board_drag_refused", login=self.sales.login)
        self.env.invalidate_all()
        self.assertEqual(self.order.oms_stage_id.code, "sale_order")
        self.assertEqual(self.order.oms_board_column, "new")
        self.assertEqual(self.order.oms_history_ids, self.history_before, "a refused drag writes no history")

    def test_drag_moves_for_stage_owner(self):
        self.start_tour(BOARD_URL, "oms_board_drag_allowed", login=self.production.login)
        self.env.invalidate_all()
        self.assertEqual(self.order.oms_stage_id.code, "finished_products")
        self.assertEqual(self.order.oms_board_column, "ready_to_bill")
        new_rows = (self.order.oms_history_ids - self.history_before).sorted("id")
        self.assertTrue(new_rows)
        # Stages that do not apply (no purchase, no manufacturing) are recorded as skipped, then the move.
        self.assertEqual(set(new_rows[:-1].mapped("kind")), {"skip"} if len(new_rows) > 1 else set())
        self.assertEqual(
            (
                new_rows[-1].kind,
                new_rows[-1].from_stage_id.code,
                new_rows[-1].to_stage_id.code,
                new_rows[-1].user_id,
            ),
            ("move", "sale_order", "finished_products", self.production),
        )
