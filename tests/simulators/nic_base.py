"""Shared machinery of the NIC loopback simulators: HTTP server, keys, crypto, faults, clock.

The simulators deliberately do not import the client code (``oms_gst``): their
crypto and rules are written again here, so a client bug cannot hide itself.
"""

import base64
import json
import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IST = timezone(timedelta(hours=5, minutes=30), "IST")
FAULT_KINDS = ("timeout", "http_500", "http_503", "malformed", "bad_encryption", "token_expired")

_KEYS = {}
_KEYS_LOCK = threading.Lock()


def process_key(name):
    """An RSA-2048 private key made once per process and name (key generation is slow)."""
    with _KEYS_LOCK:
        if name not in _KEYS:
            _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _KEYS[name]


def public_pem(private_key):
    """PEM text of a private key's public half."""
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def rsa_decrypt(private_key, base64_text):
    """Undo the client's RSA PKCS#1 v1.5 + base64."""
    return private_key.decrypt(base64.b64decode(base64_text), padding.PKCS1v15())


def aes_encrypt(data, key):
    """AES-256-ECB + PKCS7, base64 text out."""
    padder = symmetric_padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    padded = padder.update(data) + padder.finalize()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def aes_decrypt(base64_text, key):
    """Inverse of :func:`aes_encrypt`; raises ValueError on any damage."""
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    padded = decryptor.update(base64.b64decode(base64_text, validate=True)) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_jwt(private_key, claims, key_id):
    """RS256 compact JWT, the form of NIC's SignedInvoice and SignedQRCode."""
    header = {"alg": "RS256", "kid": key_id, "typ": "JWT"}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    signature = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64url(signature)}"


GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gstin_checksum_ok(gstin):
    """The mod-36 check character rule, written independently of ``oms_gst.gstin``."""
    gstin = str(gstin or "").upper()
    if len(gstin) != 15 or any(char not in GSTIN_ALPHABET for char in gstin):
        return False
    total = 0
    for position, char in enumerate(gstin[:14]):
        product = GSTIN_ALPHABET.index(char) * (2 if position % 2 else 1)
        total += product // 36 + product % 36
    return gstin[14] == GSTIN_ALPHABET[(36 - total % 36) % 36]


def validity_end(start, distance_km, odc=False):
    """Server-side validity: 1 day per 200 km (20 km for ODC), ending 23:59:59 IST of the last day."""
    per_day = 20 if odc else 200
    days = max(1, -(-int(distance_km) // per_day))
    last_day = start.astimezone(IST).date() + timedelta(days=days)
    return datetime(last_day.year, last_day.month, last_day.day, 23, 59, 59, tzinfo=IST)


class Reply:
    """What a simulator answers: status, JSON (or raw bytes) and whether to stall first."""

    def __init__(self, body, status=200, raw=None):
        self.body = body
        self.status = status
        self.raw = raw
        self.delay = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass  # keep test output quiet

    def _serve(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(split.query).items()}
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.server.simulator.handle(method, split.path, query, headers, raw_body)
        if reply.delay:
            time.sleep(reply.delay)  # the work is done; only the answer is late, as in a real timeout
        payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json" if reply.raw is None else "text/html")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")


class LoopbackSimulator:
    """Base: a ThreadingHTTPServer on 127.0.0.1 (port 0) in a daemon thread, with faults and a clock.

    Subclasses implement ``dispatch(method, path, query, headers, body) -> Reply`` and
    ``token_expired_reply()``.
    """

    auth_path = None

    def __init__(self, timeout_delay=1.2):
        self.timeout_delay = timeout_delay
        self.lock = threading.RLock()
        self._faults = deque()
        self._now = None
        self._server = None
        self._thread = None
        self.requests = []

    # -- lifecycle -------------------------------------------------------------------------
    def start(self):
        """Start serving; returns self."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.simulator = self
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def base_url(self):
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- clock -----------------------------------------------------------------------------
    @property
    def now(self):
        """The simulator's time (aware, IST); real time unless a test set it."""
        return self._now or datetime.now(IST)

    @now.setter
    def now(self, value):
        if value is not None and value.tzinfo is None:
            raise ValueError("simulator time must be timezone-aware")
        self._now = value.astimezone(IST) if value is not None else None

    def advance(self, delta):
        """Move the clock forward by ``delta`` (starting from the current time)."""
        self.now = self.now + delta

    # -- faults ----------------------------------------------------------------------------
    def fail_next(self, kind, count=1, target="api"):
        """Make the next ``count`` requests fail with ``kind`` (see ``FAULT_KINDS``).

        ``target`` is "api" (calls after login), "auth" (the login itself) or "any".
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        with self.lock:
            self._faults.append([kind, count, target])

    def _take_fault(self, is_auth):
        with self.lock:
            for entry in self._faults:
                kind, _remaining, target = entry
                if kind == "token_expired" and is_auth:
                    continue
                if target == "any" or (target == "auth") == is_auth:
                    entry[1] -= 1
                    if entry[1] <= 0:
                        self._faults.remove(entry)
                    return kind
        return None

    def handle(self, method, path, query, headers, raw_body):
        """Apply a pending fault, else dispatch; called from the server threads."""
        is_auth = path.rstrip("/").lower() == self.auth_path
        with self.lock:
            self.requests.append((method, path))
            fault = self._take_fault(is_auth)
            if fault == "http_500":
                return Reply(None, status=500, raw=b"<html>Internal Server Error</html>")
            if fault == "http_503":
                return Reply(None, status=503, raw=b"<html>Service Unavailable</html>")
            if fault == "malformed":
                return Reply(None, raw=b"<html>Gateway says hello</html>")
            if fault == "bad_encryption":
                return self.bad_encryption_reply()
            if fault == "token_expired":
                return self.token_expired_reply(headers)
            try:
                body = json.loads(raw_body) if raw_body else {}
            except ValueError:
                body = None
            reply = self.dispatch(method, path.rstrip("/").lower(), query, headers, body)
        if fault == "timeout":
            reply.delay = self.timeout_delay
        return reply

    def request_count(self, path_fragment):
        """How many requests hit a path containing ``path_fragment`` (case-insensitive)."""
        fragment = path_fragment.lower()
        return sum(1 for _method, path in self.requests if fragment in path.lower())
