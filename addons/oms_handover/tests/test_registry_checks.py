"""Checks a consultant picks from the registry for a company's rules (issue 14, point 2): an advance the
customer must pay before the order goes on, and the customer's PO document attached."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import OmsCommon


# After every add-on is loaded: each registered check's method is there (the registry names add-ons' checks).
@tagged("post_install", "-at_install")
class TestRegistryChecks(OmsCommon):
    def require_on_leaving_sale_order(self, *check_xmlids):
        """What the consultant does on the rules leaving Sale Order: add the checks from the list."""
        rules = self.env["oms.transition.rule"].search(
            [("company_id", "=", self.env.company.id), ("from_stage_id.code", "=", "sale_order")]
        )
        checks = [self.env.ref(xmlid).id for xmlid in check_xmlids]
        self.as_role(rules, "manager").write({"check_ids": [Command.link(check) for check in checks]})

    def set_advance_percent(self, percent):
        """What an administrator does: Sales settings, block Order Management, Advance payment."""
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(self.company.id)], "company_id": self.company.id})
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(self.company))
        settings.oms_advance_percent = percent
        settings.save().execute()

    def test_the_advance_is_a_share_of_the_order(self):
        # assertRaises (not ...Regex) rolls back to a savepoint: the refused value is not left half-written.
        with self.assertRaises(IntegrityError) as refused, mute_logger("odoo.sql_db"):
            self.set_advance_percent(150)
        self.assertIn("oms_advance_percent_range", str(refused.exception))
        self.company.invalidate_recordset()
        self.assertEqual(self.company.oms_advance_percent, 0)

    def test_the_order_waits_for_its_advance_paid_as_odoo_records_payments(self):
        self.set_advance_percent(30)  # of the total with taxes: 30 % of 575.00
        self.assertEqual(self.company.oms_advance_percent, 30)
        self.require_on_leaving_sale_order("oms_handover.check_advance_payment_received")
        order = self.confirmed_order()
        with self.assertRaisesRegex(UserError, r"needs an advance of 30% \(.*172\.50\); .*0\.00 is paid"):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        # Finance invoices a 30 % down payment with Odoo's own wizard, posts it, and registers the payment.
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        wizard.create_invoices()
        down_payment = order.invoice_ids
        down_payment.action_post()
        with self.assertRaisesRegex(UserError, "needs an advance of 30%"):
            self.as_role(order, "manager").action_oms_move_next()  # invoiced is not paid
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=down_payment.ids
        ).create({})._create_payments()
        self.as_role(order, "manager").action_oms_move_next()
        self.assertNotEqual(order.oms_stage_id.code, "sale_order")

    def test_the_customer_po_must_be_attached(self):
        self.require_on_leaving_sale_order("oms_handover.check_customer_po_attached")
        order = self.confirmed_order()
        with self.assertRaisesRegex(UserError, "Attach the customer's PO document"):
            self.as_role(order, "manager").action_oms_move_next()
        order.with_user(self.users["sales"]).message_post(
            body="Customer PO", attachments=[("PO-4711.pdf", b"%PDF-1.4 customer PO")]
        )
        self.as_role(order, "manager").action_oms_move_next()
        self.assertNotEqual(order.oms_stage_id.code, "sale_order")

    def test_each_check_names_its_add_on_and_its_stages(self):
        check = self.env.ref("oms_handover.check_advance_payment_received")
        self.assertEqual(check.module, "oms_handover")
        self.assertIn(self.stages["sale_order"], check.stage_ids)
        # Every check a rule can pick runs: its method exists on sale orders.
        for check in self.env["oms.check"].search([]):
            self.assertTrue(
                callable(getattr(self.env["sale.order"], f"_oms_check_{check.code}", None)), check.code
            )
