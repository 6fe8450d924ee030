"""Place of supply, CGST+SGST or IGST, and the e-invoice supply type."""

from decimal import Decimal

import pytest

from oms_gst.tax_split import SupplyDecision as Decision
from oms_gst.tax_split import TaxSplit, decide_supply, place_of_supply_for_goods, split_tax


@pytest.mark.parametrize(
    ("supplier", "place", "treatment", "lut", "expected"),
    [
        # Registered buyers: the states decide.
        ("27", "27", "regular", False, Decision("intra", "cgst_sgst", "B2B", True, "27")),
        ("27", "29", "regular", False, Decision("inter", "igst", "B2B", True, "29")),
        ("27", "27", "composition", False, Decision("intra", "cgst_sgst", "B2B", True, "27")),
        # A LUT zero-rates only exports and SEZ supplies.
        ("27", "27", "regular", True, Decision("intra", "cgst_sgst", "B2B", True, "27")),
        # SEZ is inter-state even inside the supplier's state.
        ("27", "27", "special_economic_zone", False, Decision("inter", "igst", "SEZWP", True, "27")),
        (
            "27",
            "27",
            "special_economic_zone",
            True,
            Decision("inter", "zero_rated", "SEZWOP", True, "27"),
        ),
        (
            "27",
            "29",
            "special_economic_zone",
            True,
            Decision("inter", "zero_rated", "SEZWOP", True, "29"),
        ),
        # Exports: place of supply 96 whatever was passed.
        ("27", None, "overseas", False, Decision("inter", "igst", "EXPWP", True, "96")),
        ("27", "27", "overseas", True, Decision("inter", "zero_rated", "EXPWOP", True, "96")),
        # Deemed exports pay tax like a domestic sale.
        ("27", "27", "deemed_export", True, Decision("intra", "cgst_sgst", "DEXP", True, "27")),
        ("27", "24", "deemed_export", False, Decision("inter", "igst", "DEXP", True, "24")),
        # B2C and UIN holders: taxed, but no IRN.
        ("27", "27", "consumer", False, Decision("intra", "cgst_sgst", None, False, "27")),
        ("27", "07", "unregistered", False, Decision("inter", "igst", None, False, "07")),
        ("27", "07", "uin_holders", False, Decision("inter", "igst", None, False, "07")),
    ],
)
def test_every_treatment(supplier, place, treatment, lut, expected):
    assert decide_supply(supplier, place, treatment, lut=lut) == expected


def test_state_codes_are_normalised_to_two_digits():
    assert decide_supply(7, "7", "regular") == Decision("intra", "cgst_sgst", "B2B", True, "07")


def test_decide_supply_refuses_unknown_treatment_and_missing_place():
    with pytest.raises(ValueError, match="Unknown GST treatment 'b2b'"):
        decide_supply("27", "27", "b2b")
    with pytest.raises(ValueError, match="place of supply must be a 2-digit GST state code"):
        decide_supply("27", None, "regular")
    with pytest.raises(ValueError, match="supplier state code"):
        decide_supply("Maharashtra", "27", "regular")


def test_decision_is_frozen():
    decision = decide_supply("27", "27", "regular")
    with pytest.raises(AttributeError):
        decision.tax_kind = "igst"


@pytest.mark.parametrize(
    ("amount", "rate", "kind", "cgst", "sgst", "igst"),
    [
        ("1000", 18, "intra", "90.00", "90.00", "0.00"),
        ("1000", 18, "inter", "0.00", "0.00", "180.00"),
        # 18 % of 0.25 is 0.045 -> 0.05 (half up), split 0.03 + 0.02.
        ("0.25", 18, "intra", "0.03", "0.02", "0.00"),
        ("0.25", 18, "inter", "0.00", "0.00", "0.05"),
        # 5 % of 10.10 is 0.505 -> 0.51 (half up, not half even), split 0.26 + 0.25.
        ("10.10", 5, "intra", "0.26", "0.25", "0.00"),
        ("99.99", "0.25", "inter", "0.00", "0.00", "0.25"),
        ("100", "7.5", "intra", "3.75", "3.75", "0.00"),
        ("100", 0, "intra", "0.00", "0.00", "0.00"),
    ],
)
def test_split_tax(amount, rate, kind, cgst, sgst, igst):
    split = split_tax(Decimal(amount), rate, kind)
    assert split == TaxSplit(Decimal(cgst), Decimal(sgst), Decimal(igst))
    assert split.total == Decimal(cgst) + Decimal(sgst) + Decimal(igst)


def test_halves_always_add_up_to_the_full_tax():
    for paise in range(1, 2000):
        amount = Decimal(paise) / 100
        full = split_tax(amount, 18, "inter").igst
        halves = split_tax(amount, 18, "intra")
        assert halves.cgst + halves.sgst == full
        assert abs(halves.cgst - halves.sgst) <= Decimal("0.01")


def test_split_tax_accepts_floats_without_binary_noise():
    assert split_tax(1.1, 18, "inter").igst == Decimal("0.20")


def test_split_tax_refuses_bad_input():
    with pytest.raises(ValueError, match="supply kind"):
        split_tax(100, 18, "zero_rated")
    with pytest.raises(ValueError, match="cannot be negative"):
        split_tax(100, -18, "inter")
    with pytest.raises(ValueError, match="taxable amount must be a number"):
        split_tax("abc", 18, "inter")


@pytest.mark.parametrize(
    ("bill_to", "ship_to", "bill_to_ship_to", "expected"),
    [
        ("27", "27", False, "27"),
        ("27", "29", False, "29"),  # movement ends in the ship-to state
        ("27", "29", True, "27"),  # goods delivered to a third party: the bill-to party's state
        ("27", None, False, "27"),
        (24, "", False, "24"),
    ],
)
def test_place_of_supply_for_goods(bill_to, ship_to, bill_to_ship_to, expected):
    assert place_of_supply_for_goods(bill_to, ship_to, bill_to_ship_to) == expected


def test_bill_to_ship_to_in_different_states_changes_the_tax():
    place = place_of_supply_for_goods("29", "27", bill_to_ship_to=True)
    assert decide_supply("27", place, "regular").tax_kind == "igst"
    place = place_of_supply_for_goods("29", "27", bill_to_ship_to=False)
    assert decide_supply("27", place, "regular").tax_kind == "cgst_sgst"
