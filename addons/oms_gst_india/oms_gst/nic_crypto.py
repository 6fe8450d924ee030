"""Cryptography used by NIC's e-invoice (IRP) and e-way bill (EWB) APIs.

Both APIs share one scheme:

* the client makes a random 32-byte *app key* and sends it, together with the
  credentials, RSA-encrypted (PKCS#1 v1.5) with NIC's public key;
* NIC answers with a session key (*SEK*), AES-256-ECB encrypted with the app key;
* every later payload travels AES-256-ECB encrypted with the SEK, base64-encoded.

ECB is weak, but it is what NIC specifies; nothing here chooses it. Signed
documents (SignedInvoice, SignedQRCode) are RS256 JWTs, verified with
:func:`verify_jwt`.

Only APIs present in every ``cryptography`` release from 3.4.8 to 45 are used
(no ``backend`` argument, no newer helpers).
"""

import base64
import contextlib
import json
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

APP_KEY_LENGTH = 32
AES_BLOCK_BITS = 128


class NicCryptoError(ValueError):
    """Raised when data cannot be decrypted, decoded or verified."""


def new_app_key():
    """Return a fresh random 32-byte app key (raw bytes) for one NIC session."""
    return os.urandom(APP_KEY_LENGTH)


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def rsa_encrypt_base64(public_key_pem, data):
    """Encrypt ``data`` (bytes or str) with an RSA public key (PKCS#1 v1.5); return base64 text.

    ``public_key_pem`` is the PEM text NIC publishes (``-----BEGIN PUBLIC KEY-----``).
    """
    public_key = serialization.load_pem_public_key(_as_bytes(public_key_pem))
    return base64.b64encode(public_key.encrypt(_as_bytes(data), padding.PKCS1v15())).decode("ascii")


def _aes_cipher(key):
    if len(key) != APP_KEY_LENGTH:
        raise NicCryptoError(f"AES-256 needs a 32-byte key, got {len(key)} bytes")
    return Cipher(algorithms.AES(key), modes.ECB())


def aes_encrypt(data, key):
    """AES-256-ECB encrypt ``data`` with PKCS7 padding; return raw cipher bytes."""
    padder = symmetric_padding.PKCS7(AES_BLOCK_BITS).padder()
    padded = padder.update(_as_bytes(data)) + padder.finalize()
    encryptor = _aes_cipher(key).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_decrypt(cipher_bytes, key):
    """Reverse :func:`aes_encrypt`; raise :class:`NicCryptoError` on bad length or padding."""
    if not cipher_bytes or len(cipher_bytes) % (AES_BLOCK_BITS // 8):
        raise NicCryptoError("cipher text is not a whole number of AES blocks")
    decryptor = _aes_cipher(key).decryptor()
    padded = decryptor.update(cipher_bytes) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(AES_BLOCK_BITS).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as error:
        raise NicCryptoError("bad PKCS7 padding: wrong key or corrupted data") from error


def _b64decode(text):
    try:
        return base64.b64decode(_as_bytes(text), validate=True)
    except (ValueError, TypeError) as error:
        raise NicCryptoError("not valid base64") from error


def aes_encrypt_base64(data, key):
    """AES-256-ECB encrypt ``data`` (bytes or str) with ``key``; return base64 text."""
    return base64.b64encode(aes_encrypt(data, key)).decode("ascii")


def aes_decrypt_base64(text, key):
    """Decode base64 ``text`` and AES-256-ECB decrypt it with ``key``; return plain bytes."""
    return aes_decrypt(_b64decode(text), key)


def decrypt_session_key(encrypted_sek, app_key):
    """Return the raw 32-byte SEK from NIC's base64 ``Sek``/``sek`` field."""
    session_key = aes_decrypt_base64(encrypted_sek, app_key)
    if len(session_key) != APP_KEY_LENGTH:
        raise NicCryptoError(f"session key is {len(session_key)} bytes, expected 32")
    return session_key


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_jwt(token, public_key_pem):
    """Verify an RS256 JWT (NIC's SignedInvoice / SignedQRCode) and return its claims dict.

    NIC puts the signed document as a JSON string in the ``data`` claim; when it
    is valid JSON it is decoded in place. Raise :class:`NicCryptoError` if the
    token is malformed or the signature does not match ``public_key_pem``.
    """
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(_b64url_decode(header_part))
        claims = json.loads(_b64url_decode(payload_part))
        signature = _b64url_decode(signature_part)
    except (AttributeError, ValueError) as error:
        raise NicCryptoError("not a compact JWT") from error
    if header.get("alg") != "RS256":
        raise NicCryptoError(f"unexpected JWT algorithm {header.get('alg')!r}")
    public_key = serialization.load_pem_public_key(_as_bytes(public_key_pem))
    signed_part = (f"{header_part}.{payload_part}").encode("ascii")
    try:
        public_key.verify(signature, signed_part, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise NicCryptoError("JWT signature does not match the NIC signing key") from error
    if isinstance(claims.get("data"), str):
        # Some signed fields are plain strings; those stay as sent.
        with contextlib.suppress(ValueError):
            claims["data"] = json.loads(claims["data"])
    return claims
