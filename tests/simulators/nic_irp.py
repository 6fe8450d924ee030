"""Loopback simulator of NIC's e-invoice IRP (auth 1.04, invoice and e-way bill 1.03).

Usage::

    with IrpSimulator() as sim:
        client = IrpClient(sim.base_url, sim.gstin, sim.client_id, sim.client_secret,
                           sim.username, sim.password, sim.public_key_pem, timeout=0.5)
"""

import base64
import json
import secrets
import uuid
from collections import Counter
from datetime import datetime, timedelta

from simulators.nic_base import (
    IST,
    LoopbackSimulator,
    Reply,
    aes_decrypt,
    aes_encrypt,
    process_key,
    public_pem,
    rsa_decrypt,
)
from simulators.nic_irp_operations import NIC_TIME, IrpOperations


class IrpSimulator(IrpOperations, LoopbackSimulator):
    """Speaks the IRP protocol on 127.0.0.1 and keeps what it registered, for assertions."""

    auth_path = "/eivital/v1.04/auth"

    def __init__(
        self,
        gstin="29AABCU9603R1ZJ",
        client_id="sim-client",
        client_secret="sim-secret-value",
        username="sim_api_user",
        password="Sim@Password#1",
        token_lifetime=timedelta(hours=6),
        check_gstin=True,
        timeout_delay=1.2,
    ):
        super().__init__(timeout_delay=timeout_delay)
        self.gstin, self.client_id, self.client_secret = gstin, client_id, client_secret
        self.username, self.password = username, password
        self.token_lifetime = token_lifetime
        self.check_gstin = check_gstin
        self.encryption_key = process_key("irp-encryption")
        self.signing_key = process_key("irp-signing")
        self.tokens = {}  # auth token -> {"sek", "expires_at", "username", "gstin"}
        self.invoices = {}  # IRN -> record
        self.by_document = {}  # (gstin, type, NUMBER) -> IRN
        self._generated = Counter()
        self._next_ack = 112510000000001
        self._next_ewb = 131000000001

    @property
    def public_key_pem(self):
        """The key clients encrypt their login with."""
        return public_pem(self.encryption_key)

    @property
    def signing_public_key_pem(self):
        """The key that verifies SignedInvoice / SignedQRCode (a different key, as at NIC)."""
        return public_pem(self.signing_key)

    def generated_count(self, doc_number):
        """How many times an IRN was issued for ``doc_number`` (case-insensitive)."""
        return self._generated[str(doc_number).upper()]

    def cancel_ewb_of_irn(self, irn):
        """Mark the e-way bill made from ``irn`` as cancelled (as if done on the EWB portal)."""
        with self.lock:
            self.invoices[irn]["ewb"]["status"] = "CNL"

    # -- protocol envelope -------------------------------------------------------------------
    @staticmethod
    def _error(*errors, info=None):
        details = [{"ErrorCode": code, "ErrorMessage": message} for code, message in errors]
        return Reply({"Status": 0, "Data": None, "ErrorDetails": details, "InfoDtls": info})

    @staticmethod
    def _success(data, session_key):
        return Reply(
            {
                "Status": 1,
                "Data": aes_encrypt(json.dumps(data).encode(), session_key),
                "ErrorDetails": None,
                "InfoDtls": None,
            }
        )

    def bad_encryption_reply(self):
        """A success envelope whose Data no key can decrypt."""
        return Reply({"Status": 1, "Data": base64.b64encode(b"not encrypted").decode(), "ErrorDetails": None})

    def token_expired_reply(self, headers):
        """Revoke the caller's token and answer 1005, as after expiry."""
        self.tokens.pop(headers.get("authtoken"), None)
        return self._error(("1005", "Invalid Token"))

    def _client_problem(self, headers):
        if not headers.get("client_id") or not headers.get("client_secret"):
            return (
                ("1011", "Client Id is required")
                if not headers.get("client_id")
                else ("1012", "Client Secret is required")
            )
        if (headers["client_id"], headers["client_secret"]) != (self.client_id, self.client_secret):
            return ("1010", "Invalid Client-ID/Client-Secret")
        if not headers.get("gstin"):
            return ("1004", "Header GSTIN is required")
        return None

    def dispatch(self, method, path, query, headers, body):
        """Route one request (the lock is held)."""
        problem = self._client_problem(headers)
        if problem:
            return self._error(problem)
        if path == self.auth_path and method == "POST":
            return self._authenticate(headers, body)
        session = self.tokens.get(headers.get("authtoken"))
        if (
            session is None
            or session["expires_at"] <= self.now
            or headers.get("user_name") != session["username"]
            or headers.get("gstin") != session["gstin"]
        ):
            return self._error(("1005", "Invalid Token"))
        payload = None
        if method == "POST":
            try:
                payload = json.loads(aes_decrypt((body or {}).get("Data") or "", session["sek"]))
            except (ValueError, TypeError):
                return self._error(("1007", "Authentication failed. Pls. inform the helpdesk"))
        routes = {
            ("POST", "/eicore/v1.03/invoice"): self._generate,
            ("POST", "/eicore/v1.03/invoice/cancel"): self._cancel,
            ("GET", "/eicore/v1.03/invoice/irnbydocdetails"): self._by_document,
            ("POST", "/eiewb/v1.03/ewaybill"): self._ewb_by_irn,
        }
        handler = routes.get((method, path))
        if handler is None and method == "GET" and path.startswith("/eicore/v1.03/invoice/irn/"):
            handler, query = self._details, {"irn": path.rsplit("/", 1)[1]}
        if handler is None:
            return Reply(
                {"Status": 0, "ErrorDetails": [{"ErrorCode": "404", "ErrorMessage": "Not found"}]}, 404
            )
        outcome = handler(headers["gstin"], payload if method == "POST" else query)
        return outcome if isinstance(outcome, Reply) else self._success(outcome, session["sek"])

    def _authenticate(self, headers, body):
        try:
            credentials = json.loads(base64.b64decode(rsa_decrypt(self.encryption_key, body["Data"])))
            app_key = base64.b64decode(credentials["AppKey"])
        except (ValueError, TypeError, KeyError):
            return self._error(("1013", "Decryption of password failed"))
        if len(app_key) != 32:
            return self._error(("1016", "Decryption of App Key failed"))
        if (credentials.get("UserName"), credentials.get("Password")) != (self.username, self.password):
            return self._error(("1008", "Invalid login credentials"))
        if headers["gstin"] != self.gstin:
            return self._error(("1015", "Invalid GSTIN for this user"))
        token = next(
            (token for token, session in self.tokens.items() if session["expires_at"] > self.now), None
        )
        if token is None or credentials.get("ForceRefreshAccessToken"):
            token = uuid.uuid4().hex[:25]
            self.tokens[token] = {
                "sek": secrets.token_bytes(32),
                "expires_at": self.now + self.token_lifetime,
                "username": self.username,
                "gstin": self.gstin,
            }
        session = self.tokens[token]
        data = {
            "ClientId": self.client_id,
            "UserName": self.username,
            "AuthToken": token,
            "Sek": aes_encrypt(session["sek"], app_key),
            "TokenExpiry": session["expires_at"].strftime(NIC_TIME),
        }
        return Reply({"Status": 1, "Data": data, "ErrorDetails": None, "InfoDtls": None})


def nic_time(text):
    """Parse the simulator's ``yyyy-mm-dd HH:MM:SS`` IST stamps (for test assertions)."""
    return datetime.strptime(text, NIC_TIME).replace(tzinfo=IST)
