from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import OmsCommon


class TestCustomerSignoff(OmsCommon):
    """New customers and changes to credit terms or GSTIN wait for a Sales Head when the company says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_master_signoff = True
        cls.head = cls.env.ref("base.user_admin")
        # Odoo keeps credit limits to invoicing users: this salesperson also bills (a common Indian setup).
        cls.users["sales"].groups_id = [Command.link(cls.env.ref("account.group_account_invoice").id)]
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")

    def new_customer_as_sales(self):
        with Form(
            self.env["res.partner"]
            .with_user(self.users["sales"])
            .with_context(res_partner_search_mode="customer")
        ) as form:
            form.company_type = "company"
            form.name = "Nashik Agro Implements"
        return form.record

    def test_new_customer_waits_and_its_order_is_not_confirmed_until_approved(self):
        customer = self.new_customer_as_sales()
        self.assertEqual(customer.oms_master_state, "pending")
        self.assertIn("waits for a Sales Head's approval", customer.message_ids[0].body)
        activity = customer.activity_ids
        self.assertEqual(activity.summary, "Approve the new customer")
        self.assertTrue(activity.user_id.has_group("sales_team.group_sale_manager"))
        order = self.create_order(partner_id=customer.id)
        with self.assertRaisesRegex(UserError, "waiting for a Sales Head's approval"):
            self.as_role(order, "manager").action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRaises(AccessError):
            customer.with_user(self.users["sales"]).action_oms_approve_customer()
        with self.assertRaises(AccessError):
            customer.with_user(self.users["sales"]).write({"oms_master_state": "approved"})
        customer.with_user(self.head).action_oms_approve_customer()
        self.assertEqual(customer.oms_master_state, "approved")
        self.assertIn("Customer approved by", customer.message_ids[0].body)
        self.as_role(order, "manager").action_confirm()
        self.assertEqual(order.state, "sale")

    def test_credit_limit_terms_and_gstin_changes_wait_while_the_old_values_hold(self):
        customer = self.customer.with_company(self.company)
        customer.write({"credit_limit": 50000.0, "vat": False})
        as_sales = customer.with_user(self.users["sales"])
        as_sales.write(
            {
                "credit_limit": 90000.0,
                "property_payment_term_id": self.immediate.id,
                "vat": "29AABCU9603R1ZJ",
                "phone": "+91 20 4000 1234",
            }
        )
        customer.invalidate_recordset()
        self.assertEqual(customer.credit_limit, 50000.0)
        self.assertFalse(customer.vat)
        self.assertNotEqual(customer.property_payment_term_id, self.immediate)
        self.assertEqual(customer.phone, "+91 20 4000 1234")  # not signed off: written at once
        change = customer.oms_master_change_ids
        self.assertEqual(change.state, "pending")
        self.assertIn("Credit Limit: 50,000.00 → 90,000.00", change.summary)
        self.assertIn("Immediate Payment", change.summary)
        self.assertIn("waiting for a Sales Head", customer.message_ids[0].body)
        with self.assertRaises(AccessError):
            change.with_user(self.users["sales"]).action_approve()
        change.with_user(self.head).action_approve()
        customer.invalidate_recordset()
        self.assertEqual(customer.credit_limit, 90000.0)
        self.assertEqual(customer.vat, "29AABCU9603R1ZJ")
        self.assertEqual(customer.property_payment_term_id, self.immediate)
        self.assertEqual((change.state, change.decided_by_id), ("approved", self.head))

    def test_a_rejected_change_keeps_the_old_value_and_says_why(self):
        customer = self.customer.with_company(self.company)
        customer.credit_limit = 50000.0
        customer.with_user(self.users["sales"]).write({"credit_limit": 500000.0})
        change = customer.oms_master_change_ids
        with self.assertRaisesRegex(UserError, "Say why"):
            change.with_user(self.head).action_reject()
        change.with_user(self.head).action_reject("Two invoices overdue by 70 days")
        self.assertEqual(customer.credit_limit, 50000.0)
        self.assertEqual(change.state, "rejected")
        self.assertIn("Two invoices overdue by 70 days", customer.message_ids[0].body)

    def test_a_sales_head_writes_directly_and_the_setting_off_holds_nothing(self):
        customer = self.customer.with_company(self.company)
        customer.with_user(self.head).write({"credit_limit": 70000.0})
        self.assertEqual(customer.credit_limit, 70000.0)
        self.company.oms_master_signoff = False
        customer.with_user(self.users["sales"]).write({"credit_limit": 80000.0})
        self.assertEqual(customer.credit_limit, 80000.0)
        self.assertEqual(self.new_customer_as_sales().oms_master_state, "approved")
        self.company.oms_master_signoff = True
        # Without invoicing rights, no request either: Odoo's own field rights come first.
        self.users["sales"].groups_id = [Command.unlink(self.env.ref("account.group_account_invoice").id)]
        with self.assertRaises(AccessError):
            customer.with_user(self.users["sales"]).write({"credit_limit": 1.0})
        self.assertFalse(customer.oms_master_change_ids)
        self.assertEqual(customer.credit_limit, 80000.0)

    def test_a_vendor_and_a_delivery_address_are_not_held(self):
        vendor = (
            self.env["res.partner"]
            .with_user(self.users["procurement"])
            .with_context(res_partner_search_mode="supplier")
            .create({"name": "Hose Vendor"})
        )
        self.assertEqual(vendor.oms_master_state, "approved")
        address = (
            self.env["res.partner"]
            .with_user(self.users["sales"])
            .create({"name": "Plant 2", "type": "delivery", "parent_id": self.customer.id})
        )
        self.assertEqual(address.oms_master_state, "approved")
        order = self.confirmed_order(
            partner_shipping_id=address.id,
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
        )
        self.assertEqual(order.state, "sale")
