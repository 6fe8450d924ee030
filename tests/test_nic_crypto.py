"""NIC crypto helpers, typed errors, token persistence and log redaction."""

import base64
from datetime import datetime, timedelta

import pytest
from requests.structures import CaseInsensitiveDict

from oms_gst import nic_crypto
from oms_gst.nic_errors import NicError
from oms_gst.nic_session import IST, SessionToken, parse_nic_datetime, redact
from simulators.nic_base import process_key, public_pem, rsa_decrypt, sign_jwt


def test_app_key_is_32_fresh_random_bytes():
    first, second = nic_crypto.new_app_key(), nic_crypto.new_app_key()
    assert len(first) == 32 and len(second) == 32
    assert first != second


def test_rsa_encryption_opens_with_the_private_key_only():
    key = process_key("irp-encryption")
    encrypted = nic_crypto.rsa_encrypt_base64(public_pem(key), b"secret credentials")
    assert rsa_decrypt(key, encrypted) == b"secret credentials"
    # PKCS#1 v1.5 is randomised: the same text never encrypts twice to the same value.
    assert encrypted != nic_crypto.rsa_encrypt_base64(public_pem(key), b"secret credentials")


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 1000])
def test_aes_round_trip_pads_to_whole_blocks(size):
    key = nic_crypto.new_app_key()
    plain = bytes(range(256)) * 4
    plain = plain[:size]
    encrypted = nic_crypto.aes_encrypt_base64(plain, key)
    assert len(base64.b64decode(encrypted)) == (size // 16 + 1) * 16
    assert nic_crypto.aes_decrypt_base64(encrypted, key) == plain


def test_aes_with_the_wrong_key_is_refused():
    encrypted = nic_crypto.aes_encrypt_base64(b'{"Irn": "x"}', nic_crypto.new_app_key())
    with pytest.raises(nic_crypto.NicCryptoError):
        # A wrong key leaves random padding; 1 in 256 would pass by chance, so try a few keys.
        for _attempt in range(5):
            nic_crypto.aes_decrypt_base64(encrypted, nic_crypto.new_app_key())


@pytest.mark.parametrize("text", ["not base64 at all!", base64.b64encode(b"short").decode()])
def test_aes_rejects_damaged_cipher_text(text):
    with pytest.raises(nic_crypto.NicCryptoError):
        nic_crypto.aes_decrypt_base64(text, nic_crypto.new_app_key())


def test_aes_requires_a_256_bit_key():
    with pytest.raises(nic_crypto.NicCryptoError):
        nic_crypto.aes_encrypt(b"data", b"sixteen byte key")


def test_session_key_is_recovered_with_the_app_key():
    app_key, session_key = nic_crypto.new_app_key(), nic_crypto.new_app_key()
    encrypted = nic_crypto.aes_encrypt_base64(session_key, app_key)
    assert nic_crypto.decrypt_session_key(encrypted, app_key) == session_key


def test_verify_jwt_returns_claims_and_decodes_the_data_claim():
    key = process_key("irp-signing")
    token = sign_jwt(key, {"data": '{"Irn": "abc", "ItemCnt": 2}', "iss": "NIC"}, "kid")
    claims = nic_crypto.verify_jwt(token, public_pem(key))
    assert claims == {"data": {"Irn": "abc", "ItemCnt": 2}, "iss": "NIC"}


def test_verify_jwt_rejects_tampering_and_foreign_keys():
    key = process_key("irp-signing")
    token = sign_jwt(key, {"data": '{"TotInvVal": 100}'}, "kid")
    header, _original_payload, signature = token.split(".")
    forged_payload = base64.urlsafe_b64encode(b'{"data":"{\\"TotInvVal\\": 1}"}').rstrip(b"=").decode()
    with pytest.raises(nic_crypto.NicCryptoError):
        nic_crypto.verify_jwt(f"{header}.{forged_payload}.{signature}", public_pem(key))
    with pytest.raises(nic_crypto.NicCryptoError):
        nic_crypto.verify_jwt(token, public_pem(process_key("irp-encryption")))
    with pytest.raises(nic_crypto.NicCryptoError):
        nic_crypto.verify_jwt("not-a-jwt", public_pem(key))


def test_redact_hides_secrets_at_any_depth_and_spelling():
    headers = CaseInsensitiveDict({"client_secret": "s1", "AuthToken": "t1", "Gstin": "29AABCU9603R1ZJ"})
    body = {
        "UserName": "api_user",
        "Password": "p1",
        "AppKey": "k1",
        "nested": [{"sek": "s2", "app_key": "k2", "authtoken": "t2", "client-secret": "s3"}],
        "Data": {"Sek": "s4", "AuthToken": "t3", "TokenExpiry": "2025-09-15 16:30:00"},
    }
    redacted_headers, redacted_body = redact(headers), redact(body)
    assert redacted_headers == {"client_secret": "***", "AuthToken": "***", "Gstin": "29AABCU9603R1ZJ"}
    text = repr(redacted_body)
    for secret in ("p1", "k1", "k2", "s2", "s3", "s4", "t2", "t3"):
        assert f"'{secret}'" not in text
    assert redacted_body["UserName"] == "api_user"
    assert redacted_body["Data"]["TokenExpiry"] == "2025-09-15 16:30:00"
    assert body["Password"] == "p1", "redact must not modify its input"


def test_nic_error_keeps_all_codes_and_exposes_the_duplicate_irn():
    info = [{"InfoCode": "DUPIRN", "Desc": {"AckNo": 1125, "AckDt": "2025-09-15 10:30:00", "Irn": "abc"}}]
    duplicate = NicError(["2150"], "Duplicate IRN", info)
    assert duplicate.code == "2150" and duplicate.has_code(2150)
    assert duplicate.duplicate_irn == {"Irn": "abc", "AckNo": 1125, "AckDt": "2025-09-15 10:30:00"}
    other = NicError(["2182", "2189"], "totals", info)
    assert other.codes == ["2182", "2189"] and other.duplicate_irn is None


def test_session_token_survives_a_store_round_trip_and_expires_with_margin():
    expires = datetime(2025, 9, 15, 16, 30, tzinfo=IST)
    token = SessionToken("token-1", b"k" * 32, expires)
    assert SessionToken.from_dict(token.to_dict()) == token
    assert SessionToken.from_dict({"auth_token": "x"}) is None
    assert token.is_usable(expires - timedelta(minutes=10))
    assert not token.is_usable(expires - timedelta(minutes=1))


def test_nic_date_times_parse_as_ist():
    assert parse_nic_datetime("2025-09-15 16:30:00") == datetime(2025, 9, 15, 16, 30, tzinfo=IST)
    assert parse_nic_datetime("20/09/2025 11:59:59 PM") == datetime(2025, 9, 20, 23, 59, 59, tzinfo=IST)
    with pytest.raises(ValueError):
        parse_nic_datetime("tomorrow")
