from decimal import Decimal

from odoo import Command
from odoo.tests import tagged

from ..oms_gst.rounding import round_invoice_total
from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestGstRoundingLine(OmsGstCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gasket = cls.env["product.product"].create(
            {
                "name": "Gasket Set",
                "type": "consu",
                "list_price": 999.99,
                "l10n_in_hsn_code": "84842000",
                "invoice_policy": "delivery",
                "taxes_id": [Command.set(cls.tax_gst_18.ids)],
            }
        )

    def invoice_of(self, product, quantity=1):
        order = self.make_order(self.customer_mh, quantity=quantity, product=product)
        order.action_confirm()
        self.plan(order)
        return self.invoice_tranche(order)

    def test_rounding_line_and_irp_round_off_agree(self):
        invoice = self.invoice_of(self.gasket)  # 999.99 + IGST 180.00 = 1,179.99
        self.assertEqual(invoice.invoice_cash_rounding_id, self.env.ref("l10n_in.cash_rounding_in_half_up"))
        invoice.action_post()
        rounding_lines = invoice.line_ids.filtered(lambda line: line.display_type == "rounding")
        self.assertEqual(len(rounding_lines), 1)
        expected_total, expected_round_off = round_invoice_total(Decimal("1179.99"))
        self.assertEqual(Decimal(str(invoice.amount_total)), expected_total)
        self.assertAlmostEqual(-rounding_lines.balance, float(expected_round_off), places=2)
        values = invoice._oms_einvoice_payload()["ValDtls"]
        self.assertEqual(Decimal(str(values["RndOffAmt"])), expected_round_off)
        self.assertEqual(Decimal(str(values["TotInvVal"])), expected_total)

    def test_whole_rupee_total_has_no_rounding_line(self):
        invoice = self.invoice_of(self.bearing, quantity=10)  # 10,000 + 1,800
        invoice.action_post()
        self.assertFalse(invoice.line_ids.filtered(lambda line: line.display_type == "rounding"))
        self.assertEqual(invoice._oms_einvoice_payload()["ValDtls"].get("RndOffAmt", 0), 0)
