"""EwbClient against the loopback e-way bill simulator over real HTTP on 127.0.0.1."""

import base64
import logging
from datetime import datetime, timedelta

import pytest

from oms_gst import ewb_client as ewb_module
from oms_gst.ewb_client import EwbClient
from oms_gst.ewb_rules import EwbCancelReason, ExtensionReason, TransportMode, VehicleUpdateReason
from oms_gst.nic_errors import NicError, NicTransientError
from simulators.nic_base import IST, aes_encrypt
from simulators.nic_ewb import EwbSimulator, parse_ewb_time
from simulators.nic_samples import SIMULATED_NOW, TRANSPORTER_GSTIN, client_for, sample_ewb_payload


@pytest.fixture
def simulator():
    with EwbSimulator(timeout_delay=0.8) as sim:
        sim.now = SIMULATED_NOW
        yield sim


@pytest.fixture
def client(simulator):
    return client_for(EwbClient, simulator, timeout=0.3)


def _generate(client, **changes):
    return client.generate_ewb(sample_ewb_payload(**changes))


def _extend(client, number, remaining_km=300):
    return client.extend_validity(
        number,
        remaining_km,
        "Nagpur",
        27,
        440001,
        ExtensionReason.ACCIDENT,
        "Truck accident",
        vehicle_number="KA01AB1234",
    )


# -- authentication --------------------------------------------------------------------------
def test_token_is_reused_and_renewed_after_238(simulator, client):
    number = _generate(client)["ewayBillNo"]
    client.get_ewb_details(number)
    assert simulator.request_count("/auth") == 1
    simulator.fail_next("token_expired")
    assert client.get_ewb_details(number)["status"] == "ACT"
    assert simulator.request_count("/auth") == 2


def test_token_expired_early_on_the_server_is_renewed_on_238():
    # NIC does not send an expiry for EWB tokens; the client assumes 6 h, the server may cut it short.
    with EwbSimulator(token_lifetime=timedelta(hours=1)) as simulator:
        simulator.now = SIMULATED_NOW
        client = client_for(EwbClient, simulator)
        number = _generate(client)["ewayBillNo"]
        simulator.advance(timedelta(hours=2))
        assert client.get_ewb_details(number)["ewbNo"] == number
        assert simulator.request_count("/auth") == 2


def test_token_rejected_twice_is_reported(simulator, client):
    client.authenticate()
    simulator.fail_next("token_expired", count=2)
    with pytest.raises(NicError) as caught:
        _generate(client)
    assert caught.value.code == "238"
    assert simulator.generated_count("INV/2025/0001") == 0


def test_wrong_password_is_108(client):
    client._password = "wrong"
    with pytest.raises(NicError) as caught:
        client.authenticate()
    assert caught.value.code == "108"


# -- generate --------------------------------------------------------------------------------
def test_generate_computes_validity_server_side(simulator, client):
    result = _generate(client)
    assert str(result["ewayBillNo"]).isdigit() and len(str(result["ewayBillNo"])) == 12
    assert parse_ewb_time(result["ewayBillDate"]) == SIMULATED_NOW
    # 850 km: 5 days, ending at midnight of the fifth day after generation
    assert parse_ewb_time(result["validUpto"]) == datetime(2025, 9, 20, 23, 59, 59, tzinfo=IST)
    assert simulator.generated_count("INV/2025/0001") == 1


def test_same_document_twice_is_604_and_recoverable(simulator, client):
    first = _generate(client)
    with pytest.raises(NicError) as caught:
        _generate(client, docNo="inv/2025/0001")
    assert caught.value.codes == ["604"]
    assert "already generated" in caught.value.message
    found = client.get_ewb_by_document("INV", "INV/2025/0001")
    assert found["ewayBillNo"] == first["ewayBillNo"]
    assert simulator.generated_count("INV/2025/0001") == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"transMode": "2", "vehicleNo": "", "transDocNo": "RR123", "vehicleType": "O"}, "634"),
        ({"transMode": "3", "vehicleNo": "", "transDocNo": ""}, "394"),
        ({"transMode": "", "vehicleNo": "", "transporterId": ""}, "619"),
        ({"transMode": "1", "vehicleNo": "", "transDocNo": ""}, "226"),
        ({"docDate": "01/03/2025"}, "820"),
        ({"toPincode": 560001, "transDistance": "150"}, "221"),
        ({"vehicleNo": "KA01AB1234", "transMode": ""}, "621"),
        ({"fromGstin": "29AABCU9603R1ZK"}, "208"),
        ({"totInvValue": 1000}, "620"),
    ],
)
def test_invalid_payloads_are_refused_with_nic_codes(simulator, client, changes, code):
    with pytest.raises(NicError) as caught:
        _generate(client, **changes)
    assert code in caught.value.codes
    assert simulator.generated_count("INV/2025/0001") == 0


def test_item_rules_are_checked_per_line(client):
    payload = sample_ewb_payload(toStateCode=29, actToStateCode=29)  # intra-state but IGST rates
    payload["itemList"][1]["hsnCode"] = "85"
    with pytest.raises(NicError) as caught:
        client.generate_ewb(payload)
    assert {"216", "218"} <= set(caught.value.codes)


# -- Part-B and transporter ------------------------------------------------------------------
def test_part_a_slip_gets_validity_when_part_b_is_first_entered(simulator, client):
    result = _generate(client, transMode="", vehicleNo="", transporterId=TRANSPORTER_GSTIN)
    assert result["validUpto"] == ""
    simulator.advance(timedelta(days=2))
    update = client.update_part_b(
        result["ewayBillNo"],
        "KA01AB1234",
        "Bengaluru",
        29,
        VehicleUpdateReason.FIRST_TIME,
        "Vehicle assigned",
    )
    assert parse_ewb_time(update["validUpto"]) == datetime(2025, 9, 22, 23, 59, 59, tzinfo=IST)


def test_vehicle_change_keeps_validity_and_is_recorded(simulator, client):
    result = _generate(client)
    simulator.advance(timedelta(hours=30))
    update = client.update_part_b(
        result["ewayBillNo"], "KA05XY9876", "Hubballi", 29, VehicleUpdateReason.BREAKDOWN, "Axle broke"
    )
    assert update["validUpto"] == result["validUpto"]
    vehicles = client.get_ewb_details(result["ewayBillNo"])["VehiclListDetails"]
    assert [vehicle["vehicleNo"] for vehicle in vehicles] == ["KA01AB1234", "KA05XY9876"]


def test_part_b_checks_mode_documents_and_expiry(simulator, client):
    number = _generate(client)["ewayBillNo"]
    with pytest.raises(NicError) as rail:
        client.update_part_b(
            number,
            "",
            "Bengaluru",
            29,
            VehicleUpdateReason.TRANSSHIPMENT,
            "To rail",
            transport_mode=TransportMode.RAIL,
        )
    assert rail.value.code == "394"
    simulator.advance(timedelta(days=6))
    with pytest.raises(NicError) as expired:
        client.update_part_b(number, "KA05XY9876", "Pune", 27, VehicleUpdateReason.OTHERS, "Late")
    assert expired.value.code == "311"


def test_change_transporter(client):
    number = _generate(client)["ewayBillNo"]
    assert client.update_transporter(number, TRANSPORTER_GSTIN)["transporterId"] == TRANSPORTER_GSTIN
    assert client.get_ewb_details(number)["transporterId"] == TRANSPORTER_GSTIN
    with pytest.raises(NicError) as caught:
        client.update_transporter(number, "05AAACG2115R1ZX")
    assert caught.value.code == "222"


# -- extend ----------------------------------------------------------------------------------
@pytest.mark.parametrize("hours_from_expiry", [-8, -1, 0, 7.9])
def test_extend_inside_the_8_hour_window(simulator, client, hours_from_expiry):
    result = _generate(client)
    expiry = parse_ewb_time(result["validUpto"])
    simulator.now = expiry + timedelta(hours=hours_from_expiry)
    extended = _extend(client, result["ewayBillNo"], remaining_km=300)
    expected_day = simulator.now.date() + timedelta(days=2)  # 300 km left: 2 days from now
    assert parse_ewb_time(extended["validUpto"]).date() == expected_day
    assert client.get_ewb_details(result["ewayBillNo"])["extendedTimes"] == 1


@pytest.mark.parametrize("hours_from_expiry", [-8.1, -24, 8.1])
def test_extend_outside_the_window_is_382(simulator, client, hours_from_expiry):
    result = _generate(client)
    simulator.now = parse_ewb_time(result["validUpto"]) + timedelta(hours=hours_from_expiry)
    with pytest.raises(NicError) as caught:
        _extend(client, result["ewayBillNo"])
    assert caught.value.code == "382"


def test_extend_cannot_add_distance(simulator, client):
    result = _generate(client)
    simulator.now = parse_ewb_time(result["validUpto"]) - timedelta(hours=1)
    with pytest.raises(NicError) as caught:
        _extend(client, result["ewayBillNo"], remaining_km=900)
    assert caught.value.code == "390"


# -- cancel ----------------------------------------------------------------------------------
def test_cancel_within_24_hours_frees_the_document(simulator, client):
    number = _generate(client)["ewayBillNo"]
    simulator.advance(timedelta(hours=23))
    assert (
        client.cancel_ewb(number, EwbCancelReason.ORDER_CANCELLED, "Order cancelled")["ewayBillNo"] == number
    )
    assert client.get_ewb_details(number)["status"] == "CNL"
    with pytest.raises(NicError) as twice:
        client.cancel_ewb(number, EwbCancelReason.DUPLICATE, "Again")
    assert twice.value.code == "312"
    assert _generate(client)["ewayBillNo"] != number
    assert simulator.generated_count("INV/2025/0001") == 2


def test_cancel_after_24_hours_or_after_verification_is_refused(simulator, client):
    late = _generate(client)["ewayBillNo"]
    verified = _generate(client, docNo="INV/2025/0002")["ewayBillNo"]
    simulator.mark_verified(verified)
    with pytest.raises(NicError) as checked:
        client.cancel_ewb(verified, EwbCancelReason.OTHERS, "Mistake")
    assert checked.value.code == "316"
    simulator.advance(timedelta(hours=24, seconds=1))
    with pytest.raises(NicError) as caught:
        client.cancel_ewb(late, EwbCancelReason.DATA_ENTRY_MISTAKE, "Wrong value")
    assert caught.value.code == "315"


def test_reason_codes_are_checked_before_sending(simulator, client):
    with pytest.raises(ValueError):
        client.cancel_ewb(331000000001, 5, "x")
    with pytest.raises(ValueError):
        client.extend_validity(331000000001, 10, "Pune", 27, 411001, 3, "x")
    assert simulator.request_count("/ewayapi") == 0


# -- transport failures and logs -------------------------------------------------------------
@pytest.mark.parametrize("kind", ["timeout", "http_500", "http_503", "malformed", "bad_encryption"])
def test_transport_failures_are_transient(simulator, client, kind):
    client.authenticate()
    simulator.fail_next(kind)
    with pytest.raises(NicTransientError):
        _generate(client)


def test_timeout_then_retry_generates_once(simulator, client):
    client.authenticate()
    simulator.fail_next("timeout")
    with pytest.raises(NicTransientError):
        _generate(client)
    with pytest.raises(NicError) as retry:
        _generate(client)
    assert retry.value.code == "604"
    assert simulator.generated_count("INV/2025/0001") == 1


def test_logs_never_show_secrets(simulator, client, caplog, monkeypatch):
    app_key = b"B" * 32
    monkeypatch.setattr(ewb_module, "new_app_key", lambda: app_key)
    caplog.set_level(logging.DEBUG, logger="oms_gst")
    number = _generate(client)["ewayBillNo"]
    first_token = client.tokens.current()
    simulator.fail_next("token_expired")
    client.get_ewb_details(number)
    secrets = [simulator.password, simulator.client_secret, base64.b64encode(app_key).decode()]
    for token in (first_token, client.tokens.current()):
        # the sek as sent (AES-ECB under the app key is deterministic) and as decrypted
        secrets += [token.auth_token, aes_encrypt(token.session_key, app_key)]
        secrets.append(base64.b64encode(token.session_key).decode())
    for secret in secrets:
        assert secret not in caplog.text
    assert "GENEWAYBILL" in caplog.text and "***" in caplog.text
