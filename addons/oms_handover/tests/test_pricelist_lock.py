from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import OmsCommon


class TestPricelistLock(OmsCommon):
    """Once a quotation is sent, its price list is read-only; Finance may change it with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.list_price = cls.env["product.pricelist"].create({"name": "Distributor List"})
        cls.dealer_price = cls.env["product.pricelist"].create(
            {
                "name": "Dealer List",
                "item_ids": [
                    Command.create(
                        {"applied_on": "0_product_variant", "product_id": cls.product.id, "fixed_price": 80.0}
                    )
                ],
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Dealer Customer", "property_product_pricelist": cls.dealer_price.id}
        )

    def sent_quotation(self):
        quotation = self.create_order(pricelist_id=self.list_price.id)
        quotation.action_quotation_sent()
        return quotation

    def test_draft_quotation_price_list_stays_editable(self):
        quotation = self.create_order(pricelist_id=self.list_price.id)
        self.as_role(quotation, "sales").write({"pricelist_id": self.dealer_price.id})
        self.assertEqual(quotation.pricelist_id, self.dealer_price)

    def test_sent_quotation_refuses_a_new_price_list_and_changes_nothing(self):
        quotation = self.sent_quotation()
        for role in ("sales", "manager", "finance"):
            with self.assertRaisesRegex(UserError, "read-only now"):
                self.as_role(quotation, role).write({"pricelist_id": self.dealer_price.id})
            quotation.invalidate_recordset()
            self.assertEqual(quotation.pricelist_id, self.list_price)

    def test_new_customer_keeps_the_price_list_that_was_quoted(self):
        quotation = self.sent_quotation()
        self.as_role(quotation, "sales").write({"partner_id": self.other_customer.id})
        self.assertEqual(quotation.pricelist_id, self.list_price)

    def test_confirmed_order_refuses_a_new_price_list(self):
        order = self.confirmed_order(pricelist_id=self.list_price.id)
        with self.assertRaises(UserError):  # Odoo's own refusal for a confirmed order
            self.as_role(order, "manager").write({"pricelist_id": self.dealer_price.id})

    def test_finance_changes_it_with_a_reason_on_the_timeline_and_prices_follow(self):
        quotation = self.sent_quotation()
        self.assertEqual(quotation.order_line.price_unit, 100.0)
        wizard = Form(
            self.env["oms.pricelist.change.wizard"]
            .with_user(self.users["finance"])
            .with_context(default_order_id=quotation.id)
        )
        wizard.pricelist_id = self.dealer_price
        wizard.reason = "Customer signed the dealer agreement on Monday"
        wizard.save().action_apply()
        self.assertEqual(quotation.pricelist_id, self.dealer_price)
        self.assertEqual(quotation.order_line.price_unit, 80.0)
        self.assertEqual(quotation.state, "sent")
        note = quotation.message_ids[0]
        self.assertIn("Customer signed the dealer agreement on Monday", note.body)
        self.assertIn("Distributor List", note.body)
        self.assertEqual(note.author_id, self.users["finance"].partner_id)

    def test_finance_without_a_reason_and_other_roles_are_refused(self):
        quotation = self.sent_quotation()
        with self.assertRaisesRegex(UserError, "Say why"):
            self.as_role(quotation, "finance")._oms_change_pricelist(self.dealer_price, "  ")
        for role in ("sales", "procurement", "dispatch"):
            with self.assertRaises(AccessError):
                self.as_role(quotation, role)._oms_change_pricelist(self.dealer_price, "better price")
        with self.assertRaises(AccessError):
            self.env["oms.pricelist.change.wizard"].with_user(self.users["sales"]).create(
                {"order_id": quotation.id, "pricelist_id": self.dealer_price.id, "reason": "x"}
            )
        self.assertEqual(quotation.pricelist_id, self.list_price)
        self.assertEqual(quotation.order_line.price_unit, 100.0)

    def test_confirmed_order_is_not_repriced_even_by_finance(self):
        order = self.confirmed_order(pricelist_id=self.list_price.id)
        with self.assertRaisesRegex(UserError, "not a sent quotation"):
            self.as_role(order, "finance")._oms_change_pricelist(self.dealer_price, "late deal")
        self.assertEqual(order.pricelist_id, self.list_price)
