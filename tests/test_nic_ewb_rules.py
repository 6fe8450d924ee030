"""Pure e-way bill rules: validity, windows, threshold, reason codes, payload building and checks."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from gst_samples import BUYER_MH, document, line

from oms_gst.ewb_payload import SUB_SUPPLY_OTHERS, build_ewb_payload
from oms_gst.ewb_rules import (
    IST,
    EwbCancelReason,
    EwbThresholds,
    EwbTransport,
    IrnCancelReason,
    TransportMode,
    can_cancel,
    can_extend,
    is_ewb_required,
    validate_ewb_payload,
    validity_until,
)
from simulators.nic_ewb_checks import check_generate

GENERATED = datetime(2025, 9, 15, 10, 30, tzinfo=IST)
NOW = datetime(2025, 9, 15, 12, 0, tzinfo=IST)
SELLER_GSTIN = "29AABCU9603R1ZJ"


def _end_of(day):
    return datetime(2025, 9, day, 23, 59, 59, tzinfo=IST)


@pytest.mark.parametrize(
    ("distance_km", "odc", "last_day"),
    [
        (0, False, 16),
        (1, False, 16),
        (200, False, 16),
        (201, False, 17),
        (400, False, 17),
        (401, False, 18),
        (850, False, 20),
        (20, True, 16),
        (21, True, 17),
        (100, True, 20),
    ],
)
def test_validity_table(distance_km, odc, last_day):
    assert validity_until(GENERATED, distance_km, odc=odc) == _end_of(last_day)


def test_validity_counts_days_in_ist_and_ends_at_midnight():
    # 20:00 UTC on the 14th is already 01:30 on the 15th in India.
    generated_utc = datetime(2025, 9, 14, 20, 0, tzinfo=timezone.utc)
    until = validity_until(generated_utc, 150)
    assert until == _end_of(16)
    assert until.utcoffset() == timedelta(hours=5, minutes=30)
    just_before_midnight = datetime(2025, 9, 15, 23, 59, 59, tzinfo=IST)
    assert validity_until(just_before_midnight, 150) == _end_of(16)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        validity_until(datetime(2025, 9, 15, 10, 30), 100)
    with pytest.raises(ValueError):
        can_cancel(GENERATED, datetime(2025, 9, 15, 11, 0))


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [
        (-timedelta(hours=8, seconds=1), False),
        (-timedelta(hours=8), True),
        (timedelta(0), True),
        (timedelta(hours=8), True),
        (timedelta(hours=8, seconds=1), False),
    ],
)
def test_extension_window_is_8_hours_either_side(offset, allowed):
    expiry = _end_of(20)
    assert can_extend(expiry, expiry + offset) is allowed


@pytest.mark.parametrize(
    ("elapsed", "allowed"),
    [
        (timedelta(0), True),
        (timedelta(hours=24), True),
        (timedelta(hours=24, seconds=1), False),
        (-timedelta(minutes=1), False),
    ],
)
def test_cancel_window_is_24_hours(elapsed, allowed):
    assert can_cancel(GENERATED, GENERATED + elapsed) is allowed


def test_threshold_interstate_and_configurable_intrastate():
    thresholds = EwbThresholds(intrastate_by_state={"27": 100000, "07": None})
    assert not is_ewb_required(50000, True, "29")
    assert is_ewb_required(50000.01, True, "29")
    assert is_ewb_required(60000, False, 29, thresholds)  # default intra-state limit
    assert not is_ewb_required(90000, False, "27", thresholds)
    assert is_ewb_required(100001, False, 27, thresholds)
    assert not is_ewb_required(10**7, False, 7, thresholds)


def test_cancel_reason_codes_2_and_3_are_swapped_between_irn_and_ewb():
    assert IrnCancelReason.DATA_ENTRY_MISTAKE == 2 and EwbCancelReason.DATA_ENTRY_MISTAKE == 3
    assert IrnCancelReason.ORDER_CANCELLED == 3 and EwbCancelReason.ORDER_CANCELLED == 2
    assert IrnCancelReason.DUPLICATE == EwbCancelReason.DUPLICATE == 1


def _build(transport):
    ship_to = replace(
        BUYER_MH, address1="Survey 12, GIDC", location="Vapi", pincode="396195", state_code="24"
    )
    lines = [
        line("Server", quantity=2, unit_price="50000"),
        line("Cable", hsn="8523", quantity=10, unit_price="950"),
        line("Installation", hsn="998719", quantity=1, unit_price="5000", is_service=True),
    ]
    doc = document(lines=lines, number="INV/25/7", date=date(2025, 9, 15), ship_to=ship_to)
    return build_ewb_payload(doc, transport)


def test_build_payload_uses_nic_names_and_formats():
    payload = _build(EwbTransport(850, TransportMode.ROAD, vehicle_number="KA01AB1234"))
    assert payload["docDate"] == "15/09/2025" and payload["supplyType"] == "O"
    assert (payload["docType"], payload["subSupplyType"], payload["transactionType"]) == ("INV", "1", 2)
    assert (payload["fromStateCode"], payload["actFromStateCode"]) == (29, 29)
    # Billed to Maharashtra (the place of supply), goods go to the ship-to party in Gujarat.
    assert (payload["toStateCode"], payload["actToStateCode"]) == (27, 24)
    assert (payload["toPlace"], payload["toPincode"], payload["toTrdName"]) == (
        "Vapi",
        396195,
        "Unique Traders",
    )
    assert (payload["transMode"], payload["transDistance"], payload["vehicleType"]) == ("1", "850", "R")
    # The service line does not move: it is in the invoice value (otherValue), not in the items.
    assert payload["totalValue"] == 109500 and payload["igstValue"] == 19710
    assert (payload["otherValue"], payload["totInvValue"]) == (5900, 135110)
    assert payload["itemList"][1] == {
        "productName": "Cable",
        "productDesc": "Cable",
        "hsnCode": "8523",
        "quantity": 10,
        "qtyUnit": "NOS",
        "taxableAmount": 9500,
        "cgstRate": 0,
        "sgstRate": 0,
        "igstRate": 18,
        "cessRate": 0,
        "cessNonadvol": 0,
    }
    assert validate_ewb_payload(payload, today=date(2025, 9, 15)) == []


@pytest.mark.parametrize(
    ("transport", "fragment"),
    [
        (EwbTransport(850, TransportMode.ROAD), "vehicle number"),
        (EwbTransport(850, TransportMode.RAIL), "transport document"),
        (EwbTransport(850, TransportMode.SHIP, document_number="BL1", odc=True), "road"),
        (EwbTransport(850), "transporter ID"),
    ],
)
def test_transport_rules(transport, fragment):
    problems = validate_ewb_payload(_build(transport), today=date(2025, 9, 15))
    assert len(problems) == 1 and fragment in problems[0]


def test_part_a_only_with_transporter_is_valid():
    transport = EwbTransport(850, transporter_id="05AAACG2115R1ZN")
    assert validate_ewb_payload(_build(transport), today=date(2025, 9, 15)) == []


def test_document_age_and_same_pincode_distance():
    payload = _build(
        EwbTransport(0, TransportMode.AIR, document_number="AWB-1", document_date=date(2025, 9, 15))
    )
    assert validate_ewb_payload(payload, today=date(2026, 3, 13)) == []  # day 179
    assert "180 days" in validate_ewb_payload(payload, today=date(2026, 3, 15))[0]
    payload["toPincode"] = payload["fromPincode"]
    assert "between 1 and 100 km" in validate_ewb_payload(payload, today=date(2025, 9, 15))[0]
    payload["transDistance"] = "100"
    assert validate_ewb_payload(payload, today=date(2025, 9, 15)) == []


def _free_goods_challan(description="Free Gift"):
    """Goods given free on a delivery challan: no tax (no supply), sub-supply type 8, Others."""
    lines = [line("Ball bearing", hsn="8482", quantity=100, unit_price="600", gst_rate=0)]
    doc = document(lines=lines, doc_type="CHL", number="DC/2627/00007", date=date(2025, 9, 15))
    return build_ewb_payload(
        doc,
        EwbTransport(850, TransportMode.ROAD, vehicle_number="KA01AB1234"),
        sub_supply_type=SUB_SUPPLY_OTHERS,
        sub_supply_description=description,
    )


def test_free_goods_travel_on_a_challan_of_sub_supply_others_without_tax():
    payload = _free_goods_challan()
    assert (payload["docType"], payload["subSupplyType"], payload["subSupplyDesc"]) == (
        "CHL",
        "8",
        "Free Gift",
    )
    assert (payload["totalValue"], payload["igstValue"], payload["totInvValue"]) == (60000, 0, 60000)
    assert validate_ewb_payload(payload, today=date(2025, 9, 15)) == []
    assert check_generate(payload, SELLER_GSTIN, NOW) == []


@pytest.mark.parametrize(
    ("changes", "fragment", "code"),
    [
        ({"subSupplyDesc": ""}, "needs a description", "SUB_SUPPLY_DESC"),
        ({"docType": "INV"}, "does not go with sub-supply type 8", "DOC_FOR_SUB_SUPPLY"),
        (
            {"subSupplyType": "1", "docType": "CHL"},
            "does not go with sub-supply type 1",
            "DOC_FOR_SUB_SUPPLY",
        ),
    ],
)
def test_the_document_must_fit_the_sub_supply_type(changes, fragment, code):
    """NIC's table of document types per sub-supply type: a supply on an invoice, goods moved without a
    supply on a challan; Others needs its reason. Both our rules and the simulator refuse the mismatch."""
    payload = {**_free_goods_challan(), **changes}
    problems = validate_ewb_payload(payload, today=date(2025, 9, 15))
    assert len(problems) == 1 and fragment in problems[0]
    assert code in check_generate(payload, SELLER_GSTIN, NOW)
