"""Reports printed as real PDFs and read back: wkhtmltopdf renders them (forced, as Odoo otherwise answers
tests with HTML), the test reads the PDF's text, and decodes the QR codes drawn in it.

An HTTP test case: wkhtmltopdf fetches the reports' style sheets from the test's own server."""

import io
import re

from odoo.tests import HttpCase, save_test_file

# The unpatched wkhtmltopdf of Debian draws web fonts (the layouts' Lato) as outlines, which leaves no text
# to read back; within these tests only, reports are set in a system font.
SYSTEM_FONT = "<style>body, body * { font-family: 'DejaVu Sans' !important; }</style>"


class PdfReportCase(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        # Odoo renders a report in web.report_layout, then prints its pages in web.minimal_layout.
        for layout in ("web.report_layout", "web.minimal_layout"):
            self.env["ir.ui.view"].create(
                {
                    "name": f"test: reports in a system font ({layout})",
                    "type": "qweb",
                    "inherit_id": self.env.ref(layout).id,
                    "arch": f'<xpath expr="//head" position="inside">{SYSTEM_FONT}</xpath>',
                }
            )

    def pdf(self, records, report_xmlid):
        """The report of ``records`` as wkhtmltopdf prints it (saved with the test's files for a look)."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, kind = report._render_qweb_pdf(report_xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "a real PDF, not Odoo's HTML fallback")
        save_test_file(self._testMethodName, content, "report_", "pdf", document_type=report_xmlid)
        return content

    def pdf_text(self, records, report_xmlid):
        """The PDF's text as one line of words (text runs come out one per line)."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(self.pdf(records, report_xmlid)))
        return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))

    def pdf_qr_codes(self, content):
        """The texts of the QR codes on the PDF's pages as printed, decoded as a phone's camera would read
        the paper: each page rendered at 150 dpi (pypdfium2), so a code pushed off the page, clipped or
        covered is not found, whatever images the file embeds."""
        import pypdfium2
        import zxingcpp

        texts = []
        document = pypdfium2.PdfDocument(content)
        for page in document:
            picture = page.render(scale=150 / 72).to_pil().convert("L")
            texts.extend(
                found.text
                for found in zxingcpp.read_barcodes(picture)
                if found.format == zxingcpp.BarcodeFormat.QRCode
            )
        document.close()
        return texts
