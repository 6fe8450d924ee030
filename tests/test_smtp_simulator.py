"""The loopback SMTP relay keeps what is delivered to it, PDFs included."""

import smtplib
from email.message import EmailMessage

import pytest

from simulators.smtp import SmtpSimulator


@pytest.fixture
def relay():
    server = SmtpSimulator().start()
    yield server
    server.stop()


def test_delivered_message_and_its_pdf_are_kept(relay):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "oms@example.com", "buyer@example.com", "Invoice 1"
    message.set_content("Your invoice")
    message.add_attachment(b"%PDF-1.4 test", maintype="application", subtype="pdf", filename="INV-1.pdf")
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=5) as client:
        client.send_message(message)
    assert len(relay.messages) == 1
    assert relay.pdf_attachments() == [("Invoice 1", "INV-1.pdf")]


def test_nothing_delivered_nothing_kept(relay):
    assert relay.messages == [] and relay.pdf_attachments() == []
