"""The IRP GenerateIRN payload (INV-01 1.1) built from plain values, and the IRN hash."""

import datetime
import hashlib
import json
from dataclasses import replace

import pytest
from gst_samples import BUYER_ABROAD, BUYER_KA, BUYER_MH, SELLER, document, line

from oms_gst.einvoice_payload import build_irn_payload, compute_irn, financial_year_of
from oms_gst.einvoice_validation import validate_irn_payload
from oms_gst.gst_document import GstDocumentError, Party

ITEM_KEYS = [
    "SlNo",
    "PrdDesc",
    "IsServc",
    "HsnCd",
    "Qty",
    "Unit",
    "UnitPrice",
    "TotAmt",
    "Discount",
    "AssAmt",
    "GstRt",
    "IgstAmt",
    "CgstAmt",
    "SgstAmt",
    "CesRt",
    "CesAmt",
    "CesNonAdvlAmt",
    "StateCesRt",
    "StateCesAmt",
    "StateCesNonAdvlAmt",
    "OthChrg",
    "TotItemVal",
]
VALUE_KEYS = [
    "AssVal",
    "CgstVal",
    "SgstVal",
    "IgstVal",
    "CesVal",
    "StCesVal",
    "Discount",
    "OthChrg",
    "RndOffAmt",
    "TotInvVal",
]


def test_intra_state_invoice_blocks():
    payload = build_irn_payload(document(buyer=BUYER_KA))
    assert list(payload) == [
        "Version",
        "TranDtls",
        "DocDtls",
        "SellerDtls",
        "BuyerDtls",
        "ItemList",
        "ValDtls",
    ]
    assert payload["Version"] == "1.1"
    assert payload["TranDtls"] == {"TaxSch": "GST", "SupTyp": "B2B", "RegRev": "N", "IgstOnIntra": "N"}
    assert payload["DocDtls"] == {"Typ": "INV", "No": "INV/2025/0001", "Dt": "01/07/2025"}
    assert payload["SellerDtls"] == {
        "Gstin": "29AABCU9603R1ZJ",
        "LglNm": "Uplift Industries Pvt Ltd",
        "TrdNm": "Uplift",
        "Addr1": "12 MG Road",
        "Addr2": "Ashok Nagar",
        "Loc": "Bengaluru",
        "Pin": 560001,
        "Stcd": "29",
        "Ph": "919845012345",
        "Em": "billing@uplift.example",
    }
    # Empty optional fields are left out rather than sent as "".
    assert payload["BuyerDtls"] == {
        "Gstin": "27AAPFU0939F1ZV",
        "LglNm": "Unique Traders",
        "Pos": "29",
        "Addr1": "4 Link Road",
        "Loc": "Mysuru",
        "Pin": 570001,
        "Stcd": "29",
    }
    [item] = payload["ItemList"]
    assert list(item) == ITEM_KEYS
    assert item == {
        "SlNo": "1",
        "PrdDesc": "Widget 10mm",
        "IsServc": "N",
        "HsnCd": "84713010",
        "Qty": 10.0,
        "Unit": "NOS",
        "UnitPrice": 100.0,
        "TotAmt": 1000.0,
        "Discount": 0.0,
        "AssAmt": 1000.0,
        "GstRt": 18.0,
        "IgstAmt": 0.0,
        "CgstAmt": 90.0,
        "SgstAmt": 90.0,
        "CesRt": 0.0,
        "CesAmt": 0.0,
        "CesNonAdvlAmt": 0.0,
        "StateCesRt": 0.0,
        "StateCesAmt": 0.0,
        "StateCesNonAdvlAmt": 0.0,
        "OthChrg": 0.0,
        "TotItemVal": 1180.0,
    }
    assert list(payload["ValDtls"]) == VALUE_KEYS
    assert payload["ValDtls"]["TotInvVal"] == 1180.0


def test_inter_state_invoice_takes_igst():
    payload = build_irn_payload(document(buyer=BUYER_MH))
    item = payload["ItemList"][0]
    assert (item["IgstAmt"], item["CgstAmt"], item["SgstAmt"]) == (180.0, 0.0, 0.0)
    assert payload["BuyerDtls"]["Pos"] == "27"
    assert payload["TranDtls"]["IgstOnIntra"] == "N"
    assert payload["ValDtls"]["IgstVal"] == 180.0


def test_bill_to_ship_to_uses_the_given_place_of_supply():
    ship_to = replace(BUYER_KA, gstin="", legal_name="Site Office")
    payload = build_irn_payload(document(buyer=BUYER_MH, place_of_supply="27", ship_to=ship_to))
    assert payload["ItemList"][0]["IgstAmt"] == 180.0
    assert payload["ShipDtls"] == {
        "LglNm": "Site Office",
        "Addr1": "4 Link Road",
        "Loc": "Mysuru",
        "Pin": 570001,
        "Stcd": "29",
    }


def test_dispatch_from_block():
    warehouse = replace(SELLER, legal_name="Uplift Warehouse", address2="", location="Hosur", pincode=635109)
    payload = build_irn_payload(document(dispatch_from=warehouse))
    assert payload["DispDtls"] == {
        "Nm": "Uplift Warehouse",
        "Addr1": "12 MG Road",
        "Loc": "Hosur",
        "Pin": 635109,
        "Stcd": "29",
    }
    assert list(payload).index("DispDtls") < list(payload).index("ItemList")


def test_sez_in_the_same_state_takes_igst_flagged_intra():
    payload = build_irn_payload(document(buyer=BUYER_KA, supply_type="SEZWP"))
    assert payload["ItemList"][0]["IgstAmt"] == 180.0
    assert payload["ItemList"][0]["CgstAmt"] == 0.0
    assert payload["TranDtls"] == {"TaxSch": "GST", "SupTyp": "SEZWP", "RegRev": "N", "IgstOnIntra": "Y"}
    assert validate_irn_payload(payload) == []


@pytest.mark.parametrize("supply_type", ["SEZWOP", "EXPWOP"])
def test_zero_rated_supplies_carry_no_tax(supply_type):
    buyer = BUYER_ABROAD if supply_type == "EXPWOP" else BUYER_MH
    payload = build_irn_payload(document(buyer=buyer, supply_type=supply_type, lines=[line(cess_rate=1)]))
    item = payload["ItemList"][0]
    assert item["GstRt"] == 18.0
    assert (item["IgstAmt"], item["CgstAmt"], item["SgstAmt"], item["CesAmt"]) == (0.0, 0.0, 0.0, 0.0)
    assert item["TotItemVal"] == 1000.0
    assert payload["TranDtls"]["IgstOnIntra"] == "N"
    assert validate_irn_payload(payload) == []


def test_export_with_payment():
    payload = build_irn_payload(document(buyer=BUYER_ABROAD, supply_type="EXPWP"))
    assert payload["BuyerDtls"]["Gstin"] == "URP"
    assert payload["BuyerDtls"]["Pos"] == "96"
    assert payload["BuyerDtls"]["Pin"] == 999999
    assert payload["ItemList"][0]["IgstAmt"] == 180.0
    assert validate_irn_payload(payload) == []


def test_igst_on_intra_flag_charges_igst_inside_the_state():
    payload = build_irn_payload(document(buyer=BUYER_KA, igst_on_intra=True))
    assert payload["ItemList"][0]["IgstAmt"] == 180.0
    assert payload["TranDtls"]["IgstOnIntra"] == "Y"
    assert validate_irn_payload(payload) == []


def test_credit_note_and_reverse_charge():
    payload = build_irn_payload(document(doc_type="CRN", reverse_charge=True))
    assert payload["DocDtls"]["Typ"] == "CRN"
    assert payload["TranDtls"]["RegRev"] == "Y"


def test_header_is_the_sum_of_the_lines_with_invoice_level_amounts():
    lines = [
        line(quantity=3, unit_price="333.33", discount="10"),  # 999.99 - 10 = 989.99
        line("Bolt M8", hsn="7318", quantity="2.5", unit_price="41.1", gst_rate=28, cess_rate=12),
        line(
            "Freight",
            hsn="996511",
            quantity=1,
            unit_price="250",
            gst_rate=5,
            is_service=True,
            cess_non_advol_amount="4",
            state_cess_rate=1,
            state_cess_non_advol_amount="2",
            other_charges="15",
        ),
    ]
    doc = document(buyer=BUYER_KA, lines=lines, discount="20", other_charges="30", round_off="-0.04")
    payload = build_irn_payload(doc)
    first, bolt, freight = payload["ItemList"]
    assert (first["TotAmt"], first["Discount"], first["AssAmt"]) == (999.99, 10.0, 989.99)
    # 18 % of 989.99 = 178.1982 -> 178.20, split 89.10 + 89.10.
    assert (first["CgstAmt"], first["SgstAmt"]) == (89.1, 89.1)
    # 2.5 x 41.1 = 102.75; 28 % = 28.77 -> 14.39 + 14.38; cess 12 % = 12.33.
    assert (bolt["AssAmt"], bolt["CgstAmt"], bolt["SgstAmt"], bolt["CesAmt"]) == (102.75, 14.39, 14.38, 12.33)
    assert bolt["TotItemVal"] == 143.85
    assert freight["IsServc"] == "Y"
    # 250 + 6.25 + 6.25 + fixed cess 4 + state cess 2.50 + fixed state cess 2 + other 15.
    assert freight["TotItemVal"] == 286.0
    assert payload["ValDtls"] == {
        "AssVal": 1342.74,
        "CgstVal": 109.74,
        "SgstVal": 109.73,
        "IgstVal": 0.0,
        "CesVal": 16.33,
        "StCesVal": 4.5,
        "Discount": 20.0,
        "OthChrg": 30.0,
        "RndOffAmt": -0.04,
        "TotInvVal": 1608.0,
    }
    assert validate_irn_payload(payload) == []


def test_amounts_are_json_numbers_with_two_decimals_and_no_negative_zero():
    payload = build_irn_payload(document(lines=[line(quantity="1.23456", unit_price="0.3333", gst_rate=0)]))
    item = payload["ItemList"][0]
    assert (item["Qty"], item["UnitPrice"], item["TotAmt"]) == (1.235, 0.333, 0.41)
    text = json.dumps(payload)
    assert "-0.0" not in text
    assert all(isinstance(value, float) for value in payload["ValDtls"].values())


def test_text_fields_lose_line_breaks():
    payload = build_irn_payload(document(lines=[line("Widget\n10mm  (blue)")]))
    assert payload["ItemList"][0]["PrdDesc"] == "Widget 10mm (blue)"


def test_negative_line_is_folded_into_the_discount_of_the_matching_line():
    lines = [
        line("Widget 10mm", quantity=1, unit_price="1000", discount="100"),
        line("Widget 12mm", quantity=2, unit_price="1500"),
        line("Widget promo", quantity=1, unit_price="-300"),
        line("Nut", hsn="7318", quantity=4, unit_price="10", gst_rate=18),
    ]
    payload = build_irn_payload(document(lines=lines))
    items = {item["SlNo"]: item for item in payload["ItemList"]}
    # The promo line disappears; line numbers stay those the user sees on the invoice.
    assert sorted(items) == ["1", "2", "4"]
    # Deducted from the largest matching line first.
    assert (items["2"]["Discount"], items["2"]["AssAmt"]) == (300.0, 2700.0)
    assert (items["1"]["Discount"], items["1"]["AssAmt"]) == (100.0, 900.0)
    assert items["4"]["Discount"] == 0.0
    assert payload["ValDtls"]["AssVal"] == 3640.0
    assert payload["ValDtls"]["IgstVal"] == 655.2
    assert validate_irn_payload(payload) == []


def test_negative_line_larger_than_one_line_is_spread_over_several():
    lines = [
        line("Widget A", quantity=1, unit_price="500"),
        line("Widget B", quantity=1, unit_price="400"),
        line("Return", quantity=-1, unit_price="700"),
    ]
    payload = build_irn_payload(document(lines=lines))
    assert [(item["SlNo"], item["AssAmt"], item["Discount"]) for item in payload["ItemList"]] == [
        ("1", 0.0, 500.0),
        ("2", 200.0, 200.0),
    ]


def test_negative_line_without_a_matching_line_is_refused():
    lines = [line(gst_rate=18), line("Discount", quantity=1, unit_price="-50", gst_rate=12)]
    with pytest.raises(
        GstDocumentError, match=r"Line 2 \(Discount\): .* has no positive line with HSN 84713010"
    ):
        build_irn_payload(document(lines=lines))


def test_negative_line_exceeding_the_matching_lines_is_refused():
    lines = [line(quantity=1, unit_price="100"), line("Refund", quantity=1, unit_price="-150")]
    with pytest.raises(GstDocumentError, match=r"Line 2 \(Refund\): .* exceeds the lines"):
        build_irn_payload(document(lines=lines))


def test_negative_line_with_a_different_cess_rate_is_not_folded():
    lines = [line(cess_rate=12), line("Discount", quantity=1, unit_price="-50")]
    with pytest.raises(GstDocumentError, match="has no positive line"):
        build_irn_payload(document(lines=lines))


def test_negative_line_with_other_charges_is_refused():
    lines = [line(), line("Discount", quantity=1, unit_price="-50", other_charges="5")]
    with pytest.raises(GstDocumentError, match="cannot carry other charges"):
        build_irn_payload(document(lines=lines))


def test_negative_quantity_and_price_make_a_positive_line():
    payload = build_irn_payload(document(lines=[line(quantity=-2, unit_price="-50")]))
    item = payload["ItemList"][0]
    assert (item["Qty"], item["UnitPrice"], item["TotAmt"]) == (2.0, 50.0, 100.0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"doc_type": "INVOICE"}, "Document type must be one of INV, CRN, DBN"),
        ({"supply_type": "B2C"}, "Supply type must be one of B2B"),
        ({"lines": []}, "has no lines"),
        ({"date": "2025-07-01"}, "the date must be a date"),
        ({"lines": [line(discount="-5")]}, r"Line 1 \(Widget 10mm\): the discount -5.00 is negative"),
        ({"place_of_supply": "MH"}, "place of supply must be a 2-digit GST state code"),
        ({"lines": [line(quantity="ten")]}, r"Line 1 \(Widget 10mm\): The quantity must be a number"),
        ({"lines": [line(gst_rate=None)]}, r"Line 1 \(Widget 10mm\): The GST rate must be a number"),
    ],
)
def test_documents_that_cannot_be_built(values, message):
    with pytest.raises(GstDocumentError, match=message):
        build_irn_payload(document(**values))


def test_document_lines_become_a_tuple_and_the_document_is_frozen():
    doc = document(lines=[line()])
    assert isinstance(doc.lines, tuple)
    with pytest.raises(AttributeError):
        doc.number = "X"


def test_thousand_lines_are_built():
    payload = build_irn_payload(document(lines=[line(quantity=1)] * 1000))
    assert len(payload["ItemList"]) == 1000
    assert payload["ItemList"][-1]["SlNo"] == "1000"
    assert payload["ValDtls"]["AssVal"] == 100000.0


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2025, 4, 1), "2025-26"),
        (datetime.date(2026, 3, 31), "2025-26"),
        (datetime.date(2026, 4, 1), "2026-27"),
        (datetime.date(2000, 1, 15), "1999-00"),
        (datetime.date(2099, 12, 31), "2099-00"),
    ],
)
def test_financial_year_of(day, year):
    assert financial_year_of(day) == year


def test_irn_is_the_sha256_of_the_concatenation():
    expected = hashlib.sha256(b"29AABCU9603R1ZJ2025-26INVINV/2025/0001").hexdigest()
    assert compute_irn("29AABCU9603R1ZJ", "2025-26", "INV", "INV/2025/0001") == expected
    assert compute_irn(" 29aabcu9603r1zj", "2025-26", "INV", "INV/2025/0001") == expected
    assert len(expected) == 64
    assert compute_irn("29AABCU9603R1ZJ", "2025-26", "CRN", "INV/2025/0001") != expected
    assert compute_irn("29AABCU9603R1ZJ", "2024-25", "INV", "INV/2025/0001") != expected


@pytest.mark.parametrize(("year", "doc_type"), [("2025-27", "INV"), ("2025", "INV"), ("2025-26", "BIL")])
def test_irn_refuses_bad_year_or_type(year, doc_type):
    with pytest.raises(GstDocumentError):
        compute_irn("29AABCU9603R1ZJ", year, doc_type, "1")


def test_party_requires_its_mandatory_fields():
    with pytest.raises(TypeError):
        Party(gstin="29AABCU9603R1ZJ", legal_name="No address")
    assert BUYER_MH.trade_name == ""
    assert SELLER.phone
