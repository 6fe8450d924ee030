"""Odoo's own users, in none of the suite's teams, keep doing what Odoo let them do: a salesperson, a sales
manager, an invoicing user, a storekeeper and a buyer open the orders, deliveries, invoices and purchase
orders of their apps (the form the web client shows each of them, every suite field of it read). A computed field of the suite that reads its own
records must not lock them out (Odoo's sale tests of access rights found the backorder count doing so)."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import OmsDispatchCommon


@tagged("post_install", "-at_install")
class TestOdooUsersKeepTheirAccess(OmsDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = {
            "salesperson": "sales_team.group_sale_salesman",
            "sales_manager": "sales_team.group_sale_manager",
            "invoicing": "account.group_account_invoice",
            "storekeeper": "stock.group_stock_user",
            "buyer": "purchase.group_purchase_user",
        }
        cls.odoo_users = {
            name: new_test_user(cls.env, login=f"odoo_only_{name}", groups=f"base.group_user,{group}")
            for name, group in groups.items()
        }
        cls.order = cls.confirmed_order(
            user_id=cls.odoo_users["salesperson"].id,
            order_line=[
                Command.create({"product_id": cls.stocked.id, "product_uom_qty": 2}),
                Command.create({"product_id": cls.traded.id, "product_uom_qty": 500}),
            ],
        )

    def assert_reads_everything(self, user_name, records):
        """Open each record's form as the web client does: the form view the user gets (``get_views``
        leaves out what the user's groups may not see) and a ``web_read`` of every suite field it shows."""
        user = self.odoo_users.get(user_name) or self.users[user_name]
        for record in records:
            with self.subTest(user=user_name, model=record._name):
                as_user = record.with_user(user).with_company(record.company_id)
                views = as_user.get_views([(False, "form")])
                # The suite's fields of that form: Odoo's own are Odoo's tests' business (with Odoo's demo
                # data, sale_pdf_quote_builder's documents already refuse an invoicing user, suite or not).
                shown = views["models"][record._name]["fields"]
                specification = {name: {} for name in shown if name.startswith("oms_")}
                # A request of its own starts with an empty cache: nothing read earlier as superuser helps.
                self.env.invalidate_all()
                self.assertTrue(as_user.web_read(specification), f"{user_name} opens {record._name}")

    def test_odoo_users_open_their_documents(self):
        self.assertTrue(self.order.oms_backorder_open_count, "the order has a backorder demand to count")
        self.assert_reads_everything("salesperson", self.order)
        self.assert_reads_everything("sales_manager", self.order)
        self.assert_reads_everything("storekeeper", self.order.picking_ids)
        # Odoo lets invoicing users open the orders behind their invoices (not inventory users: the order
        # form's optional products are the salespeople's, in plain Odoo too).
        self.assert_reads_everything("invoicing", self.order)
        self.assert_reads_everything("invoicing", self.invoice_supply(self.order))
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "origin": self.order.name,
                "order_line": [Command.create({"product_id": self.traded.id, "product_qty": 500})],
            }
        )
        self.assert_reads_everything("buyer", purchase)

    def test_the_suite_roles_open_the_same_documents(self):
        order = (
            self.confirmed_order(  # the suite's salesperson's own order, as the Sales role sees only those
                order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 2})]
            )
        )
        invoice = self.invoice_supply(order)
        for role in self.users:
            self.assert_reads_everything(role, order)
        for role in ("dispatch", "finance", "manager"):
            self.assert_reads_everything(role, order.picking_ids)
        for role in ("sales", "finance", "manager"):
            self.assert_reads_everything(role, invoice)

    def test_odoo_salesperson_confirms_an_order(self):
        order = self.create_order(user_id=self.odoo_users["salesperson"].id).with_user(
            self.odoo_users["salesperson"]
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.oms_stage_id)
        self.assertTrue(order.read())
