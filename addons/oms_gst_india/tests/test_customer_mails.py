"""Customer mails with GST data: the invoice mail waits for the IRN (so the PDF carries its QR) and is
sent once; the dispatch mail names the e-way bill; the timeline shows IRN and e-way bills."""

from odoo.tests import tagged

from odoo.addons.oms_handover.tests.common import send_queued_customer_mails

from simulators.nic_irp import IrpSimulator  # tests/ is on sys.path (see __init__)
from simulators.nic_samples import SIMULATED_NOW

from .nic_common import OmsNicCommon


@tagged("post_install", "-at_install")
class TestGstCustomerMails(OmsNicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000  # above ₹5 crore: B2B invoices need an IRN
        cls.customer_mh.email = "accounts@pune-fab.example.com"
        cls.consumer_mh.email = "ravi@example.com"

    def setUp(self):
        super().setUp()
        self.connect_simulator(IrpSimulator(timeout_delay=1.0))
        self.sim.now = SIMULATED_NOW

    def invoice_mails(self, invoice):
        """The customer's invoice mails (followers get Odoo's own internal copies)."""
        mails = send_queued_customer_mails(self.env).search(
            [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        return mails.filtered(lambda mail: invoice.partner_id in mail.recipient_ids)

    def test_invoice_mail_waits_for_irn_then_is_sent_once(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        self.assertFalse(self.invoice_mails(invoice), "no mail before the IRN: the PDF would lack its QR")
        self.sim.fail_next("timeout")
        self.run_jobs()
        self.assertFalse(invoice.oms_irn)
        self.assertFalse(self.invoice_mails(invoice))
        self.run_jobs()  # the retry obtains the IRN
        self.assertTrue(invoice.oms_irn)
        mail = self.invoice_mails(invoice)
        self.assertEqual(len(mail), 1)
        self.assertIn(invoice.oms_irn, mail.body_html)
        self.assertIn(self.customer_mh, mail.recipient_ids)
        self.assertEqual(len(mail.attachment_ids), 1)
        # Without wkhtmltopdf the test renders the report as HTML: the attached invoice carries the IRN's QR.
        self.assertIn(b'class="oms_einvoice_qr"', mail.attachment_ids.raw)
        self.run_jobs()
        invoice._oms_send_customer_invoice_mail()
        self.assertEqual(len(self.invoice_mails(invoice)), 1)
        entry = next(
            entry
            for entry in order._oms_timeline_sorted()
            if entry["model"] == "account.move" and entry["res_id"] == invoice.id
        )
        self.assertIn(invoice.oms_irn, entry["title"])

    def test_invoice_without_irn_is_mailed_on_post(self):
        _order, invoice = self.invoiced_order(self.consumer_mh)
        invoice.action_post()
        self.assertFalse(invoice.oms_irn_job_ids)
        self.assertEqual(len(self.invoice_mails(invoice)), 1)

    def test_dispatch_mail_and_timeline_name_the_eway_bill(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = order.picking_ids
        bill = self.env["oms.eway.bill"].create(
            {"picking_id": picking.id, "move_id": invoice.id, "company_id": self.company.id}
        )
        bill.write(
            {
                "oms_ewb_no": "331001234567",
                "oms_ewb_status": "active",
                "oms_ewb_date": "2030-01-05 06:00:00",
                "oms_ewb_valid_until": "2030-01-06 18:29:59",
            }
        )
        self.assertIn("331001234567, valid until 2030-01-06", picking._oms_eway_bill_summary())
        template = self.env.ref("oms_dispatch.mail_template_customer_dispatch")
        body = template._render_field("body_html", picking.ids)[picking.id]
        self.assertIn("331001234567", body)
        entry = next(entry for entry in order._oms_timeline_sorted() if entry["kind"] == "eway_bill")
        self.assertEqual((entry["model"], entry["res_id"]), ("oms.eway.bill", bill.id))
        self.assertIn("331001234567", entry["title"])
        self.assertIn("valid until 2030-01-06", entry["title"])
