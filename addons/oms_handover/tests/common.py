"""Shared fixtures of the pipeline tests: one user per role, a customer, products, confirmed orders."""

from datetime import timedelta
from itertools import count

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

PO_NUMBERS = count(1)

ROLE_GROUPS = {
    "sales": "oms_handover.group_oms_sales",
    "procurement": "oms_handover.group_oms_procurement",
    "production": "oms_handover.group_oms_production",
    "finance": "oms_handover.group_oms_finance",
    "dispatch": "oms_handover.group_oms_dispatch",
    "manager": "oms_handover.group_oms_manager",
}


class OmsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        if not cls.company.chart_template:
            # A database without demo data has no chart of accounts; invoices in these tests need one.
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"oms_test_{role}",
                groups=f"base.group_user,{group}",
                name=f"Test {role.title()}",
                email=f"{role}@oms-test.example.com",
            )
            for role, group in ROLE_GROUPS.items()
        }
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer Pvt Ltd", "email": "buyer@customer.example.com", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Test Bearing", "type": "consu", "list_price": 100.0}
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "Test Belt", "type": "consu", "list_price": 250.0}
        )
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.stages = {stage.code: stage for stage in cls.env["oms.stage"].search([])}

    @classmethod
    def order_values(cls, **overrides):
        values = {
            "partner_id": cls.customer.id,
            # Each order its own customer PO: the same reference twice is a possible duplicate.
            "client_order_ref": f"PO-4711/{next(PO_NUMBERS)}",
            "oms_agreed_date": fields.Date.today() + timedelta(days=10),
            "payment_term_id": cls.payment_term.id,
            "user_id": cls.users["sales"].id,
            "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 5})],
        }
        values.update(overrides)
        return values

    @classmethod
    def create_order(cls, **overrides):
        return cls.env["sale.order"].create(cls.order_values(**overrides))

    @classmethod
    def confirmed_order(cls, **overrides):
        order = cls.create_order(**overrides)
        order.action_confirm()
        return order

    def put_at_stage(self, order, code):
        """Test set-up shortcut: place an order at a stage directly (as the engine would, superuser)."""
        order.sudo()._oms_write_protected({"oms_stage_id": self.stages[code].id})

    def as_role(self, records, role):
        return records.with_user(self.users[role])


def send_queued_customer_mails(env):
    """What the customer-mail cron does once the transaction that queued them commits (it is woken then):
    prepare each queued mail with its PDFs and post it. Returns ``mail.mail`` to search the sent ones."""
    env["oms.customer.mail"]._oms_process_pending(commit=False)
    return env["mail.mail"]
