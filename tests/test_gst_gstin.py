"""GSTIN layout, state code and check character."""

import pytest

from oms_gst.gstin import (
    GstinError,
    compute_check_character,
    gstin_kind,
    pan_of,
    state_code_of,
    validate_gstin,
)

VALID = ["27AAPFU0939F1ZV", "29AABCU9603R1ZJ", "05AAACG2115R1ZN"]


@pytest.mark.parametrize("gstin", VALID)
def test_valid_gstins_are_returned_unchanged(gstin):
    assert validate_gstin(gstin) == gstin


@pytest.mark.parametrize("gstin", VALID)
def test_check_character_of_the_documented_examples(gstin):
    assert compute_check_character(gstin[:14]) == gstin[14]


def test_input_is_stripped_and_upper_cased():
    assert validate_gstin("  27aapfu0939f1zv\n") == "27AAPFU0939F1ZV"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "The GSTIN is empty"),
        (None, "The GSTIN is empty"),
        ("27AAPFU0939F1Z", "has 14 characters; a GSTIN has exactly 15"),
        ("27AAPFU0939F1ZVV", "has 16 characters"),
        ("27AAPFU0939F1Z-", "only letters and digits"),
        ("00AAPFU0939F1ZV", "starts with 00, which is not a GST state code"),
        ("39AAPFU0939F1ZV", "starts with 39, which is not a GST state code"),
        ("96AAPFU0939F1ZV", "starts with 96"),
        ("AAAAPFU0939F1ZV", "starts with AA"),
        ("27AAPF10939F1ZV", "characters 3 to 12 (AAPF10939F) must be a PAN"),
        ("27AAPFU093XF1ZV", "must be a PAN"),
        ("27AAPFU0939F0ZV", "13th character (entity number) must be 1-9 or A-Z, not 0"),
        ("27AAPFU0939F1YV", "14th character must be Z, not Y"),
        ("27AAPFU0939F1ZX", "GSTIN 27AAPFU0939F1ZX fails its check character: expected V"),
    ],
)
def test_invalid_gstins_say_what_is_wrong(value, message):
    with pytest.raises(GstinError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate_gstin(value)


def test_gstin_error_is_a_value_error():
    assert issubclass(GstinError, ValueError)


@pytest.mark.parametrize("code", ["01", "09", "10", "37", "38", "97", "99"])
def test_every_valid_state_code_is_accepted(code):
    body = f"{code}AAPFU0939F1Z"
    assert validate_gstin(body + compute_check_character(body)).startswith(code)


def test_sandbox_accepts_nic_test_gstins_that_fail_the_checksum():
    with pytest.raises(GstinError):
        validate_gstin("02AMBPG7773M002")
    assert validate_gstin("02AMBPG7773M002", sandbox=True) == "02AMBPG7773M002"
    assert validate_gstin("27AAPFU0939F1ZX", sandbox=True) == "27AAPFU0939F1ZX"


def test_sandbox_still_checks_length_state_code_and_pan():
    for value in ("02AMBPG7773M00", "41AMBPG7773M002", "02AMBP17773M002"):
        with pytest.raises(GstinError):
            validate_gstin(value, sandbox=True)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("27AAPFU0939F1Z", "regular"),
        ("27AAPFU0939F11", "regular"),
        ("27AAICA3918J1C", "tcs"),
        ("07DELA12345B1D", "tds"),
        ("2317UNO00001UN", "uin"),
        ("0717USA12345NR", "nri"),
        ("9917USA29016OS", "oidar"),
    ],
)
def test_special_registrations_are_recognised_and_check_summed(body, kind):
    gstin = body + compute_check_character(body)
    assert gstin_kind(gstin) == kind
    wrong = body + ("0" if gstin[14] != "0" else "1")
    with pytest.raises(GstinError, match="fails its check character"):
        validate_gstin(wrong)


def test_state_code_and_pan_are_extracted():
    assert state_code_of("27AAPFU0939F1ZV") == "27"
    assert pan_of(" 29aabcu9603r1zj") == "AABCU9603R"


def test_pan_of_refuses_registrations_without_a_pan():
    body = "9917USA29016OS"
    with pytest.raises(GstinError, match="does not contain a PAN"):
        pan_of(body + compute_check_character(body))


def test_compute_check_character_refuses_bad_input():
    with pytest.raises(GstinError, match="14 characters"):
        compute_check_character("27AAPFU0939F1")
    with pytest.raises(GstinError, match="not a letter or a digit"):
        compute_check_character("27AAPFU0939F1#")
