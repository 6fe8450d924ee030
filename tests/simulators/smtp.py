"""A loopback SMTP server (aiosmtpd) that accepts every message and keeps it: Odoo's mail queue delivers to
it as to a real relay, so a run can count the customer mails that went out and the PDFs they carried."""

import logging
import socket
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
        return "250 Message accepted for delivery"


class SmtpSimulator:
    """``start()`` listens on a free loopback port; ``messages`` holds what was delivered."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        # aiosmtpd checks it is up by connecting to its port, so it needs a real one, not 0.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
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
