"""IrpClient against the loopback IRP simulator over real HTTP on 127.0.0.1."""

import base64
import hashlib
import logging
from datetime import timedelta

import pytest

from oms_gst import irp_client as irp_module
from oms_gst.ewb_rules import IrnCancelReason
from oms_gst.irp_client import IrpClient
from oms_gst.nic_crypto import verify_jwt
from oms_gst.nic_errors import NicError, NicTransientError
from oms_gst.nic_session import MemoryTokenStore
from simulators.nic_base import aes_encrypt
from simulators.nic_irp import IrpSimulator
from simulators.nic_samples import BUYER_GSTIN, SELLER_GSTIN, SIMULATED_NOW, client_for, sample_invoice

CLIENT_TIMEOUT = 0.3


@pytest.fixture
def simulator():
    with IrpSimulator(timeout_delay=0.8) as sim:
        sim.now = SIMULATED_NOW
        yield sim


@pytest.fixture
def client(simulator):
    return client_for(IrpClient, simulator, timeout=CLIENT_TIMEOUT)


def _ewb_request(irn):
    return {"Irn": irn, "Distance": 450, "TransMode": "1", "VehNo": "KA01AB1234", "VehType": "R"}


# -- authentication --------------------------------------------------------------------------
def test_token_is_reused_until_it_expires(simulator, client):
    client.generate_irn(sample_invoice("INV/1"))
    client.get_irn_by_document("INV", "INV/1", "15/09/2025")
    assert simulator.request_count("/auth") == 1
    simulator.advance(timedelta(hours=6))
    client.get_irn_by_document("INV", "INV/1", "15/09/2025")
    assert simulator.request_count("/auth") == 2


def test_token_store_lets_a_second_worker_skip_the_login(simulator):
    store = MemoryTokenStore()
    client_for(IrpClient, simulator, token_store=store).authenticate()
    assert store.load()["auth_token"]
    client_for(IrpClient, simulator, token_store=store).generate_irn(sample_invoice())
    assert simulator.request_count("/auth") == 1


def test_rejected_token_triggers_one_new_login_and_a_retry(simulator, client):
    client.authenticate()
    simulator.fail_next("token_expired")
    result = client.generate_irn(sample_invoice())
    assert result["Irn"]
    assert simulator.request_count("/auth") == 2
    assert simulator.generated_count("INV/2025/0001") == 1


def test_token_rejected_twice_is_reported_not_looped(simulator, client):
    client.authenticate()
    simulator.fail_next("token_expired", count=2)
    with pytest.raises(NicError) as caught:
        client.generate_irn(sample_invoice())
    assert caught.value.code == "1005"
    assert simulator.request_count("/auth") == 2


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("_password", "wrong", "1008"),
        ("client_secret", "wrong", "1010"),
        ("gstin", "27AAPFU0939F1ZV", "1015"),
    ],
)
def test_bad_credentials_are_business_errors(client, field, value, code):
    setattr(client, field, value)
    with pytest.raises(NicError) as caught:
        client.authenticate()
    assert caught.value.code == code


# -- generate --------------------------------------------------------------------------------
def test_generate_returns_signed_invoice_and_qr_code(simulator, client):
    result = client.generate_irn(sample_invoice("Inv/2025/0042"))
    expected_irn = hashlib.sha256(f"{SELLER_GSTIN}2025-26INVINV/2025/0042".encode()).hexdigest()
    assert result["Irn"] == expected_irn
    assert result["Status"] == "ACT" and result["AckNo"] and result["AckDt"] == "2025-09-15 10:30:00"
    qr_code = verify_jwt(result["SignedQRCode"], simulator.signing_public_key_pem)["data"]
    assert qr_code["Irn"] == expected_irn
    assert (qr_code["SellerGstin"], qr_code["BuyerGstin"]) == (SELLER_GSTIN, BUYER_GSTIN)
    assert (qr_code["TotInvVal"], qr_code["ItemCnt"], qr_code["MainHsnCode"]) == (129210, 2, "84713010")
    invoice = verify_jwt(result["SignedInvoice"], simulator.signing_public_key_pem)["data"]
    assert invoice["DocDtls"]["No"] == "Inv/2025/0042" and invoice["AckNo"] == result["AckNo"]
    assert simulator.generated_count("INV/2025/0042") == 1


def test_duplicate_exposes_the_existing_irn_and_can_be_looked_up(simulator, client):
    first = client.generate_irn(sample_invoice())
    with pytest.raises(NicError) as caught:
        client.generate_irn(sample_invoice("inv/2025/0001"))  # document numbers are case-insensitive
    assert caught.value.code == "2150"
    assert caught.value.duplicate_irn == {
        "Irn": first["Irn"],
        "AckNo": first["AckNo"],
        "AckDt": first["AckDt"],
    }
    found = client.get_irn_by_document("INV", "INV/2025/0001", SIMULATED_NOW.date())
    assert found["Irn"] == first["Irn"] and found["SignedQRCode"] == first["SignedQRCode"]
    assert simulator.generated_count("INV/2025/0001") == 1


def test_unknown_document_and_irn_are_2148(client):
    with pytest.raises(NicError) as by_document:
        client.get_irn_by_document("INV", "NEVER-SENT", "15/09/2025")
    with pytest.raises(NicError) as by_irn:
        client.get_irn_details("0" * 64)
    assert by_document.value.code == by_irn.value.code == "2148"


def _set(path, value):
    def change(invoice):
        node = invoice
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _intra_state_igst(invoice):
    invoice["BuyerDtls"].update(Gstin="29AAGCB1286Q1Z0", Stcd="29", Pos="29")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_set(("ItemList", 1, "AssAmt"), 9400), "2193"),
        (_set(("ValDtls", "AssVal"), 109000), "2182"),
        (_set(("ValDtls", "TotInvVal"), 129212), "2189"),
        (_intra_state_igst, "2172"),
        (_set(("BuyerDtls", "Gstin"), "27AAPFU0939F1ZW"), "3028"),
        (_set(("DocDtls", "No"), "0INV/1"), "5002"),
        (_set(("DocDtls", "No"), "INV/2025/00000001"), "5002"),
        (_set(("SellerDtls", "Pin"), 99999), "5002"),
        (_set(("ItemList", 0, "HsnCd"), "847"), "5002"),
        (_set(("ItemList", 0, "PrdDesc"), 'Laptop 15" screen'), "5002"),
    ],
)
def test_invalid_invoices_are_refused_with_the_irp_code(simulator, client, change, code):
    invoice = sample_invoice()
    change(invoice)
    with pytest.raises(NicError) as caught:
        client.generate_irn(invoice)
    assert code in caught.value.codes
    assert simulator.generated_count("INV/2025/0001") == 0


def test_total_invoice_value_tolerates_one_rupee(client):
    invoice = sample_invoice()
    invoice["ValDtls"]["TotInvVal"] = 129211
    assert client.generate_irn(invoice)["Irn"]


def test_intra_state_igst_is_accepted_when_flagged(client):
    invoice = sample_invoice()
    _intra_state_igst(invoice)
    invoice["TranDtls"]["IgstOnIntra"] = "Y"
    assert client.generate_irn(invoice)["Irn"]


# -- cancel and e-way bill by IRN ------------------------------------------------------------
def test_cancel_within_24_hours(simulator, client):
    irn = client.generate_irn(sample_invoice())["Irn"]
    simulator.advance(timedelta(hours=23, minutes=59))
    result = client.cancel_irn(irn, IrnCancelReason.DATA_ENTRY_MISTAKE, "Wrong rate")
    assert result["Irn"] == irn and result["CancelDate"]
    assert client.get_irn_details(irn)["Status"] == "CNL"
    with pytest.raises(NicError) as again:
        client.cancel_irn(irn, IrnCancelReason.DUPLICATE, "Again")
    assert again.value.code == "9999"


def test_cancel_after_24_hours_is_2270(simulator, client):
    irn = client.generate_irn(sample_invoice())["Irn"]
    simulator.advance(timedelta(hours=24, minutes=1))
    with pytest.raises(NicError) as caught:
        client.cancel_irn(irn, IrnCancelReason.ORDER_CANCELLED, "Order cancelled")
    assert caught.value.code == "2270"
    assert client.get_irn_details(irn)["Status"] == "ACT"


def test_active_ewb_blocks_cancel_until_it_is_cancelled(simulator, client):
    irn = client.generate_irn(sample_invoice())["Irn"]
    ewb = client.generate_ewb_by_irn(_ewb_request(irn))
    assert ewb["EwbNo"] and ewb["EwbValidTill"] == "2025-09-18 23:59:59"  # 450 km: 3 days
    with pytest.raises(NicError) as second:
        client.generate_ewb_by_irn(_ewb_request(irn))
    assert second.value.code == "4002"
    with pytest.raises(NicError) as blocked:
        client.cancel_irn(irn, IrnCancelReason.OTHERS, "Customer refused")
    assert blocked.value.code == "2230"
    simulator.cancel_ewb_of_irn(irn)
    assert client.cancel_irn(irn, IrnCancelReason.OTHERS, "Customer refused")["Irn"] == irn


@pytest.mark.parametrize(("reason", "remark"), [(5, "ok"), (0, "ok"), (1, ""), (1, "x" * 101)])
def test_cancel_arguments_are_checked_before_sending(simulator, client, reason, remark):
    with pytest.raises(ValueError):
        client.cancel_irn("0" * 64, reason, remark)
    assert simulator.request_count("/Cancel") == 0


# -- transport failures ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["timeout", "http_500", "http_503", "malformed", "bad_encryption"])
def test_transport_failures_are_transient(simulator, client, kind):
    client.authenticate()
    simulator.fail_next(kind)
    with pytest.raises(NicTransientError):
        client.get_irn_by_document("INV", "INV/2025/0001", "15/09/2025")


def test_failed_login_is_transient_too(simulator, client):
    simulator.fail_next("http_503", target="auth")
    with pytest.raises(NicTransientError) as caught:
        client.generate_irn(sample_invoice())
    assert caught.value.status_code == 503
    assert simulator.generated_count("INV/2025/0001") == 0


def test_timeout_then_retry_sends_the_invoice_exactly_once(simulator, client):
    client.authenticate()
    simulator.fail_next("timeout")
    with pytest.raises(NicTransientError):
        client.generate_irn(sample_invoice())
    with pytest.raises(NicError) as retry:
        client.generate_irn(sample_invoice())
    assert retry.value.duplicate_irn["Irn"]
    assert simulator.generated_count("INV/2025/0001") == 1


def test_unreachable_server_is_transient(simulator):
    base_url = simulator.base_url
    simulator.stop()
    client = IrpClient(
        base_url, SELLER_GSTIN, "id", "secret", "user", "pw", simulator.public_key_pem, timeout=0.3
    )
    with pytest.raises(NicTransientError):
        client.authenticate()


# -- secrets stay out of logs ----------------------------------------------------------------
def test_logs_and_errors_never_show_secrets(simulator, client, caplog, monkeypatch):
    app_key = b"A" * 32
    monkeypatch.setattr(irp_module, "new_app_key", lambda: app_key)
    caplog.set_level(logging.DEBUG, logger="oms_gst")
    client.generate_irn(sample_invoice())
    first_token = client.tokens.current()
    simulator.fail_next("token_expired")
    with pytest.raises(NicError) as duplicate:
        client.generate_irn(sample_invoice())
    secrets = [simulator.password, simulator.client_secret, base64.b64encode(app_key).decode()]
    for token in (first_token, client.tokens.current()):
        # the Sek as sent (AES-ECB under the app key is deterministic) and as decrypted
        secrets += [token.auth_token, aes_encrypt(token.session_key, app_key)]
        secrets.append(base64.b64encode(token.session_key).decode())
    logged = caplog.text + repr(client) + str(duplicate.value)
    assert "***" in caplog.text and "Udyog Traders" in caplog.text  # logging did happen
    for secret in secrets:
        assert secret not in logged
