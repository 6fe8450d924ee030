"""The loopback SMTP relay keeps what is delivered to it, PDFs included."""

import mailbox
import os
import pathlib
import signal
import smtplib
import subprocess
import sys
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


def test_as_a_process_it_files_messages_in_a_maildir(tmp_path):
    """The process mode the Odoo tier's mail test and bin/oms-run use: a real listener, a Maildir to read."""
    tests_folder = pathlib.Path(__file__).resolve().parent
    process = subprocess.Popen(
        [sys.executable, "-m", "simulators.smtp", "--maildir", str(tmp_path)],  # an existing empty folder
        cwd=tests_folder,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tests_folder)},
    )
    try:
        banner = process.stdout.readline()
        assert banner.startswith("SMTP 127.0.0.1:"), banner
        port = int(banner.split(":")[1].split()[0])
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "oms@example.com",
            "buyer@example.com",
            "Challan 7",
        )
        message.set_content("Your goods left")
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
            client.send_message(message, to_addrs=["buyer@example.com", "copy@example.com"])
        (stored,) = mailbox.Maildir(tmp_path, create=False)
        assert stored["Subject"] == "Challan 7"
        assert stored["X-Oms-Envelope-To"] == "buyer@example.com, copy@example.com"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
