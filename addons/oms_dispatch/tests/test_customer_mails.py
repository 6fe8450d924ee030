"""Customer mails of the dispatch (one per tranche, with challan; dispatch complete once), and what the
dispatch documents add to the order's one screen: the blocking line and the timeline."""

import base64
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.oms_handover.tests.common import send_queued_customer_mails

from .common import OmsDispatchCommon


class DispatchFlow(OmsDispatchCommon):
    def dispatch(self, order, quantity, vehicle=None):
        wizard_model = self.env["oms.dispatch.wizard"].with_user(self.users["dispatch"])
        form = Form(wizard_model.with_context(active_id=order.id, default_order_id=order.id))
        if vehicle:
            form.vehicle_number = vehicle
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        action = form.save().action_dispatch()
        return self.env["stock.picking"].browse(action["res_id"])

    def order_at_shipment(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        order.write(self.plan_values())
        self.put_at_stage(order, "shipment")
        self.invoice_supply(order)
        return order

    def tranche_mails(self, picking):
        """Mails to the customer (followers' internal copies are Odoo's own notifications)."""
        mails = send_queued_customer_mails(self.env).search(
            [("model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )
        return mails.filtered(lambda mail: self.customer in mail.recipient_ids)


@tagged("post_install", "-at_install")
class TestDispatchMails(DispatchFlow):
    def test_one_mail_per_tranche_with_challan_and_none_on_retry(self):
        order = self.order_at_shipment()
        first = self.dispatch(order, 4, vehicle="mh12ab1")
        mail = self.tranche_mails(first)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.recipient_ids)
        self.assertIn(first.name, mail.subject)
        self.assertIn("MH12AB0001", mail.body_html)
        self.assertIn("LR-778", mail.body_html)
        self.assertIn("Challan", " ".join(mail.attachment_ids.mapped("name")))
        self.assertTrue(first.oms_dispatch_mail_sent)

        first._oms_send_dispatch_mail()
        first._action_done()
        self.assertEqual(len(self.tranche_mails(first)), 1, "a retry never mails twice")

        last = self.dispatch(order, 6)
        self.assertEqual(len(self.tranche_mails(last)), 1)
        self.assertEqual(order.oms_stage_id.code, "complete_dispatch")

    def test_dispatch_complete_mail_is_sent_once(self):
        order = self.order_at_shipment()
        self.dispatch(order, 10)

        def complete_mails():
            mails = send_queued_customer_mails(self.env).search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
            return mails.filtered(
                lambda mail: (
                    "completely dispatched" in (mail.subject or "") and self.customer in mail.recipient_ids
                )
            )

        self.assertEqual(len(complete_mails()), 1)
        with self.assertRaises(UserError):
            order.with_user(self.users["dispatch"]).action_oms_move("complete_dispatch")
        self.assertEqual(len(complete_mails()), 1)

    def test_dispatch_stands_when_the_mail_pdf_cannot_be_rendered(self):
        """A server without its PDF engine: the tranche is dispatched, the mail is not, and people are told."""
        order = self.order_at_shipment()
        no_pdf_engine = UserError("Unable to find Wkhtmltopdf on this system. The PDF can not be created.")
        with patch.object(type(self.env["ir.actions.report"]), "_render_qweb_pdf", side_effect=no_pdf_engine):
            picking = self.dispatch(order, 10)
            self.assertTrue(picking.oms_dispatch_mail_sent, "queued: prepared once the dispatch is saved")
            send_queued_customer_mails(self.env)  # the mail's own transaction fails to render its PDF
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 10)
        self.assertEqual(order.oms_stage_id.code, "complete_dispatch")
        self.assertFalse(self.tranche_mails(picking))
        self.assertFalse(picking.oms_dispatch_mail_sent, "not marked as mailed: it can still be sent by hand")
        self.assertIn("could not be prepared", picking.message_ids[:1].body)
        self.assertIn(
            "Wkhtmltopdf", order.message_ids.filtered(lambda m: "could not be prepared" in m.body)[:1].body
        )
        self.assertTrue(
            picking.activity_ids.filtered(lambda a: a.summary == "Send the customer mail by hand")
        )

    def test_orders_outside_the_pipeline_get_no_dispatch_mail(self):
        order = self.create_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 2})]
        )
        order.action_confirm()
        order.sudo()._oms_write_protected({"oms_stage_id": False})
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(self.tranche_mails(picking))


@tagged("post_install", "-at_install")
class TestDispatchOneScreen(DispatchFlow):
    def traded_order(self):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.traded.id, "product_uom_qty": 5})]
        )
        wizard_model = self.env["oms.place.vendor.wizard"].with_user(self.users["procurement"])
        form = Form(wizard_model.with_context(active_id=order.id, default_order_id=order.id))
        form.date_planned = fields.Date.today() + timedelta(days=5)
        form.save().action_place()
        return order

    def test_blocking_line_names_procurement_and_received_quantities(self):
        order = self.traded_order()
        self.put_at_stage(order, "purchase_order")
        purchase = order._get_purchase_orders()
        receipt = purchase.picking_ids
        receipt.move_ids.write({"quantity": 3, "picked": True})
        receipt.with_context(skip_backorder=True, cancel_backorder=False).button_validate()
        order.invalidate_recordset()
        line = order.oms_blocking_line
        self.assertTrue(line.startswith("Waiting for Procurement:"), line)
        self.assertIn("3.0 of 5.0 received", line)
        self.assertIn("Test Hydraulic Hose", line)

    def test_timeline_links_purchase_receipt_dispatch_challan_and_pod(self):
        order = self.traded_order()
        purchase = order._get_purchase_orders()
        receipt = purchase.picking_ids
        receipt.move_ids.write({"quantity": 5, "picked": True})
        receipt.button_validate()
        order.write(self.plan_values())
        self.put_at_stage(order, "shipment")
        self.invoice_supply(order)
        tranche = self.dispatch(order, 5)
        self.env["oms.pod.wizard"].with_user(self.users["dispatch"]).create(
            {"picking_id": tranche.id, "receiver": "Store keeper", "document": base64.b64encode(b"pod")}
        ).action_record()
        entries = {
            (entry["kind"], entry["model"], entry["res_id"]): entry for entry in order._oms_timeline_sorted()
        }
        self.assertIn(("purchase", "purchase.order", purchase.id), entries)
        self.assertIn(("receipt", "stock.picking", receipt.id), entries)
        self.assertIn(("shipment", "sale.order", order.id), entries)
        dispatch = entries[("dispatch", "stock.picking", tranche.id)]
        self.assertIn("LR-778", dispatch["title"])
        self.assertEqual(
            dispatch["report_url"], f"/report/pdf/oms_dispatch.report_delivery_challan/{tranche.id}"
        )
        self.assertIn("Store keeper", entries[("pod", "stock.picking", tranche.id)]["title"])
        html = str(order.oms_timeline_html)
        self.assertIn(f'href="/odoo/purchase.order/{purchase.id}"', html)
        self.assertIn(f'href="/report/pdf/oms_dispatch.report_delivery_challan/{tranche.id}"', html)
