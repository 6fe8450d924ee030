"""Customer portal, beyond the status bar: dispatches with vehicle, LR and challan download, invoice
downloads, and the feedback request after delivery; all refused to another portal user."""

import re
from unittest import SkipTest

from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import OmsDispatchCommon

CSRF = re.compile(r'csrf_token: "([^"]+)"')


class PortalDocumentsCommon(OmsDispatchCommon, HttpCase):
    """A confirmed order of the portal buyer's company, invoiced and with one tranche dispatched (its challan),
    and another order the buyer may not see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "oms.dispatch.wizard" not in cls.env:
            raise SkipTest("dispatches need oms_dispatch")
        buyer = cls.env["res.partner"].create(
            {
                "name": "Portal Buyer",
                "email": "portal.buyer@customer.example.com",
                "parent_id": cls.customer.id,
            }
        )
        cls.buyer = new_test_user(
            cls.env, login="oms_doc_buyer", groups="base.group_portal", partner_id=buyer.id
        )
        cls.stranger = new_test_user(cls.env, login="oms_doc_stranger", groups="base.group_portal")
        cls.order = cls.confirmed_order(
            order_line=[Command.create({"product_id": cls.stocked.id, "product_uom_qty": 10})]
        )
        cls.order.message_subscribe(partner_ids=cls.customer.ids)
        cls.order.write(cls.plan_values())
        cls.order.sudo()._oms_write_protected({"oms_stage_id": cls.stages["shipment"].id})
        cls.invoice = cls.invoice_supply(cls.order)
        wizard_model = cls.env["oms.dispatch.wizard"].with_user(cls.users["dispatch"])
        form = Form(wizard_model.with_context(active_id=cls.order.id, default_order_id=cls.order.id))
        form.vehicle_number = "mh12ab1"
        with form.line_ids.edit(0) as line:
            line.quantity = 4
        cls.tranche = cls.env["stock.picking"].browse(form.save().action_dispatch()["res_id"])
        cls.other_order = cls.confirmed_order(
            client_order_ref="PO-OTHER",
            order_line=[Command.create({"product_id": cls.stocked.id, "product_uom_qty": 1})],
        )
        cls.other_picking = cls.other_order.picking_ids


@tagged("post_install", "-at_install")
class TestPortalDocuments(PortalDocumentsCommon):
    def page(self, order=None):
        response = self.url_open(f"/my/orders/{(order or self.order).id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_customer_sees_dispatches_and_downloads_challan_and_invoice(self):
        self.authenticate("oms_doc_buyer", "oms_doc_buyer")
        html = self.page()
        self.assertIn('id="oms_dispatches"', html)
        self.assertIn("MH12AB0001", html)
        self.assertIn("LR-778", html)
        self.assertIn(self.tranche.name, html)
        challan_url = f"/my/orders/{self.order.id}/challan/{self.tranche.id}"
        self.assertIn(challan_url, html)
        response = self.url_open(challan_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.tranche.name, response.text)
        self.assertIn('id="oms_invoices"', html)
        self.assertIn(f"/my/invoices/{self.invoice.id}", html)
        response = self.url_open(f"/my/invoices/{self.invoice.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)

    def test_challan_of_another_order_is_not_found(self):
        self.authenticate("oms_doc_buyer", "oms_doc_buyer")
        response = self.url_open(f"/my/orders/{self.order.id}/challan/{self.other_picking.id}")
        self.assertEqual(response.status_code, 404)

    def test_other_portal_user_is_refused(self):
        self.authenticate("oms_doc_stranger", "oms_doc_stranger")
        for url in (
            f"/my/orders/{self.order.id}/challan/{self.tranche.id}",
            f"/my/invoices/{self.invoice.id}?report_type=pdf&download=true",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertTrue(response.headers["Location"].endswith("/my"), response.headers["Location"])
            self.assertNotIn(self.tranche.name, response.text)


@tagged("post_install", "-at_install")
class TestPortalFeedback(OmsDispatchCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buyer = cls.env["res.partner"].create(
            {"name": "Feedback Buyer", "email": "fb.buyer@customer.example.com", "parent_id": cls.customer.id}
        )
        cls.buyer = new_test_user(
            cls.env, login="oms_fb_buyer", groups="base.group_portal", partner_id=buyer.id
        )
        cls.stranger = new_test_user(cls.env, login="oms_fb_stranger", groups="base.group_portal")
        cls.order = cls.confirmed_order()
        cls.order.message_subscribe(partner_ids=cls.customer.ids)
        cls.Feedback = cls.env["oms.customer.feedback"]

    def deliver(self):
        self.order.sudo()._oms_write_protected({"oms_stage_id": self.stages["customer_feedback"].id})
        self.assertEqual(self.order.oms_customer_status, "delivered")

    def post_feedback(self, **values):
        csrf = CSRF.search(self.url_open("/my").text).group(1)
        return self.url_open(
            f"/my/orders/{self.order.id}/feedback",
            data={"csrf_token": csrf, **values},
            allow_redirects=False,
        )

    def test_feedback_form_only_after_delivery(self):
        self.authenticate("oms_fb_buyer", "oms_fb_buyer")
        self.assertNotIn('id="oms_feedback_form"', self.url_open(f"/my/orders/{self.order.id}").text)
        response = self.post_feedback(rating="5", nps="10")
        self.assertIn("oms_feedback=closed", response.headers["Location"])
        self.assertFalse(self.Feedback.search([("order_id", "=", self.order.id)]))
        self.deliver()
        self.assertIn('id="oms_feedback_form"', self.url_open(f"/my/orders/{self.order.id}").text)

    def test_feedback_recorded_once_and_bad_input_refused(self):
        self.deliver()
        self.authenticate("oms_fb_buyer", "oms_fb_buyer")
        for bad in (
            {"rating": "7", "nps": "5"},
            {"rating": "3", "nps": "11"},
            {"rating": "x", "nps": "5"},
            {},
        ):
            response = self.post_feedback(**bad)
            self.assertIn("oms_feedback=invalid", response.headers["Location"], bad)
        self.assertFalse(self.Feedback.search([("order_id", "=", self.order.id)]))

        response = self.post_feedback(rating="4", nps="9", comment="Fast delivery")
        self.assertIn("oms_feedback=thanks", response.headers["Location"])
        feedback = self.Feedback.search([("order_id", "=", self.order.id)])
        self.assertEqual((feedback.rating, feedback.nps, feedback.comment), (4, 9, "Fast delivery"))
        self.assertEqual(feedback.user_id, self.buyer)

        response = self.post_feedback(rating="1", nps="0")
        self.assertIn("oms_feedback=closed", response.headers["Location"])
        self.assertEqual(len(self.Feedback.search([("order_id", "=", self.order.id)])), 1)
        self.assertNotIn('id="oms_feedback_form"', self.url_open(f"/my/orders/{self.order.id}").text)

    def test_other_portal_user_cannot_give_feedback(self):
        self.deliver()
        self.authenticate("oms_fb_stranger", "oms_fb_stranger")
        response = self.post_feedback(rating="1", nps="0")
        self.assertTrue(response.headers["Location"].endswith("/my"), response.headers["Location"])
        self.assertFalse(self.Feedback.search([("order_id", "=", self.order.id)]))
