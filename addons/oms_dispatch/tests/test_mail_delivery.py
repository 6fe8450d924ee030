"""The customer's mails delivered over real SMTP: a loopback SMTP server runs as a process of its own
(tests/simulators/smtp.py, filing what it receives in a Maildir), Odoo's mail queue sends to it through an
outgoing mail server as in production, and the test reads the Maildir as the customer's mail reader would:
each customer mail of an order's life (acknowledgement, invoice, each dispatch with its challan, dispatch
complete) arrives once, to the customer, with its PDFs; sending the queue again delivers nothing more."""

import mailbox
import os
import shutil
import subprocess
import sys
import tempfile
from email import message_from_bytes, policy
from pathlib import Path
from unittest.mock import patch

import odoo
from odoo.tests import tagged

from odoo.addons.oms_handover.tests.common import send_queued_customer_mails
from odoo.addons.oms_handover.tests.pdf_common import PdfReportCase

from .test_dispatch import DispatchAtShipment

REPOSITORY_TESTS = Path(__file__).resolve().parents[3] / "tests"


@tagged("post_install", "-at_install")
class TestCustomerMailsDelivered(DispatchAtShipment, PdfReportCase):
    def setUp(self):
        self.start_relay()
        super().setUp()  # the order is confirmed and its supply invoiced: two customer mails queued

    def start_relay(self):
        self.maildir = tempfile.mkdtemp(prefix="oms-mail-")
        self.addCleanup(shutil.rmtree, self.maildir, True)
        relay = subprocess.Popen(
            [sys.executable, "-m", "simulators.smtp", "--maildir", self.maildir],
            cwd=REPOSITORY_TESTS,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY_TESTS)},
        )
        self.addCleanup(relay.wait, 10)
        self.addCleanup(relay.terminate)
        banner = relay.stdout.readline()
        self.assertTrue(banner.startswith("SMTP 127.0.0.1:"), banner)
        port = int(banner.split(":")[1].split()[0])
        self.env["ir.mail_server"].sudo().create(
            {"name": "Loopback relay", "smtp_host": "127.0.0.1", "smtp_port": port, "sequence": 0}
        )

    def deliver(self):
        """What the outbox and mail crons do: prepare the queued customer mails, then send Odoo's mail queue
        over SMTP. Odoo's test mode never opens an SMTP connection; here it does, to the loopback relay."""
        # Odoo's test mode prints reports as HTML unless told otherwise: these mails carry real PDFs.
        send_queued_customer_mails(self.env(context=dict(self.env.context, force_report_rendering=True)))
        outgoing = self.env["mail.mail"].sudo().search([("state", "=", "outgoing")])
        with patch.object(odoo.modules.module, "current_test", None):
            outgoing.send(raise_exception=True)
        self.assertFalse(outgoing.exists().filtered(lambda mail: mail.state == "exception"))

    def received_by_customer(self):
        """(subject, sorted PDF file names) of each message the relay took for the customer's address."""
        received = []
        for stored in mailbox.Maildir(self.maildir, create=False):
            message = message_from_bytes(stored.as_bytes(), policy=policy.default)
            if self.customer.email not in message["X-Oms-Envelope-To"]:
                continue
            pdfs = sorted(
                part.get_filename()
                for part in message.iter_attachments()
                if part.get_content_type() == "application/pdf"
            )
            # A long subject is folded onto a continuation line; a mail reader shows it unfolded and trimmed.
            received.append((" ".join(str(message["Subject"]).split()), pdfs))
        return sorted(received)

    def test_each_customer_mail_arrives_once_with_its_pdfs(self):
        self.deliver()
        first = self.dispatch(4)
        self.deliver()
        last = self.dispatch(6)
        self.deliver()
        self.assertEqual(self.order.oms_stage_id.code, "complete_dispatch")
        self.deliver()  # nothing left in the queue: nothing arrives twice
        invoice, company, name = self.order.invoice_ids, self.order.company_id.name, self.order.name

        def challan(tranche):
            return f"Challan {tranche.name.replace('/', '-')}.pdf"

        # Each mail once, to the customer, with its PDFs (Odoo's acknowledgement carries none here; the invoice
        # is named as Odoo names it).
        self.assertEqual(
            self.received_by_customer(),
            sorted(
                [
                    (f"Thank you for your Order #{name}", []),
                    (f"{company}: invoice {invoice.name} for your order {name}", [f"{invoice.name}.pdf"]),
                    (f"{company}: order {name} dispatched ({first.name})", [challan(first)]),
                    (f"{company}: order {name} dispatched ({last.name})", [challan(last)]),
                    (
                        f"{company}: order {name} completely dispatched",
                        [challan(last), f"Dispatch Summary {name}.pdf"],
                    ),
                ]
            ),
        )


@tagged("post_install", "-at_install")
class TestCustomerMailPdfDelay(DispatchAtShipment, PdfReportCase):
    def test_customer_mail_pdfs_wait_a_fifth_of_a_second_for_scripts(self):
        """The queue's PDFs tell wkhtmltopdf to wait 200 ms after the page loads, not Odoo's second; a PDF
        printed from a screen keeps Odoo's report.print_delay."""
        Report = type(self.env["ir.actions.report"])
        original, delays = Report._build_wkhtmltopdf_args, []

        def spy(report, *args, **kwargs):
            built = original(report, *args, **kwargs)
            delays.append(built[built.index("--javascript-delay") + 1])
            return built

        rendering = self.env(context=dict(self.env.context, force_report_rendering=True))
        with patch.object(Report, "_build_wkhtmltopdf_args", spy):
            send_queued_customer_mails(rendering)  # the invoice mail, with the invoice's PDF
            queued = list(delays)
            rendering["ir.actions.report"]._render_qweb_pdf(
                "account.account_invoices", self.order.invoice_ids.ids
            )
        self.assertTrue(queued, "the invoice mail carries a PDF")
        self.assertEqual(set(queued), {"200"})
        odoo_delay = self.env["ir.config_parameter"].sudo().get_param("report.print_delay", "1000")
        self.assertEqual(delays[len(queued) :], [odoo_delay])
