"""Client of NIC's e-invoice IRP API (auth 1.04, invoice and e-way bill 1.03).

One instance per company GSTIN. The client never retries a generate call by
itself on a transport failure: the request may have reached the IRP, so the job
layer retries later and treats the duplicate answer (2150, see
:attr:`NicError.duplicate_irn`) as success once the totals match.
"""

import base64
import json
from datetime import timedelta

from .nic_crypto import aes_encrypt_base64, decrypt_session_key, new_app_key, rsa_encrypt_base64
from .nic_dates import nic_date
from .nic_errors import NicError, NicTransientError
from .nic_session import NicSessionClient, SessionToken, decrypt_json, parse_nic_datetime

AUTH_PATH = "eivital/v1.04/auth"
INVOICE_PATH = "eicore/v1.03/Invoice"
CANCEL_PATH = "eicore/v1.03/Invoice/Cancel"
IRN_DETAILS_PATH = "eicore/v1.03/Invoice/irn/{irn}"
IRN_BY_DOCUMENT_PATH = "eicore/v1.03/Invoice/irnbydocdetails"
EWB_BY_IRN_PATH = "eiewb/v1.03/ewaybill"

INVALID_TOKEN = "1005"
DUPLICATE_IRN = "2150"
IRN_NOT_FOUND = "2148"
CANCEL_TOO_LATE = "2270"
CANCEL_BLOCKED_BY_EWB = "2230"
GSTIN_INVALID = "3028"
EWB_ALREADY_EXISTS = "4002"
CANCEL_REMARK_MAX_LENGTH = 100
DEFAULT_TIMEOUT = 30


class IrpClient(NicSessionClient):
    """Talks to the IRP for one GSTIN; every method returns NIC's decrypted ``Data`` dict.

    Raises :class:`NicError` for answers with ``Status`` 0 and
    :class:`NicTransientError` for anything that should be retried later.
    ``token_store`` (``load()``/``save(dict)``) lets several workers share one token.
    """

    invalid_token_code = INVALID_TOKEN
    log_name = "IRP"
    default_timeout = DEFAULT_TIMEOUT

    def _base_headers(self):
        return {"client_id": self.client_id, "client_secret": self.client_secret, "Gstin": self.gstin}

    def authenticate(self, force_refresh=False):
        """Log in with the RSA-encrypted credentials and app key; cache and return the token."""
        app_key = new_app_key()
        credentials = {
            "UserName": self.username,
            "Password": self._password,
            "AppKey": base64.b64encode(app_key).decode("ascii"),
            "ForceRefreshAccessToken": bool(force_refresh),
        }
        # NIC encrypts base64(JSON), not the JSON itself (API 1.04 sample code).
        encoded = base64.b64encode(json.dumps(credentials).encode("utf-8"))
        body = {"Data": rsa_encrypt_base64(self.public_key_pem, encoded)}
        reply = self.transport.request(
            "POST", AUTH_PATH, self._base_headers(), body=body, log_body=credentials
        )
        data = self._check(reply)
        try:
            token = SessionToken(
                auth_token=data["AuthToken"],
                session_key=decrypt_session_key(data["Sek"], app_key),
                expires_at=self._token_expiry(data.get("TokenExpiry")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise NicTransientError("IRP login reply is incomplete or undecryptable") from error
        self.tokens.remember(token)
        return token

    def _token_expiry(self, text):
        if text:
            return parse_nic_datetime(text)
        return self.clock() + timedelta(hours=6)

    def _check(self, reply, session_key=None):
        """Return the reply's Data (decrypted when ``session_key`` is given) or raise NicError."""
        if str(reply.get("Status")) == "1":
            data = reply.get("Data")
            if session_key is not None:
                if not isinstance(data, str):
                    raise NicTransientError("IRP reply has no encrypted Data")
                return decrypt_json(data, session_key)
            if not isinstance(data, dict):
                raise NicTransientError("IRP reply has no Data")
            return data
        details = _decode_maybe_base64(reply.get("ErrorDetails")) or []
        if not isinstance(details, list):
            details = [details]
        codes = [str(item.get("ErrorCode", "")) for item in details if isinstance(item, dict)]
        messages = [str(item.get("ErrorMessage", "")) for item in details if isinstance(item, dict)]
        info = _decode_maybe_base64(reply.get("InfoDtls")) or []
        if not codes:
            raise NicError("UNKNOWN", "IRP refused the request without an error code", info)
        raise NicError(codes, "; ".join(message for message in messages if message), info)

    def _send(self, method, path, payload=None, params=None):
        def send(token):
            headers = dict(self._base_headers(), user_name=self.username, AuthToken=token.auth_token)
            body = None
            if payload is not None:
                body = {"Data": aes_encrypt_base64(json.dumps(payload), token.session_key)}
            reply = self.transport.request(method, path, headers, body=body, params=params, log_body=payload)
            return self._check(reply, token.session_key)

        return self._with_session(send)

    def generate_irn(self, payload):
        """Register an INV-01 (1.1) invoice; return AckNo, AckDt, Irn, SignedInvoice, SignedQRCode, ..."""
        return self._send("POST", INVOICE_PATH, payload)

    def get_irn_by_document(self, doc_type, doc_number, doc_date):
        """Fetch the IRN registered for a document (INV/CRN/DBN, number, date or dd/mm/yyyy)."""
        params = {"doctype": doc_type, "docnum": doc_number, "docdate": nic_date(doc_date)}
        return self._send("GET", IRN_BY_DOCUMENT_PATH, params=params)

    def get_irn_details(self, irn):
        """Fetch an IRN's registered details (status ACT/CNL, signed invoice, e-way bill)."""
        return self._send("GET", IRN_DETAILS_PATH.format(irn=irn))

    def cancel_irn(self, irn, reason_code, remark):
        """Cancel an IRN within 24 h; ``reason_code`` 1 duplicate, 2 data entry mistake, 3 order
        cancelled, 4 others (see ``ewb_rules.IrnCancelReason``); ``remark`` at most 100 characters."""
        if int(reason_code) not in (1, 2, 3, 4):
            raise ValueError(f"IRN cancel reason must be 1-4, got {reason_code!r}")
        if not remark or len(remark) > CANCEL_REMARK_MAX_LENGTH:
            raise ValueError("IRN cancel remark is required and must be at most 100 characters")
        payload = {"Irn": irn, "CnlRsn": str(int(reason_code)), "CnlRem": remark}
        return self._send("POST", CANCEL_PATH, payload)

    def generate_ewb_by_irn(self, payload):
        """Generate an e-way bill from an IRN (``Irn, Distance, TransMode, TransId, VehNo, ...``)."""
        return self._send("POST", EWB_BY_IRN_PATH, payload)


def _decode_maybe_base64(value):
    """IRP error blocks come as JSON lists, or (API 1.03 auth) as base64 of that JSON."""
    if isinstance(value, str) and value:
        try:
            return json.loads(base64.b64decode(value, validate=True))
        except ValueError:
            return [{"ErrorCode": "UNKNOWN", "ErrorMessage": value}]
    return value
