"""Loopback simulator of NIC's e-way bill API 1.03 (``/ewaybillapi/v1.03``).

Usage::

    with EwbSimulator() as sim:
        client = EwbClient(sim.base_url, sim.gstin, sim.client_id, sim.client_secret,
                           sim.username, sim.password, sim.public_key_pem, timeout=0.5)
"""

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from collections import Counter
from datetime import timedelta

from simulators.nic_base import (
    LoopbackSimulator,
    Reply,
    aes_decrypt,
    aes_encrypt,
    process_key,
    public_pem,
    rsa_decrypt,
)
from simulators.nic_ewb_operations import EwbOperations, ewb_time, parse_ewb_time

__all__ = ["EwbSimulator", "ewb_time", "parse_ewb_time"]

PREFIX = "/ewaybillapi/v1.03"


class EwbSimulator(EwbOperations, LoopbackSimulator):
    """Speaks the e-way bill protocol on 127.0.0.1 and keeps the bills it issued, for assertions."""

    auth_path = PREFIX + "/auth"

    def __init__(
        self,
        gstin="29AABCU9603R1ZJ",
        client_id="sim-ewb-client",
        client_secret="sim-ewb-secret",
        username="sim_ewb_user",
        password="Ewb@Password#2",
        token_lifetime=timedelta(hours=6),
        timeout_delay=1.2,
    ):
        super().__init__(timeout_delay=timeout_delay)
        self.gstin, self.client_id, self.client_secret = gstin, client_id, client_secret
        self.username, self.password = username, password
        self.token_lifetime = token_lifetime
        self.encryption_key = process_key("ewb-encryption")
        self.tokens = {}  # auth token -> {"sek", "expires_at"}
        self.bills = {}  # e-way bill number -> record
        self.by_document = {}  # (gstin, docType, DOCNO) -> active e-way bill number
        self.route_distances = {}  # (from pincode, to pincode) -> km known to the "system"
        self._generated = Counter()
        self._next_number = 331000000001

    @property
    def public_key_pem(self):
        """The key clients encrypt their login with."""
        return public_pem(self.encryption_key)

    def generated_count(self, doc_number):
        """How many e-way bills were issued for ``doc_number`` (case-insensitive)."""
        return self._generated[str(doc_number).upper()]

    def mark_verified(self, ewb_number):
        """Record a roadside verification, after which cancelling is refused (316)."""
        with self.lock:
            self.bills[int(ewb_number)]["verified"] = True

    # -- protocol envelope -------------------------------------------------------------------
    @staticmethod
    def _error(*codes):
        block = json.dumps({"errorCodes": ",".join(codes) + ","}).encode()
        return Reply({"status": "0", "error": base64.b64encode(block).decode()})

    @staticmethod
    def _success(data, session_key):
        encoded = base64.b64encode(json.dumps(data).encode())
        return Reply({"status": "1", "data": aes_encrypt(encoded, session_key)})

    @staticmethod
    def _success_with_response_key(data, session_key):
        response_key = secrets.token_bytes(32)
        encoded = base64.b64encode(json.dumps(data).encode())
        signature = base64.b64encode(hmac.new(response_key, encoded, hashlib.sha256).digest()).decode()
        return Reply(
            {
                "status": "1",
                "data": aes_encrypt(encoded, response_key),
                "rek": aes_encrypt(response_key, session_key),
                "hmac": signature,
            }
        )

    def bad_encryption_reply(self):
        """A success envelope whose data no key can decrypt."""
        return Reply({"status": "1", "data": base64.b64encode(b"garbled").decode()})

    def token_expired_reply(self, headers):
        """Revoke the caller's token and answer 238."""
        self.tokens.pop(headers.get("authtoken"), None)
        return self._error("238")

    def dispatch(self, method, path, query, headers, body):
        """Route one request (the lock is held)."""
        if (headers.get("client-id"), headers.get("client-secret")) != (self.client_id, self.client_secret):
            return self._error("110")
        if path == self.auth_path and method == "POST":
            return self._authenticate(headers, body)
        session = self.tokens.get(headers.get("authtoken"))
        if session is None or session["expires_at"] <= self.now or headers.get("gstin") != self.gstin:
            return self._error("238")
        if method == "GET":
            lookups = {
                PREFIX + "/ewayapi/getewaybill": self._details,
                PREFIX + "/ewayapi/getewaybillgeneratedbyconsigner": self._by_document,
            }
            lookup = lookups.get(path)
            if lookup is None:
                return Reply({"status": "0", "error": "Not found"}, 404)
            outcome = lookup(query)
            return (
                outcome
                if isinstance(outcome, Reply)
                else self._success_with_response_key(outcome, session["sek"])
            )
        if path != PREFIX + "/ewayapi" or not isinstance(body, dict):
            return self._error("100")
        try:
            payload = json.loads(base64.b64decode(aes_decrypt(body.get("data") or "", session["sek"])))
        except (ValueError, TypeError):
            return self._error("109")
        actions = {
            "GENEWAYBILL": self._generate,
            "VEHEWB": self._update_part_b,
            "UPDATETRANSPORTER": self._update_transporter,
            "EXTENDVALIDITY": self._extend,
            "CANEWB": self._cancel,
        }
        action = actions.get(body.get("action"))
        if action is None:
            return self._error("239")
        outcome = action(payload)
        return outcome if isinstance(outcome, Reply) else self._success(outcome, session["sek"])

    def _authenticate(self, headers, body):
        try:
            credentials = json.loads(base64.b64decode(rsa_decrypt(self.encryption_key, body["Data"])))
            app_key = base64.b64decode(credentials["app_key"])
        except (ValueError, TypeError, KeyError):
            return self._error("109")
        if credentials.get("action") != "ACCESSTOKEN":
            return self._error("239")
        if (credentials.get("username"), credentials.get("password")) != (self.username, self.password):
            return self._error("108")
        if headers.get("gstin") != self.gstin or len(app_key) != 32:
            return self._error("107")
        token = str(uuid.uuid4())
        self.tokens[token] = {"sek": secrets.token_bytes(32), "expires_at": self.now + self.token_lifetime}
        return Reply(
            {"status": "1", "authtoken": token, "sek": aes_encrypt(self.tokens[token]["sek"], app_key)}
        )
