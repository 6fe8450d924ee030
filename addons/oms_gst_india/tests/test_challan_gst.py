"""The delivery challan of a tranche as a real PDF (wkhtmltopdf), read back as text: every CGST Rule 55(2)
item is on it with the figures of this consignment (its quantities at the order line's price and taxes),
the place of supply of an inter-state supply, the tax invoice of a supply in lots (Rule 55(5)) and the
e-way bill number."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.oms_handover.tests.pdf_common import PdfReportCase

from .common import SELLER_GSTIN, OmsGstCommon

CHALLAN_REPORT = "oms_dispatch.action_report_delivery_challan"


@tagged("post_install", "-at_install")
class TestChallanGst(OmsGstCommon, PdfReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Invoiced on ordered quantities: the whole supply is invoiced before its first lot leaves.
        cls.pump = cls.env["product.product"].create(
            {
                "name": "Hydraulic Gear Pump HG-40",
                "type": "consu",
                "list_price": 1000.0,
                "l10n_in_hsn_code": "84136010",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax_gst_18.ids)],
            }
        )

    def tranche(self, partner, quantity=4):
        """An order of 10 pumps at ₹1,000 less 10 %, its posted tax invoice, and its open delivery with
        ``quantity`` pumps picked: the consignment the challan goes with (not validated)."""
        order = self.make_order(
            partner,
            order_line=[
                Command.create({"product_id": self.pump.id, "product_uom_qty": 10, "discount": 10.0})
            ],
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = invoice.date
        invoice.action_post()
        picking = order.picking_ids.filtered(lambda record: record.state not in ("done", "cancel"))
        picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        return order, invoice, picking

    def pdf_text(self, records, report_xmlid=CHALLAN_REPORT):
        return super().pdf_text(records, report_xmlid)

    def test_tax_lines_value_this_consignment_at_the_order_price(self):
        _order, _invoice, picking = self.tranche(self.customer_mh)
        (line,) = picking._oms_challan_tax_lines()
        self.assertEqual(line["hsn"], "84136010")
        self.assertEqual(line["quantity"], 4)
        self.assertAlmostEqual(line["taxable_value"], 3600.0)
        self.assertAlmostEqual(line["igst_rate"], 18.0)
        self.assertAlmostEqual(line["igst_amount"], 648.0)
        self.assertEqual((line["cgst_amount"], line["sgst_amount"], line["cess_amount"]), (0, 0, 0))
        totals = picking._oms_challan_tax_totals()
        self.assertEqual(totals["tax_types"], ["igst"])
        self.assertAlmostEqual(totals["total"], 4248.0)

    def test_inter_state_challan_pdf_has_every_rule_55_item(self):
        order, invoice, picking = self.tranche(self.customer_mh)
        self.env["oms.eway.bill"].sudo().create(
            {
                "picking_id": picking.id,
                "move_id": invoice.id,
                "company_id": self.company.id,
                "oms_ewb_no": "331009876543",
                "oms_ewb_status": "active",
            }
        )
        text = self.pdf_text(picking)
        number = picking.oms_challan_number
        self.assertRegex(number, r"^DC/\d{4}/\d{5}$")
        challan_date = picking.oms_challan_date.strftime("%m/%d/%Y")
        for expected in (
            number,
            challan_date,
            "Udyog Traders Pvt Ltd",  # consigner
            SELLER_GSTIN,
            "Pune Fabricators LLP",  # consignee
            "27AAPFU0939F1ZV",
            "Pune",
            "Hydraulic Gear Pump HG-40",
            "84136010",
            "3,600.00",  # taxable value: 4 × ₹900
            "18%",
            "648.00",  # IGST
            "4,248.00",
            "Maharashtra (State Code 27)",
            invoice.name,
            "331009876543",
            "Authorised Signatory",
        ):
            self.assertIn(expected, text)
        self.assertIn("DELIVERY CHALLAN", text.upper())
        self.assertIn(order.name, text)
        # The goods line in column order: HSN, this consignment's 4 pumps (not the order's 10), rate after
        # discount, taxable value, IGST rate and amount, total; then the totals.
        self.assertIn(
            "Hydraulic Gear Pump HG-40 84136010 4.00 Units ₹ 900.00 ₹ 3,600.00 18% ₹ 648.00 ₹ 4,248.00", text
        )
        self.assertIn("IGST ₹ 648.00 Total Value ₹ 4,248.00", text)
        self.assertNotIn("CGST Amount", text)
        self.assertNotIn("SGST Amount", text)

    def test_intra_state_challan_pdf_splits_central_and_state_tax(self):
        _order, invoice, picking = self.tranche(self.customer_ka, quantity=3)
        text = self.pdf_text(picking)
        for expected in (
            picking.oms_challan_number,
            "29AABCK2345P1Z4",
            "2,700.00",  # 3 × ₹900
            "9%",
            "243.00",  # CGST and SGST each
            "3,186.00",
            invoice.name,
            "Not generated",
        ):
            self.assertIn(expected, text)
        self.assertIn("84136010 3.00 Units ₹ 900.00 ₹ 2,700.00 9% ₹ 243.00 9% ₹ 243.00 ₹ 3,186.00", text)
        self.assertIn("CGST Rate CGST Amount SGST Rate SGST Amount", text)
        self.assertIn("CGST ₹ 243.00 SGST ₹ 243.00 Total Value ₹ 3,186.00", text)
        self.assertNotIn("IGST", text)
        self.assertNotIn("inter-state", text)

    def test_tax_invoice_pdf_carries_its_eway_bill(self):
        """The printed tax invoice names the e-way bill its goods travel with (number and validity), beside
        the buyer's GSTIN and the place of supply."""
        _order, invoice, picking = self.tranche(self.customer_mh)
        self.assertNotIn("E-Way Bill No.", self.pdf_text(invoice, "account.account_invoices"))
        self.env["oms.eway.bill"].sudo().create(
            {
                "picking_id": picking.id,
                "move_id": invoice.id,
                "company_id": self.company.id,
                "oms_ewb_no": "331009876543",
                "oms_ewb_date": "2030-01-05 06:00:00",
                "oms_ewb_valid_until": "2030-01-06 18:29:59",
                "oms_ewb_status": "active",
            }
        )
        text = self.pdf_text(invoice, "account.account_invoices")
        # The seller's block is Odoo's page header, which Debian's wkhtmltopdf (unpatched Qt) leaves out of
        # the PDF; the body is read here.
        for expected in (
            invoice.name,
            "E-Way Bill No.: 331009876543 (valid until",
            "GSTIN: 27AAPFU0939F1ZV",
            "Place of supply: Maharashtra",
        ):
            self.assertIn(expected, text)
