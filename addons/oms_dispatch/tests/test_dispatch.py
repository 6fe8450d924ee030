import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from odoo.addons.oms_handover.tests.common import send_queued_customer_mails

from .common import OmsDispatchCommon


class DispatchAtShipment(OmsDispatchCommon):
    """An order of 10 stocked bearings at Shipment, its transport planned and its supply invoiced; dispatched
    and planned through the Dispatch Tranche wizard as the Dispatch team does."""

    def setUp(self):
        super().setUp()
        self.order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        self.order.write(self.plan_values())
        self.put_at_stage(self.order, "shipment")
        self.invoice_supply(self.order)
        self.line = self.order.order_line

    def dispatch(self, quantity, role="dispatch", vehicle=None):
        wizard_model = self.env["oms.dispatch.wizard"].with_user(self.users[role])
        form = Form(wizard_model.with_context(active_id=self.order.id, default_order_id=self.order.id))
        if vehicle:
            form.vehicle_number = vehicle
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        action = form.save().action_dispatch()
        return self.env["stock.picking"].browse(action["res_id"])

    def plan(self, quantity):
        wizard_model = self.env["oms.dispatch.wizard"].with_user(self.users["dispatch"])
        form = Form(wizard_model.with_context(active_id=self.order.id, default_order_id=self.order.id))
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        form.save().action_plan()
        return self.order._oms_open_deliveries()


class TestDispatch(DispatchAtShipment):
    def test_board_card_shows_the_open_tranche(self):
        board = self.env.ref("oms_dispatch.sale_order_view_kanban_oms_board")
        self.assertIn('name="oms_tranche_status"', board.arch)

        def card_status(role):
            # What the board's kanban reads for the card, as that role's browser asks for it.
            records = (
                self.env["sale.order"]
                .with_user(self.users[role])
                .web_search_read([("id", "=", self.order.id)], {"oms_tranche_status": {}})["records"]
            )
            return records[0]["oms_tranche_status"]

        self.assertFalse(card_status("dispatch"))  # nothing picked yet: no tranche on the card
        picking = self.plan(4)
        for role in ("dispatch", "sales", "finance"):
            status = card_status(role)
            self.assertIn(picking.name, status)
            self.assertIn(
                dict(picking._fields["oms_tranche_state"]._description_selection(self.env))[
                    picking.oms_tranche_state
                ],
                status,
            )

    def test_partial_dispatch_is_entered_only_when_goods_leave(self):
        history = self.order.oms_history_ids
        order = self.as_role(self.order, "dispatch")
        partial = self.stages["partial_dispatch"]
        refusal = "enters Partial Dispatch when the goods of a tranche leave"
        with self.assertRaisesRegex(UserError, refusal):
            order.action_oms_move("partial_dispatch")
        with self.assertRaisesRegex(UserError, refusal):
            order.write({"oms_stage_id": partial.id})  # a drag on the stage board
        with self.assertRaisesRegex(UserError, refusal):
            self.as_role(self.order, "manager").action_oms_move("partial_dispatch")
        self.assertEqual(self.order.oms_stage_id.code, "shipment")
        self.assertEqual(self.order.oms_history_ids, history)
        self.dispatch(4)  # the goods of a tranche leave: now the order is partly dispatched
        self.assertEqual(self.order.oms_stage_id.code, "partial_dispatch")

    def test_odoo_create_invoice_refused_down_payment_kept(self):
        invoices = self.order.invoice_ids

        def create_invoice(method, **values):
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_user(self.users["finance"])
                .with_context(active_model="sale.order", active_ids=self.order.ids)
                .create(dict(values, advance_payment_method=method))
            )
            return wizard.create_invoices()

        with self.assertRaisesRegex(UserError, "invoiced through its tranches: use Invoice Tranche"):
            create_invoice("delivered")
        self.assertEqual(self.order.invoice_ids, invoices)
        create_invoice("percentage", amount=10)  # an advance is still Odoo's
        advance = self.order.invoice_ids - invoices
        self.assertEqual(len(advance), 1)
        self.assertTrue(advance.invoice_line_ids.sale_line_ids.is_downpayment)

    def test_partial_then_complete_dispatch(self):
        first = self.dispatch(4, vehicle="mh12ab1")
        self.assertEqual(first.state, "done")
        self.assertEqual(first.oms_vehicle_number, "MH12AB0001")
        self.assertEqual(self.line.qty_delivered, 4)
        self.assertEqual(self.order.oms_stage_id.code, "partial_dispatch")
        backorder = self.order._oms_open_deliveries()
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertEqual(backorder.oms_vehicle_number, "KA01AB1234")  # the plan, for the next tranche
        self.assertFalse(self.order.locked)

        last = self.dispatch(6)
        self.assertEqual(last.state, "done")
        self.assertEqual(self.line.qty_delivered, 10)
        self.assertEqual(self.order.oms_stage_id.code, "complete_dispatch")
        self.assertTrue(self.order.locked)
        self.assertEqual(self.order.oms_tranche_count, 2)
        mail = send_queued_customer_mails(self.env).search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id)]
        )
        mail = mail.filtered(
            lambda m: "completely dispatched" in (m.subject or "") and self.customer in m.recipient_ids
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")  # queued: the mail cron sends it
        names = " ".join(mail.attachment_ids.mapped("name"))
        self.assertIn("Challan", names)
        self.assertIn("Dispatch Summary", names)
        with self.assertRaisesRegex(UserError, "locked"):
            self.as_role(self.order, "dispatch").write({"client_order_ref": "PO-NEW"})
        with self.assertRaisesRegex(UserError, "locked"):
            self.as_role(self.order, "dispatch").write({"oms_vehicle_number": "KA01AB9999"})
        self.assertTrue(self.order.client_order_ref.startswith("PO-4711/"))

    def test_over_dispatch_refused_and_nothing_changes(self):
        self.dispatch(4)
        with self.assertRaisesRegex(UserError, "above the 10"):
            self.dispatch(7)
        self.assertEqual(self.line.qty_delivered, 4)
        self.assertEqual(len(self.order.picking_ids.filtered(lambda p: p.state == "done")), 1)
        with self.assertRaisesRegex(UserError, "Nothing to dispatch"):
            self.dispatch(0)
        with self.assertRaises(UserError):
            self.dispatch(-1)

    def test_wrong_role_cannot_dispatch(self):
        with self.assertRaises(AccessError):
            self.dispatch(4, role="sales")
        with self.assertRaises(AccessError):
            self.as_role(self.order, "finance")._oms_dispatch_tranche({self.line: 4})
        self.assertEqual(self.line.qty_delivered, 0)
        self.assertEqual(self.order.oms_stage_id.code, "shipment")

    def test_dispatch_needs_a_planned_shipment(self):
        self.order.write({"oms_driver_name": False})
        with self.assertRaisesRegex(UserError, "Driver"):
            self.dispatch(4)
        self.assertEqual(self.line.qty_delivered, 0)

    def test_cancel_tranche_returns_quantity_and_needs_reason(self):
        first = self.dispatch(4)
        wizard_model = self.env["oms.tranche.cancel.wizard"].with_user(self.users["dispatch"])
        with self.assertRaises(UserError):
            wizard_model.create({"picking_id": first.id, "reason": "  "}).action_cancel_tranche()
        wizard_model.create({"picking_id": first.id, "reason": "Truck broke down"}).action_cancel_tranche()
        self.line.invalidate_recordset()
        self.assertEqual(self.line.qty_delivered, 0)
        self.assertTrue(first.oms_tranche_cancelled)
        self.assertEqual(first.oms_tranche_cancel_reason, "Truck broke down")
        self.assertEqual(self.order.oms_tranche_count, 0)
        self.dispatch(10)
        self.assertEqual(self.order.oms_stage_id.code, "complete_dispatch")

    def test_proof_of_delivery_moves_board_to_delivered(self):
        first = self.dispatch(4)
        last = self.dispatch(6)
        pod = self.env["oms.pod.wizard"].with_user(self.users["dispatch"])
        document = base64.b64encode(b"signed challan")
        pod.create({"picking_id": first.id, "receiver": "Store keeper", "document": document}).action_record()
        self.assertFalse(self.order.oms_pod_received)
        pod.create({"picking_id": last.id, "receiver": "Store keeper", "document": document}).action_record()
        self.assertTrue(self.order.oms_pod_received)
        self.assertEqual(self.order.oms_board_column, "delivered")
        # The day it is for the user who recorded it (in their time zone), as the wizard proposes.
        self.assertEqual(last.oms_pod_date, fields.Date.context_today(last.with_user(self.users["dispatch"])))
        self.assertTrue(last.oms_pod_attachment_id)
