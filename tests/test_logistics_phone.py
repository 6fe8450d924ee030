"""Phone numbers to E.164."""

import pytest

from oms_logistics.phone import PhoneNumberError, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9876543210", "+919876543210"),
        ("+91 98765 43210", "+919876543210"),
        ("+91-98765-43210", "+919876543210"),
        ("098765 43210", "+919876543210"),
        ("0091 98765 43210", "+919876543210"),
        ("6123456789", "+916123456789"),
        ("011 2345 6789", "+911123456789"),  # Delhi landline
        ("+1 650 253 0000", "+16502530000"),
        ("+977 984 1234567", "+9779841234567"),  # Nepal mobile
    ],
)
def test_good_numbers(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "   ",
        "abc",
        "1234",
        "98765",
        "98765432101",
        "+91 98765",
        "+999 12345678",
        "+91 5987654321",
        "+91 98765432109",
    ],
)
def test_bad_numbers(raw):
    with pytest.raises(PhoneNumberError) as caught:
        normalize_phone(raw)
    assert "phone number" in str(caught.value).lower()


def test_invalid_message_shows_the_expected_format():
    with pytest.raises(ValueError, match=r"Phone number 1234 is not valid; enter it with its country code"):
        normalize_phone("1234")


def test_default_region_reads_national_numbers():
    assert normalize_phone("(650) 253-0000", default_region="US") == "+16502530000"


def test_mobile_required_refuses_landlines():
    assert normalize_phone("98765 43210", require_mobile=True) == "+919876543210"
    with pytest.raises(PhoneNumberError, match="not a mobile number"):
        normalize_phone("011 2345 6789", require_mobile=True)
