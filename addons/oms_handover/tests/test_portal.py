"""Customer portal: the order page shows the customer status bar to the customer only."""

import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import OmsCommon

STATUS_LABEL = re.compile(r'class="o_oms_customer_status"[^>]*>\s*(?:<[^>]+>\s*)*Placed to Vendor')


@tagged("post_install", "-at_install")
class TestPortalStatus(OmsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buyer = cls.env["res.partner"].create(
            {
                "name": "Portal Buyer",
                "email": "portal.buyer@customer.example.com",
                "parent_id": cls.customer.id,
            }
        )
        cls.portal_user = new_test_user(
            cls.env, login="oms_portal_buyer", groups="base.group_portal", partner_id=buyer.id
        )
        cls.stranger = new_test_user(cls.env, login="oms_portal_stranger", groups="base.group_portal")
        cls.order = cls.confirmed_order()
        # Odoo gives portal access to the followers' companies (as when the order is sent to the customer).
        cls.order.message_subscribe(partner_ids=cls.customer.ids)
        cls.order.sudo()._oms_write_protected({"oms_stage_id": cls.stages["purchase_order"].id})

    def test_customer_sees_status_bar_on_own_order(self):
        self.assertEqual(self.order.oms_customer_status, "placed_to_vendor")
        self.authenticate("oms_portal_buyer", "oms_portal_buyer")
        response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="oms_customer_status"', response.text)
        self.assertRegex(response.text, STATUS_LABEL)
        self.assertIn('data-oms-status="delivered"', response.text, "every step of the bar is shown")

    def test_customer_sees_which_team_holds_the_order_not_why(self):
        """The portal reads the same answer as the form and the board (``_oms_blockers``): the team only."""
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 100.0
        held = self.confirmed_order()  # over the limit: on credit hold, Finance must sanction
        held.message_subscribe(partner_ids=self.customer.ids)
        self.assertEqual(held.oms_credit_state, "hold")
        finance = self.env.ref("oms_handover.group_oms_finance").name
        self.assertIn(finance, [held._oms_group_label(team) for team, _message in held._oms_blockers()])
        self.authenticate("oms_portal_buyer", "oms_portal_buyer")
        html = self.url_open(f"/my/orders/{held.id}").text
        self.assertRegex(html, rf'id="oms_waiting_on"[^>]*>\s*Your order is with our <strong>[^<]*{finance}')
        self.assertNotIn("Credit hold", html, "the reason is internal")

    def test_other_portal_user_is_refused(self):
        self.authenticate("oms_portal_stranger", "oms_portal_stranger")
        response = self.url_open(f"/my/orders/{self.order.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"), response.headers["Location"])
        self.assertNotIn("oms_customer_status", response.text)
        self.assertNotIn("Placed to Vendor", response.text)

    def test_portal_users_cannot_read_internal_models(self):
        for model in ("oms.stage.history", "oms.customer.feedback", "oms.transition.rule"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_user).search([])


# A 1x1 PNG: the signature pad's output is an image like this one.
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestCustomerSignsHandedOverQuotation(OmsCommon, HttpCase):
    """A quotation handed over to operations (its opportunity won) that the customer then signs online: the
    signature confirms it, as Odoo's portal does. Sales may not confirm a handed-over quotation; the
    customer's own acceptance is the deal itself, not a sales user going around operations."""

    def test_customer_signature_confirms_and_enters_the_pipeline(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Pumps",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.users["sales"].id,
            }
        )
        quotation = self.create_order(opportunity_id=lead.id, require_signature=True, require_payment=False)
        quotation.action_quotation_sent()
        self.as_role(lead, "sales").action_set_won()
        self.assertEqual(quotation.oms_handover_state, "pending")
        with self.assertRaises(AccessError):
            self.as_role(quotation, "sales").action_confirm()

        reply = self.make_jsonrpc_request(
            f"/my/orders/{quotation.id}/accept",
            {
                "access_token": quotation._portal_ensure_token(),
                "name": "Customer Buyer",
                "signature": SIGNATURE,
            },
        )
        self.assertNotIn("error", reply, reply)
        self.assertEqual(quotation.state, "sale")
        self.assertEqual(quotation.signed_by, "Customer Buyer")
        self.assertEqual(quotation.oms_handover_state, "done")
        self.assertEqual(quotation.oms_stage_id.code, "sale_order")
        self.assertEqual(quotation.oms_history_ids.sorted("id")[-1].kind, "handover")
