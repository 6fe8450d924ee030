from collections import Counter
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form

from .common import OmsDispatchCommon

REMINDER = "Vendor placement without update"


class TestVendorPlacement(OmsDispatchCommon):
    def traded_order(self, quantity=10):
        return self.confirmed_order(
            order_line=[
                Command.create({"product_id": self.traded.id, "product_uom_qty": quantity}),
                Command.create({"product_id": self.stocked.id, "product_uom_qty": 5}),
            ]
        )

    def place(self, order, role="procurement", **values):
        wizard_model = self.env["oms.place.vendor.wizard"].with_user(self.users[role])
        form = Form(wizard_model.with_context(active_id=order.id, default_order_id=order.id))
        form.date_planned = values.get("date_planned", fields.Date.today() + timedelta(days=5))
        if "partner_id" in values:
            form.partner_id = values["partner_id"]
        return form.save()

    def receive(self, purchase, quantity):
        receipt = purchase.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        receipt.move_ids.write({"quantity": quantity, "picked": True})
        receipt.with_context(skip_backorder=True).button_validate()

    def test_cancel_flags_the_purchase_order_for_review_without_cancelling_it(self):
        order = self.traded_order()
        self.place(order).action_place()
        purchase = order._get_purchase_orders()
        order.with_user(self.users["manager"]).action_oms_cancel(
            self.env.ref("oms_handover.cancel_reason_customer").id, note="Project shelved"
        )
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "purchase")
        review = purchase.activity_ids.filtered(
            lambda activity: f"Order {order.name} cancelled" in (activity.summary or "")
        )
        self.assertEqual(len(review), 1)
        self.assertIn("Project shelved", str(review.note))

    def test_facts_say_which_orders_need_purchase(self):
        self.assertIn("purchase_order", self.traded_order()._oms_order_facts().applicable)
        in_stock = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 5})]
        )
        self.assertNotIn("purchase_order", in_stock._oms_order_facts().applicable)
        # Not enough stock of a product nobody sells us: nothing to buy either.
        self.stocked.purchase_ok = False
        too_many = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 500})]
        )
        self.assertNotIn("purchase_order", too_many._oms_order_facts().applicable)

    def test_place_to_vendor_creates_one_linked_po_and_enters_stage(self):
        order = self.traded_order()
        wizard = self.place(order)
        self.assertEqual(wizard.partner_id, self.vendor)
        self.assertEqual(wizard.line_ids.sale_line_id.product_id, self.traded)
        self.assertEqual(wizard.line_ids.quantity, 10)
        wizard.action_place()
        self.assertEqual(order.oms_stage_id.code, "purchase_order")
        purchase = order._get_purchase_orders()
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.sale_line_id.order_id, order)
        line = order.order_line.filtered(lambda sol: sol.product_id == self.traded)
        self.assertEqual((line.oms_purchased_qty, line.oms_received_qty), (10, 0))
        self.assertEqual(line.oms_purchase_progress, "not_started")
        # A second placement to the same vendor extends the same purchase order.
        self.env["oms.place.vendor.wizard"].with_user(self.users["procurement"]).create(
            {
                "order_id": order.id,
                "partner_id": self.vendor.id,
                "date_planned": fields.Date.today(),
                "line_ids": [Command.create({"sale_line_id": line.id, "quantity": 12})],
            }
        ).action_place()
        self.assertEqual(order._get_purchase_orders(), purchase)
        self.assertTrue(order.oms_purchase_update_date)

    def test_wrong_role_cannot_place(self):
        order = self.traded_order()
        with self.assertRaises(AccessError):
            self.place(order, role="sales").action_place()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        self.assertFalse(order._get_purchase_orders())

    def test_partial_receipts_against_threshold(self):
        order = self.traded_order()
        self.place(order).action_place()
        purchase = order._get_purchase_orders()
        line = order.order_line.filtered(lambda sol: sol.product_id == self.traded)
        self.receive(purchase, 6)
        line.invalidate_recordset()
        self.assertEqual(line.oms_received_qty, 6)
        self.assertEqual(line.oms_purchase_progress, "in_progress")
        failures = order._oms_check_purchase_receipts_complete()
        self.assertEqual(len(failures), 1)
        self.assertIn("6", failures[0])
        self.company.oms_receipt_threshold = 50
        self.assertEqual(order._oms_check_purchase_receipts_complete(), [])
        self.company.oms_receipt_threshold = 100
        self.receive(purchase, 4)
        line.invalidate_recordset()
        self.assertEqual(line.oms_purchase_progress, "received")
        self.assertEqual(order._oms_check_purchase_receipts_complete(), [])
        self.as_role(order, "production").action_oms_move("finished_products")
        self.assertEqual(order.oms_stage_id.code, "finished_products")

    def test_cancelled_po_is_flagged(self):
        order = self.traded_order()
        self.place(order).action_place()
        purchase = order._get_purchase_orders()
        activities_before = order.activity_ids
        purchase.with_user(self.users["procurement"]).button_cancel()
        self.assertTrue(order.oms_po_cancelled)
        self.assertIn("Vendor PO cancelled", order.oms_blocking_reason)
        # One activity, Odoo's own (sale_purchase's warning to the salesperson); the suite adds a note
        # that tells procurement, not a second activity on the same event.
        added = order.activity_ids - activities_before
        self.assertEqual(len(added), 1)
        self.assertEqual(added.activity_type_id, self.env.ref("mail.mail_activity_data_warning"))
        self.assertEqual(added.user_id, order.user_id)
        note = order.message_ids.filtered(lambda message: "place the goods again" in (message.body or ""))
        self.assertEqual(note.partner_ids, self.users["procurement"].partner_id)
        self.assertIn(purchase.name, note.body)
        self.assertIn("not placed", " ".join(order._oms_check_purchase_receipts_complete()))


class TestPurchaseReminder(OmsDispatchCommon):
    def order_at_purchase(self, days_since_update):
        order = self.confirmed_order()
        self.put_at_stage(order, "purchase_order")
        order.sudo()._oms_write_protected(
            {"oms_purchase_update_date": fields.Datetime.now() - timedelta(days=days_since_update)}
        )
        return order

    def reminders(self, order):
        return order.activity_ids.filtered(lambda activity: activity.summary == REMINDER)

    def test_one_activity_per_stale_order_once_per_period(self):
        stale = self.order_at_purchase(5) | self.order_at_purchase(4)
        fresh = self.order_at_purchase(1)
        elsewhere = self.confirmed_order()  # at Sale Order: not concerned
        self.env["sale.order"]._cron_oms_purchase_reminders()
        for order in stale:
            self.assertEqual(len(self.reminders(order)), 1)
            self.assertTrue(self.reminders(order).user_id)
        self.assertFalse(self.reminders(fresh))
        self.assertFalse(self.reminders(elsewhere))
        self.env["sale.order"]._cron_oms_purchase_reminders()
        for order in stale:
            self.assertEqual(len(self.reminders(order)), 1)
        # A full period later without news, procurement is reminded again.
        stale[0].sudo()._oms_write_protected(
            {"oms_purchase_reminded_on": fields.Datetime.now() - timedelta(days=4)}
        )
        self.env["sale.order"]._cron_oms_purchase_reminders()
        self.assertEqual(len(self.reminders(stale[0])), 2)
        self.assertEqual(len(self.reminders(stale[1])), 1)

    def test_reminder_delay_is_a_company_setting(self):
        order = self.order_at_purchase(2)
        self.env["sale.order"]._cron_oms_purchase_reminders()
        self.assertFalse(self.reminders(order))
        self.company.oms_vendor_reminder_days = 1
        self.env["sale.order"]._cron_oms_purchase_reminders()
        self.assertEqual(len(self.reminders(order)), 1)

    def test_reminder_is_set_based(self):
        """One search of orders and one batch of activities per company, whatever the number of orders."""
        counter = Counter()
        original_search = type(self.env["sale.order"])._search
        original_create = type(self.env["mail.activity"]).create

        def counting_search(model, *args, **kwargs):
            counter["search"] += 1
            return original_search(model, *args, **kwargs)

        def counting_create(model, vals_list):
            counter["create"] += 1
            return original_create(model, vals_list)

        calls = []
        for batch in (2, 8):
            for _index in range(batch):
                self.order_at_purchase(5)
            counter.clear()
            with (
                patch.object(type(self.env["sale.order"]), "_search", counting_search),
                patch.object(type(self.env["mail.activity"]), "create", counting_create),
            ):
                self.env["sale.order"]._cron_oms_purchase_reminders()
            calls.append(dict(counter))
        self.assertEqual(calls[0], calls[1])
        self.assertEqual(calls[1]["create"], 1)
