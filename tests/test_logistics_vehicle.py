"""Vehicle numbers: accepted formats, padding and refusals."""

import pytest

from oms_logistics.vehicle import (
    MSG_INVALID,
    MSG_UNKNOWN_STATE,
    VehicleNumberError,
    is_valid_state_prefix,
    normalize_vehicle_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MH12AB1234", "MH12AB1234"),
        ("mh 12 ab 1234", "MH12AB1234"),
        ("MH-12-AB-1234", "MH12AB1234"),
        (" KA 05 M 4321 ", "KA05M4321"),
        ("DL121234", "DL121234"),
        ("ABC1234", "ABC1234"),
        ("DLC 12", "DLC0012"),
        ("DL123A1234", "DL123A1234"),
        ("GJ01ABC1234", "GJ01ABC1234"),
        ("DL1AB123", "DL01AB0123"),
        ("DL1C1", "DL01C0001"),
        ("TN9ABC12", "TN09ABC0012"),
        ("TG09AB1234", "TG09AB1234"),
        ("22 BH 1234 AA", "22BH1234AA"),
        ("21BH12B", "21BH0012B"),
        ("TM1234567", "TM1234567"),
        ("tm-ab12345", "TMAB12345"),
        ("DF123456", "DF123456"),
        ("BP1A2345", "BP1A2345"),
        ("NP 01 PA 1234", "NP01PA1234"),
    ],
)
def test_good_numbers(raw, expected):
    assert normalize_vehicle_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        ("", "Enter a vehicle number"),
        (None, "Enter a vehicle number"),
        ("  - ", "Enter a vehicle number"),
        ("MH12AB12345", "expected a number like AB12AB1234"),
        ("MH12ABCD1234", "expected a number like AB12AB1234"),
        ("MH1234AB1234", "expected a number like AB12AB1234"),
        ("DL123AB1234", "expected a number like AB12AB1234"),  # 3-digit district needs a 1-letter series
        ("DL11234", "expected a number like AB12AB1234"),  # digits cannot be split without series letters
        ("MH12AB", "expected a number like AB12AB1234"),
        ("MH/12/AB/1234", "expected a number like AB12AB1234"),
        ("1234", "expected a number like AB12AB1234"),
        ("22BH1234IO", "expected a number like AB12AB1234"),  # I and O are not used in the Bharat series
        ("ZZ12AB1234", "starts with ZZ, which is not an Indian state or union territory code"),
        ("XY121234", "starts with XY"),
        ("TM12345", None),
        ("TM123", "too short: it needs at least 7 characters"),
        ("DF", "expected a number like AB12AB1234"),
        ("NP0123456789ABCD", "too long: at most 15 characters"),
    ],
)
def test_bad_numbers(raw, message_part):
    if message_part is None:  # exactly 7 characters: the shortest temporary number accepted
        assert normalize_vehicle_number(raw) == raw
        return
    with pytest.raises(VehicleNumberError) as caught:
        normalize_vehicle_number(raw)
    assert message_part in str(caught.value)


def test_error_is_a_value_error_with_template():
    with pytest.raises(ValueError) as caught:
        normalize_vehicle_number("ZZ12AB1234")
    assert caught.value.template == MSG_UNKNOWN_STATE
    assert caught.value.params == {"number": "ZZ12AB1234", "prefix": "ZZ"}
    with pytest.raises(VehicleNumberError) as caught:
        normalize_vehicle_number("??")
    assert caught.value.template == MSG_INVALID


@pytest.mark.parametrize(
    ("prefix", "valid"),
    [
        *[(code, True) for code in ("DL", "mh", "OD", "OR", "TS", "TG", "LA", "BH")],
        *[(code, False) for code in ("ZZ", "TM", "", None, "D")],
    ],
)
def test_state_prefixes(prefix, valid):
    assert is_valid_state_prefix(prefix) is valid
