"""Invoice total rounding to the rupee, and HSN code checks."""

from decimal import Decimal

import pytest

from oms_gst.hsn import HsnError, check_hsn, line_label
from oms_gst.rounding import RoundingError, check_round_off, round_invoice_total


@pytest.mark.parametrize(
    ("total", "rounded", "round_off"),
    [
        ("1234.50", "1235.00", "0.50"),
        ("1234.49", "1234.00", "-0.49"),
        ("1234.51", "1235.00", "0.49"),
        ("1234.00", "1234.00", "0.00"),
        ("0.50", "1.00", "0.50"),
        ("-10.50", "-11.00", "-0.50"),
        # Taken to the paisa first: 99.995 is 100.00.
        ("99.995", "100.00", "0.00"),
    ],
)
def test_round_invoice_total(total, rounded, round_off):
    assert round_invoice_total(Decimal(total)) == (Decimal(rounded), Decimal(round_off))


def test_rounded_total_is_total_plus_round_off():
    for paise in range(0, 10001, 7):
        total = Decimal(paise) / 100
        rounded, round_off = round_invoice_total(total)
        assert rounded == total + round_off
        assert rounded == rounded.to_integral_value()


def test_round_off_limit():
    assert check_round_off("99.99") == Decimal("99.99")
    assert check_round_off(-99.99) == Decimal("-99.99")
    with pytest.raises(RoundingError, match=r"Round-off 100\.00 is outside"):
        check_round_off(100)
    with pytest.raises(RoundingError, match=r"Round-off -100\.00 is outside"):
        check_round_off("-99.995")


@pytest.mark.parametrize(
    ("code", "required", "expected"),
    [
        ("8471", 4, "8471"),
        (" 847130 ", 4, "847130"),
        ("84713010", 4, "84713010"),
        ("847130", 6, "847130"),
        ("84713010", 8, "84713010"),
        (998314, 6, "998314"),
    ],
)
def test_valid_hsn_codes(code, required, expected):
    assert check_hsn(code, required) == expected


@pytest.mark.parametrize(
    ("code", "required", "message"),
    [
        ("12", 4, "Line 3 (Widget 10mm): HSN code 12 must have 4 to 8 digits"),
        ("847130101", 4, "Line 3 (Widget 10mm): HSN code 847130101 must have 4 to 8 digits"),
        ("8471", 6, "Line 3 (Widget 10mm): HSN code 8471 must have 6 to 8 digits (company setting)"),
        ("847130", 8, "Line 3 (Widget 10mm): HSN code 847130 must have 8 digits (company setting)"),
        ("8471.30", 4, "Line 3 (Widget 10mm): HSN code 8471.30 must contain digits only"),
        ("", 4, "HSN code missing on line 3 (Widget 10mm)"),
        (None, 4, "HSN code missing on line 3 (Widget 10mm)"),
        (False, 4, "HSN code missing on line 3 (Widget 10mm)"),
    ],
)
def test_invalid_hsn_codes_name_the_line_and_product(code, required, message):
    with pytest.raises(HsnError) as error:
        check_hsn(code, required, line_number=3, product="Widget 10mm")
    assert str(error.value) == message


def test_hsn_messages_without_line_or_product():
    with pytest.raises(HsnError, match=r"^HSN code missing for Widget$"):
        check_hsn("", 4, product="Widget")
    with pytest.raises(HsnError, match=r"^HSN code missing$"):
        check_hsn(" ", 4)
    with pytest.raises(HsnError, match=r"^HSN code 12 must have 4 to 8 digits$"):
        check_hsn("12", 4)


def test_required_length_must_be_4_6_or_8():
    with pytest.raises(ValueError, match="4, 6 or 8"):
        check_hsn("84713", 5)


def test_line_label():
    assert line_label(3, "Widget 10mm") == "Line 3 (Widget 10mm)"
    assert line_label(3) == "Line 3"
    assert line_label(product="Widget") == "Widget"
    assert line_label() == ""
