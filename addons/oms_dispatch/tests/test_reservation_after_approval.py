from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.oms_handover.tests.pdf_common import PdfReportCase

from .common import OmsDispatchCommon


# An HTTP test after install: the pick list is printed by wkhtmltopdf, which fetches the report's style
# sheets from the test's own server, and that server answers only HTTP test cases.
@tagged("post_install", "-at_install")
class TestReservationAfterApproval(OmsDispatchCommon, PdfReportCase):
    """Nothing is reserved while an order waits on Finance; the sanction reserves it and tells the warehouse."""

    def held_order(self, quantity=10):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 100.0
        order = self.as_role(
            self.create_order(
                order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": quantity})]
            ),
            "manager",
        )
        order.action_confirm()
        self.assertEqual(order.oms_credit_state, "hold")
        return order.with_user(self.env.user)

    def reserved(self, order):
        return sum(order.picking_ids.move_ids.mapped("quantity"))

    def decide(self, order, button):
        wizard = (
            self.env["oms.credit.decision.wizard"]
            .with_user(self.users["finance"])
            .create({"order_id": order.id, "note": "Customer paid the overdue bill by NEFT"})
            # Odoo renders reports as HTML in test mode unless told otherwise; users get the real PDF.
            .with_context(force_report_rendering=True)
        )
        getattr(wizard, button)()

    def test_an_approved_order_reserves_at_confirmation_as_in_odoo(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        self.assertEqual(order.oms_credit_state, "passed")
        self.assertEqual(self.reserved(order), 10)

    def test_held_order_reserves_nothing_until_finance_sanctions_it(self):
        order = self.held_order()
        delivery = order.picking_ids
        self.assertEqual(self.reserved(order), 0)
        self.assertIn("nothing is reserved while the order waits on approval", order.message_ids[0].body)
        # Neither the warehouse's Check Availability nor the scheduler reserve it meanwhile.
        delivery.with_user(self.users["dispatch"]).action_assign()
        self.env["procurement.group"].run_scheduler()
        self.assertEqual(self.reserved(order), 0)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.stocked, self.warehouse.lot_stock_id), 100
        )

        self.decide(order, "action_sanction")
        self.assertEqual(order.oms_credit_state, "sanctioned")
        self.assertEqual(self.reserved(order), 10)
        self.assertEqual(delivery.state, "assigned")
        activity = delivery.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn(order.name, activity.summary)
        self.assertEqual(activity.user_id, order._oms_team_assignee("oms_handover.group_oms_dispatch"))
        note = delivery.message_ids.filtered(lambda message: message.attachment_ids)[:1]
        self.assertIn("goods are reserved", note.body)
        self.assertEqual(note.author_id, self.users["finance"].partner_id)
        self.assertEqual(note.attachment_ids.mimetype, "application/pdf")
        self.assertTrue(note.attachment_ids.raw.startswith(b"%PDF"))

    def test_a_storekeeper_cannot_reserve_a_held_order_by_hand(self):
        order = self.held_order()
        move = order.picking_ids.move_ids
        with self.assertRaisesRegex(UserError, "waits for approval"), self.env.cr.savepoint():
            move.with_user(self.users["dispatch"]).quantity = 10
        move.invalidate_recordset()
        self.assertEqual(self.reserved(order), 0)
        self.assertFalse(move.move_line_ids)

    def test_goods_coming_back_from_the_customer_of_a_held_order_are_received(self):
        order = self.held_order()
        customers = self.env.ref("stock.stock_location_customers")
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": customers.id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Return",
                            "product_id": self.stocked.id,
                            "product_uom_qty": 2,
                            "location_id": customers.id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                            "sale_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 2
        self.assertEqual(receipt.move_ids.move_line_ids.quantity, 2)
        self.assertEqual(self.reserved(order), 0, "the order's own delivery stays unreserved")

    def test_refused_order_stays_unreserved(self):
        order = self.held_order()
        self.decide(order, "action_refuse")
        self.assertEqual(order.oms_credit_state, "refused")
        order.picking_ids.action_assign()
        self.assertEqual(self.reserved(order), 0)
        self.assertFalse(order.picking_ids.activity_ids)
