"""Cess (l10n_in's separate cess taxes) on the IRN payload and the e-way bill payload.

GstRt is the GST rate alone and cess goes in its own fields (CesRt/CesAmt, CesNonAdvlAmt; cessRate,
cessNonadvol); the figures are Odoo's own tax amounts, so the payloads' totals are the invoice's.
"""

from datetime import datetime

from odoo import Command, fields
from odoo.tests import tagged

from simulators.nic_base import IST  # tests/ is on sys.path (see __init__)
from simulators.nic_ewb_checks import check_generate
from simulators.nic_irp_checks import check_invoice

from ..models.oms_eway_bill_payload import consignment_value, ewb_challan_payload_for, ewb_payload_for
from .common import SELLER_GSTIN, OmsGstCommon

# Odoo's own l10n_in_edi builds this very invoice in its test and expects these figures from its builder
# (/opt/odoo/18.0/addons/l10n_in_edi/tests/test_edi_json.py, TestEdiJson.test_edi_json, the
# "invoice_cash_rounding" case: GST 5 % on product_a, GST 12 % + cess 5 % + 1.591 per unit on
# product_with_cess, 10 % discount on both, rupee rounding). l10n_in_edi is not installed beside the suite
# in the test databases, so its expected figures are copied here, not recomputed.
ODOO_ITEMS = [
    {
        "SlNo": "1", "PrdDesc": "product_a", "IsServc": "N", "HsnCd": "111111", "Qty": 1.0,
        "Unit": "UNT", "UnitPrice": 1000.0, "TotAmt": 1000.0, "Discount": 100.0, "AssAmt": 900.0,
        "GstRt": 5.0, "IgstAmt": 0.0, "CgstAmt": 22.5, "SgstAmt": 22.5, "CesRt": 0.0, "CesAmt": 0.0,
        "CesNonAdvlAmt": 0.0, "StateCesRt": 0.0, "StateCesAmt": 0.0, "StateCesNonAdvlAmt": 0.0,
        "OthChrg": 0.0, "TotItemVal": 945.0,
    },
    {
        "SlNo": "2", "PrdDesc": "product_with_cess", "IsServc": "N", "HsnCd": "333333", "Qty": 1.0,
        "Unit": "UNT", "UnitPrice": 1000.0, "TotAmt": 1000.0, "Discount": 100.0, "AssAmt": 900.0,
        "GstRt": 12.0, "IgstAmt": 0.0, "CgstAmt": 54.0, "SgstAmt": 54.0, "CesRt": 5.0, "CesAmt": 45.0,
        "CesNonAdvlAmt": 1.59, "StateCesRt": 0.0, "StateCesAmt": 0.0, "StateCesNonAdvlAmt": 0.0,
        "OthChrg": 0.0, "TotItemVal": 1054.59,
    },
]  # fmt: skip
ODOO_VALUES = {
    "AssVal": 1800.0, "CgstVal": 76.5, "SgstVal": 76.5, "IgstVal": 0.0, "CesVal": 46.59,
    "StCesVal": 0.0, "Discount": 0.0, "RndOffAmt": 0.41, "TotInvVal": 2000.00,
}  # fmt: skip


@tagged("post_install", "-at_install")
class TestCessPayloads(OmsGstCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000  # above ₹5 crore: B2B invoices need an IRN
        chart = cls.env["account.chart.template"]
        cls.gst_5, cls.gst_12 = chart.ref("sgst_sale_5"), chart.ref("sgst_sale_12")
        cls.igst_18 = chart.ref("igst_sale_18")
        cls.cess_5, cls.cess_1591 = chart.ref("cess_sale_5"), chart.ref("cess_sale_1591")
        cls.cess_group = chart.ref("cess_5_plus_1591_sale")
        cls.cess_higher = chart.ref("cess_21_4170_higer_sale")
        cls.product_a = cls._product("product_a", "111111", cls.gst_5)
        cls.product_with_cess = cls._product("product_with_cess", "333333", cls.gst_12 | cls.cess_group)

    @classmethod
    def _product(cls, name, hsn, taxes, price=1000.0):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "list_price": price,
                "uom_id": cls.env.ref("uom.product_uom_unit").id,
                "l10n_in_hsn_code": hsn,
                "invoice_policy": "order",
                "taxes_id": [Command.set(taxes.ids)],
            }
        )

    def invoice(self, partner, lines):
        """A draft customer invoice of ``lines``: (product, quantity, price, discount %, taxes or None)."""
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "discount": discount,
                            **({"tax_ids": [Command.set(taxes.ids)]} if taxes is not None else {}),
                        }
                    )
                    for product, quantity, price, discount, taxes in lines
                ],
            }
        )

    def assert_nic_accepts(self, payload):
        self.assertEqual(check_invoice(payload), [])

    # ----- IRN -----

    def test_gst_and_cess_invoice_posts_with_odoo_own_figures(self):
        invoice = self.invoice(
            self.customer_ka,
            [(self.product_a, 1, 1000, 10, None), (self.product_with_cess, 1, 1000, 10, None)],
        )
        self.assertTrue(invoice.invoice_cash_rounding_id, "the suite rounds GST invoices to the rupee")
        invoice.action_post()  # refused before: "GST rate 17% is not one of ..."
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.oms_einvoice_state, "to_send")
        payload = invoice._oms_einvoice_payload()
        self.assertEqual(payload["ItemList"], ODOO_ITEMS)
        self.assertEqual({key: payload["ValDtls"][key] for key in ODOO_VALUES}, ODOO_VALUES)
        self.assertEqual(payload["ValDtls"]["TotInvVal"], invoice.amount_total)
        self.assert_nic_accepts(payload)

    def test_igst_with_percent_fixed_and_formula_cess(self):
        # 10 units at ₹100: cess 5 % = 50; 1.591 a unit = 15.91; "21 % or 4.17 a unit, the higher" = 210.
        # 4 units at ₹10: the formula gives max(8.40, 16.68) = 16.68.
        invoice = self.invoice(
            self.customer_mh,
            [
                (self.product_a, 10, 100, 0, self.igst_18 | self.cess_5),
                (self.product_a, 10, 100, 0, self.igst_18 | self.cess_1591),
                (self.product_a, 10, 100, 0, self.igst_18 | self.cess_higher),
                (self.product_a, 4, 10, 0, self.igst_18 | self.cess_higher),
            ],
        )
        invoice.action_post()
        payload = invoice._oms_einvoice_payload()
        items = payload["ItemList"]
        self.assertEqual({item["GstRt"] for item in items}, {18.0})
        self.assertEqual([item["IgstAmt"] for item in items], [180.0, 180.0, 180.0, 7.2])
        self.assertEqual([item["CesRt"] for item in items], [5.0, 0.0, 0.0, 0.0])
        self.assertEqual([item["CesAmt"] for item in items], [50.0, 0.0, 0.0, 0.0])
        self.assertEqual([item["CesNonAdvlAmt"] for item in items], [0.0, 15.91, 210.0, 16.68])
        self.assertEqual(payload["ValDtls"]["CesVal"], 50 + 15.91 + 210 + 16.68)
        cess_lines = invoice.line_ids.filtered(lambda line: line.tax_line_id.l10n_in_tax_type == "cess")
        self.assertAlmostEqual(payload["ValDtls"]["CesVal"], -sum(cess_lines.mapped("balance")), places=2)
        self.assertEqual(payload["ValDtls"]["TotInvVal"], invoice.amount_total)
        self.assert_nic_accepts(payload)

    # ----- e-way bill -----

    def delivery(self, quantity):
        """A confirmed order of the cess product to Maharashtra, its posted invoice (issued before the goods
        leave, as Rule 55(5) wants for a supply in lots) and its delivery with Part-B filled in."""
        order = self.make_order(self.customer_mh, quantity=quantity, product=self.product_with_cess)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.today()
        invoice.action_post()
        picking = order.picking_ids
        picking.write(
            {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"}
        )
        return picking, invoice

    def assert_ewb_accepted(self, payload):
        self.assertEqual(check_generate(payload, SELLER_GSTIN, datetime.now(IST)), [])

    def test_eway_bill_on_the_invoice_carries_cess_apart(self):
        picking, invoice = self.delivery(10)
        payload = ewb_payload_for(picking, invoice)
        (item,) = payload["itemList"]
        self.assertEqual((item["igstRate"], item["cessRate"]), (12.0, 5.0))
        self.assertEqual(item["taxableAmount"], 10_000.0)
        self.assertEqual(item["cessNonadvol"], round(1.591 * 10, 2))
        self.assertEqual(payload["igstValue"], 1200.0)
        self.assertEqual((payload["cessValue"], payload["cessNonAdvolValue"]), (500.0, 15.91))
        self.assertEqual(payload["totInvValue"], invoice.amount_total)
        self.assert_ewb_accepted(payload)

    def test_challan_of_a_lot_is_valued_at_the_invoice_prices(self):
        picking, invoice = self.delivery(10)
        picking.move_ids.quantity = 4  # the first lot; the invoice covers all 10
        today = fields.Date.today()
        payload = ewb_challan_payload_for(picking, invoice, "DC/25/0001", today)
        self.assertEqual(
            (payload["docType"], payload["subSupplyType"], payload["supplyType"]), ("CHL", "9", "O")
        )
        self.assertEqual((payload["docNo"], payload["docDate"]), ("DC/25/0001", today.strftime("%d/%m/%Y")))
        (item,) = payload["itemList"]
        self.assertEqual((item["quantity"], item["taxableAmount"]), (4.0, 4000.0))
        # 4 x ₹1,000: IGST 12 % = 480, cess 5 % = 200, 1.591 a unit = 6.36.
        self.assertEqual(
            (payload["igstValue"], payload["cessValue"], payload["cessNonAdvolValue"]), (480, 200, 6.36)
        )
        self.assertEqual(payload["totInvValue"], 4000 + 480 + 200 + 6.36)
        self.assertEqual(consignment_value(picking, invoice), payload["totInvValue"])
        self.assert_ewb_accepted(payload)
