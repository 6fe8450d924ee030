"""A loopback SMTP server (aiosmtpd) that accepts every message and keeps it: Odoo's mail queue delivers to
it as to a real relay, so a run can count the customer mails that went out and the PDFs they carried.

In a test's process (``SmtpSimulator``), or as a process of its own that files each message in a Maildir,
where any mail reader opens them (the Odoo tier's mail test, and ``bin/oms-run`` for the demo's mails):

    python -m simulators.smtp --maildir DIR [--port N]     (prints "SMTP 127.0.0.1:<port> -> DIR")
"""

import argparse
import logging
import mailbox
import os
import signal
import socket
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO: a run's output would be mostly that.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Sink:
    def __init__(self, server):
        self._server = server

    async def handle_DATA(self, _server, _session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self._server.lock:
            self._server.messages.append(message)
            if self._server.maildir is not None:
                # The envelope's recipients, as a relay delivering to each mailbox knows them (Bcc included).
                stored = mailbox.MaildirMessage(envelope.original_content)
                stored["X-Oms-Envelope-To"] = ", ".join(envelope.rcpt_tos)
                self._server.maildir.add(stored)
        return "250 Message accepted for delivery"


class SmtpSimulator:
    """``start()`` listens on a free loopback port; ``messages`` holds what was delivered."""

    def __init__(self, maildir=None, port=0):
        self.messages = []
        self.lock = threading.Lock()
        if maildir:
            # An existing empty folder (mkdtemp) is not made a Maildir by mailbox: its three folders first.
            for folder in ("tmp", "new", "cur"):
                os.makedirs(os.path.join(maildir, folder), exist_ok=True)
        self.maildir = mailbox.Maildir(maildir, create=False) if maildir else None
        # aiosmtpd checks it is up by connecting to its port, so it needs a real one, not 0.
        if not port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        self.port = port
        self._controller = Controller(_Sink(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def pdf_attachments(self):
        """(subject, file name) of every PDF delivered."""
        with self.lock:
            messages = list(self.messages)
        return [
            (message["subject"], part.get_filename())
            for message in messages
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]


def main():
    parser = argparse.ArgumentParser(description="Loopback SMTP server filing every message in a Maildir.")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    server = SmtpSimulator(maildir=arguments.maildir, port=arguments.port).start()
    print(f"SMTP 127.0.0.1:{server.port} -> {arguments.maildir}", flush=True)
    stopped = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_args: stopped.set())
    stopped.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
