"""Plumbing shared by the IRP and EWB clients: tokens, HTTP, log redaction, NIC dates."""

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests

from .nic_crypto import NicCryptoError, aes_decrypt_base64
from .nic_dates import IST, now_ist, parse_nic_datetime  # noqa: F401 (re-exported: callers read them here)
from .nic_errors import NicError, NicTransientError

_logger = logging.getLogger(__name__)

# Renew a little before NIC's stated expiry so a request never races the deadline.
TOKEN_RENEWAL_MARGIN = timedelta(minutes=5)
REDACTED = "***"
_SECRET_KEYS = {"password", "appkey", "sek", "rek", "authtoken", "clientsecret", "sessionkey"}


def redact(obj):
    """Return a copy of ``obj`` with secret values (passwords, keys, tokens) replaced by ``"***"``.

    Works on nested dicts, lists and header mappings; key matching ignores case,
    ``_`` and ``-`` (so ``client_secret``, ``client-secret`` and ``AuthToken`` all match).
    """
    if isinstance(obj, Mapping):
        return {key: (REDACTED if _is_secret_key(key) else redact(value)) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [redact(value) for value in obj]
    return obj


def _is_secret_key(key):
    return isinstance(key, str) and key.lower().replace("_", "").replace("-", "") in _SECRET_KEYS


@dataclass
class SessionToken:
    """An auth token with its decrypted session key and the moment it stops being valid."""

    auth_token: str
    session_key: bytes
    expires_at: datetime

    def is_usable(self, now):
        """True while the token may still be sent (with a renewal margin)."""
        return now < self.expires_at - TOKEN_RENEWAL_MARGIN

    def to_dict(self):
        """Plain JSON-able form for a token store (the caller keeps it admin-only)."""
        return {
            "auth_token": self.auth_token,
            "session_key": base64.b64encode(self.session_key).decode("ascii"),
            "expires_at": self.expires_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data):
        """Rebuild a token from :meth:`to_dict` output; return None if it is incomplete."""
        try:
            return cls(
                auth_token=data["auth_token"],
                session_key=base64.b64decode(data["session_key"]),
                expires_at=datetime.fromisoformat(data["expires_at"]),
            )
        except (KeyError, TypeError, ValueError, binascii.Error):
            return None


class MemoryTokenStore:
    """Token store kept in memory; the Odoo layer supplies one backed by an admin-only record.

    A token store has two methods: ``load() -> dict | None`` and ``save(dict | None)``.
    """

    def __init__(self):
        self.data = None

    def load(self):
        """Return the saved token dict, or None."""
        return self.data

    def save(self, data):
        """Remember ``data`` (None forgets the token)."""
        self.data = data


def decode_json_bytes(raw):
    """Decode decrypted NIC bytes to JSON; EWB wraps the JSON in base64 first, the IRP does not."""
    text = raw.decode("utf-8").strip()
    if not text.startswith(("{", "[")):
        text = base64.b64decode(text, validate=True).decode("utf-8")
    return json.loads(text)


def decrypt_json(text, key):
    """Decrypt an AES/base64 field with ``key`` and decode its JSON; unreadable data is transient."""
    try:
        return decode_json_bytes(aes_decrypt_base64(text, key))
    except (NicCryptoError, ValueError, UnicodeDecodeError, binascii.Error, TypeError) as error:
        raise NicTransientError(f"NIC reply could not be decrypted: {error}") from error


class NicTransport:
    """Sends JSON over HTTP and turns every transport failure into :class:`NicTransientError`."""

    def __init__(self, base_url, timeout, session=None, log_name="nic"):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.log_name = log_name

    def url(self, path):
        """Absolute URL of an API path."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method, path, headers, body=None, params=None, log_body=None):
        """Send one request and return the decoded JSON reply.

        ``log_body`` is the plain (unencrypted) payload to log, redacted; the
        encrypted body itself is never logged.
        """
        url = self.url(path)
        _logger.debug(
            "%s %s %s params=%s headers=%s body=%s",
            self.log_name,
            method,
            url,
            params,
            redact(headers),
            redact(log_body),
        )
        try:
            response = self.session.request(
                method, url, headers=headers, json=body, params=params, timeout=self.timeout
            )
        except requests.Timeout as error:
            raise NicTransientError(f"{self.log_name} did not answer within {self.timeout}s") from error
        except requests.RequestException as error:
            raise NicTransientError(f"{self.log_name} unreachable: {type(error).__name__}") from error
        return self._decode(response)

    def _decode(self, response):
        status = response.status_code
        if status >= 500 or status == 429:
            raise NicTransientError(f"{self.log_name} answered HTTP {status}", status_code=status)
        try:
            reply = response.json()
        except ValueError as error:
            if status >= 400:
                # A 4xx page means a wrong URL or blocked client: retrying will not fix it.
                raise NicError(
                    f"HTTP{status}", f"{self.log_name} refused the request (HTTP {status})"
                ) from error
            raise NicTransientError(f"{self.log_name} sent a reply that is not JSON", status) from error
        if not isinstance(reply, dict):
            raise NicTransientError(f"{self.log_name} sent an unexpected JSON reply", status)
        _logger.debug("%s reply HTTP %s: %s", self.log_name, status, redact(reply))
        return reply


class TokenCache:
    """Holds the current :class:`SessionToken` in memory and mirrors it to an optional store."""

    def __init__(self, token_store=None, clock=now_ist):
        self.token_store = token_store
        self.clock = clock
        self._token = None

    def current(self):
        """The usable token from memory or the store, or None when a new login is needed."""
        if self._token is None and self.token_store is not None:
            stored = self.token_store.load()
            self._token = SessionToken.from_dict(stored) if stored else None
        if self._token is not None and self._token.is_usable(self.clock()):
            return self._token
        return None

    def remember(self, token):
        """Keep ``token`` and hand it to the store so other workers reuse it."""
        self._token = token
        if self.token_store is not None:
            self.token_store.save(token.to_dict())

    def forget(self):
        """Drop a token NIC has rejected, here and in the store."""
        self._token = None
        if self.token_store is not None:
            self.token_store.save(None)


class NicSessionClient:
    """Base of the IRP and EWB clients: log in lazily, retry once when NIC rejects the token.

    The connection parameters live here, once, for both clients: the NIC address, the GSTIN, the API
    credentials and the RSA key, the timeout, an optional ``requests`` session, a token store
    (``load()``/``save(dict)``, so several workers share one token) and a clock (tests use the
    simulator's).
    """

    invalid_token_code = None  # set by subclasses: "1005" (IRP), "238" (EWB)
    log_name = "NIC"  # set by subclasses: the name used in messages and the debug log
    default_timeout = 30

    def __init__(
        self,
        base_url,
        gstin,
        client_id,
        client_secret,
        username,
        password,
        public_key_pem,
        timeout=None,
        session=None,
        token_store=None,
        clock=None,
    ):
        self.gstin = gstin
        self.client_id = client_id
        self.client_secret = client_secret
        self.username = username
        self._password = password
        self.public_key_pem = public_key_pem
        self.clock = clock or now_ist
        self.tokens = TokenCache(token_store, self.clock)
        self.transport = NicTransport(
            base_url, timeout or self.default_timeout, session=session, log_name=self.log_name
        )

    def __repr__(self):
        # Keep credentials out of tracebacks and debugger dumps.
        return f"<{type(self).__name__} gstin={self.gstin} user={self.username}>"

    def authenticate(self, force_refresh=False):
        """Log in and return a fresh :class:`SessionToken` (implemented by subclasses)."""
        raise NotImplementedError

    def _with_session(self, send):
        """Call ``send(token)``; on the invalid-token error, log in again and retry exactly once."""
        token = self.tokens.current() or self.authenticate()
        try:
            return send(token)
        except NicError as error:
            if not error.has_code(self.invalid_token_code):
                raise
            _logger.info("%s token rejected (%s); logging in again", type(self).__name__, error.code)
            self.tokens.forget()
        return send(self.authenticate(force_refresh=True))
