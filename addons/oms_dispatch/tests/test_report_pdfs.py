"""The dispatch documents printed as real PDFs (wkhtmltopdf) and read back: the delivery challan the goods
travel with (its number, the consignee, the goods and quantity of this lot, the transport: vehicle, LR,
transporter and driver) and the dispatch summary (ordered, dispatched and remaining per product, and each
tranche). The GST items of the challan (CGST Rule 55) are read in oms_gst_india's test_challan_gst."""

from odoo.tests import tagged

from odoo.addons.oms_handover.tests.pdf_common import PdfReportCase

from .test_dispatch import DispatchAtShipment


@tagged("post_install", "-at_install")
class TestDispatchPdfs(DispatchAtShipment, PdfReportCase):
    def test_challan_and_summary_print_as_pdf(self):
        hsn = "l10n_in_hsn_code" in self.env["product.template"]._fields  # with the Indian localisation
        if hsn:
            self.stocked.l10n_in_hsn_code = "84821011"
        tranche = self.dispatch(4)
        challan = self.pdf_text(tranche, "oms_dispatch.action_report_delivery_challan")
        for expected in (
            "DELIVERY CHALLAN",
            tranche.name,
            self.order.partner_id.name,
            "Test Stocked Bearing",
            "KA01AB1234",
            "LR-778",
            "Test Roadways",
            "29AABCU9603R1ZJ",
            "Ravi",
            "PO-4711",
        ):
            self.assertIn(expected, challan)
        self.assertRegex(challan, r"Test Stocked Bearing.*\b4\.00\b")
        if hsn:
            self.assertIn("84821011", challan)
        summary = self.pdf_text(self.order, "oms_dispatch.action_report_dispatch_summary")
        for expected in (
            f"Dispatch Summary {self.order.name}",
            tranche.name,
            "Test Stocked Bearing",
            "PO-4711",
        ):
            self.assertIn(expected, summary)
        self.assertRegex(summary, r"Test Stocked Bearing 10\.00 4\.00 6\.00")
