"""Shared set-up of the Tally purchase tests: the bridge's simulator and settings, purchase ledgers,
input GST, a registered vendor, and users of purchasing and accounting."""

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.oms_tally_bridge.tests.common import TallyCommon


class TallyPurchaseCommon(TallyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config.purchase_ledger_ids = [Command.create({"gst_rate": 18, "ledger_name": "Purchase GST 18%"})]
        cls.input_gst18 = cls.env["account.tax"].create(
            {
                "name": "GST 18% purchase (test)",
                "amount_type": "group",
                "type_tax_use": "purchase",
                "company_id": cls.company.id,
                "children_tax_ids": [Command.set((cls.cgst | cls.sgst).ids)],
            }
        )
        # Billed on ordered quantities: a bill needs no receipt first.
        cls.product.write(
            {"supplier_taxes_id": [Command.set(cls.input_gst18.ids)], "purchase_method": "purchase"}
        )
        cls.vendor = cls.env["res.partner"].create(
            {
                "name": "Test Vendor Bearings Ltd",
                "is_company": True,
                "vat": "29AABCB1234C1Z5",
                "street": "12 Peenya Industrial Area",
                "zip": "560058",
            }
        )
        cls.buyer = new_test_user(
            cls.env, login="oms_test_tally_buyer", groups="base.group_user,purchase.group_purchase_user"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="oms_test_tally_purchase_accountant",
            groups="base.group_user,account.group_account_manager",
        )

    def create_purchase(self, quantity=10, price=100.0, **values):
        return self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "partner_ref": "VQ-311",
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": quantity,
                            "price_unit": price,
                            "taxes_id": [Command.set(self.input_gst18.ids)],
                        }
                    )
                ],
                **values,
            }
        )

    def confirmed_purchase(self, **values):
        """A purchase order confirmed by a buyer, as the Confirm Order button does."""
        order = self.create_purchase(**values)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        return order

    def vendor_bill(self, order, ref="VB-778", date=None):
        """The bill of ``order`` dated ``date`` (default today), posted by an accountant."""
        order.action_create_invoice()
        bill = order.invoice_ids
        date = date or fields.Date.today()
        bill.write({"ref": ref, "invoice_date": date, "date": date})
        bill.with_user(self.accountant).action_post()
        self.assertEqual(bill.state, "posted")
        return bill

    def ledger_amounts(self, voucher):
        """{ledger: (AMOUNT, ISDEEMEDPOSITIVE)} of a stored voucher, item allocations included."""
        entries = voucher.element.findall("LEDGERENTRIES.LIST") + voucher.element.findall(
            "ALLINVENTORYENTRIES.LIST/ACCOUNTINGALLOCATIONS.LIST"
        )
        return {
            entry.findtext("LEDGERNAME"): (entry.findtext("AMOUNT"), entry.findtext("ISDEEMEDPOSITIVE"))
            for entry in entries
        }
