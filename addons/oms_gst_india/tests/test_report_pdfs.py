"""The GST documents printed as real PDFs (wkhtmltopdf) and read back: the tax invoice with its IRN,
acknowledgement and the signed QR code the IRP returned (decoded from the printed page, as an officer's
phone would), and the commercial (proforma) invoice with what it must say: it is not a tax invoice."""

import base64
import json

from odoo.tests import tagged

from odoo.addons.oms_handover.tests.pdf_common import PdfReportCase

from simulators.nic_irp import IrpSimulator  # tests/ is on sys.path (see __init__)
from simulators.nic_samples import SIMULATED_NOW

from .nic_common import OmsNicCommon

INVOICE_REPORT = "account.account_invoices"


def jwt_claims(token):
    """The claims of a signed JWT (the IRP's signed QR code): its middle part, base64url-encoded JSON."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@tagged("post_install", "-at_install")
class TestGstDocumentPdfs(OmsNicCommon, PdfReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000  # above ₹5 crore: B2B invoices need an IRN

    def test_tax_invoice_prints_its_irn_and_the_signed_qr_code(self):
        self.connect_simulator(IrpSimulator())
        self.sim.now = SIMULATED_NOW
        _order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        self.run_jobs()  # the IRN job sends the invoice to the loopback IRP
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        content = self.pdf(invoice, INVOICE_REPORT)
        text = self.pdf_text(invoice, INVOICE_REPORT)
        # The 64-character IRN wraps in its column: read without the break.
        self.assertIn(f"IRN:{invoice.oms_irn}", text.replace(" ", ""))
        for expected in (
            invoice.name,
            f"Ack. No.: {invoice.oms_irn_ack_no}",
            "GSTIN: 27AAPFU0939F1ZV",  # the buyer's
            "Place of supply: Maharashtra",
            "84821010",  # the HSN code of the line
        ):
            self.assertIn(expected, text)
        (printed,) = self.pdf_qr_codes(content)
        self.assertEqual(printed, invoice.oms_einvoice_signed_qr, "the printed QR is the IRP's signed QR")
        claims = json.loads(jwt_claims(printed)["data"])
        self.assertEqual(claims["Irn"], invoice.oms_irn)
        self.assertEqual(claims["DocNo"], invoice.name)
        self.assertEqual(claims["SellerGstin"], self.company.vat)
        self.assertEqual(claims["BuyerGstin"], "27AAPFU0939F1ZV")

    def test_invoice_without_irn_prints_no_qr_code(self):
        _order, invoice = self.invoiced_order(self.consumer_mh)  # to a consumer: no IRN
        invoice.action_post()
        self.assertFalse(invoice.oms_einvoice_state)
        content = self.pdf(invoice, INVOICE_REPORT)
        self.assertEqual(self.pdf_qr_codes(content), [])
        self.assertNotIn("IRN:", self.pdf_text(invoice, INVOICE_REPORT))

    def test_commercial_invoice_pdf_says_it_is_not_a_tax_invoice(self):
        order = self.make_order(self.customer_mh, quantity=4)
        order.action_confirm()
        order.with_user(self.users["finance"]).action_oms_create_commercial_invoice()
        proforma = order.oms_commercial_invoice_ids
        proforma.with_user(self.users["finance"]).action_issue()
        text = self.pdf_text(proforma, "oms_gst_india.action_report_commercial_invoice")
        for expected in (proforma.name, "Not a tax invoice", "84821010", "27AAPFU0939F1ZV", order.name):
            self.assertIn(expected, text)
