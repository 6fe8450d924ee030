"""GSTR-1: each document in its table, what the portal would refuse, the summaries and the portal JSON,
checked against totals worked out by hand and against the portal's field rules."""

import datetime
import json
from decimal import Decimal as D
from pathlib import Path

import jsonschema
import pytest

from oms_gst.gstin import compute_check_character
from oms_gst.gstr1 import REFUSED, ReturnDocument, ReturnLine, b2cl_limit, build
from oms_gst.gstr1_json import gstr1_json
from oms_gst.gstr1_summary import IssuedDocument, document_ranges, hsn_rows

SCHEMA = json.loads((Path(__file__).parent / "static" / "gstr1_portal_schema.json").read_text())
SUPPLIER_GSTIN = "27AAPFU0939F1ZV"
KARNATAKA_BUYER = "29AABCU9603R1ZJ"
MAHARASHTRA_BUYER = "27AABCU9603R1Z" + compute_check_character("27AABCU9603R1Z")
SEZ_UNIT = "29AAGCB1286Q1Z" + compute_check_character("29AAGCB1286Q1Z")
MAY = datetime.date(2025, 5, 1)


def line(taxable, rate, hsn="84821010", **amounts):
    return ReturnLine(
        hsn=hsn,
        description="Ball bearing 6205",
        uqc="NOS",
        quantity=D(10),
        rate=D(rate),
        taxable=D(taxable),
        **{name: D(value) for name, value in amounts.items()},
    )


def document(number, treatment, place, lines, value, **values):
    values.setdefault("date", datetime.date(2025, 5, 10))
    return ReturnDocument(
        number=number,
        treatment=treatment,
        supplier_state="27",
        place_of_supply=place,
        lines=tuple(lines),
        value=D(value),
        **values,
    )


def may_documents():
    """A month of a Maharashtra distributor, one document of each kind."""
    return [
        document(
            "INV/25/0001",
            "regular",
            "27",
            [line(10000, 18, cgst=900, sgst=900)],
            11800,
            buyer_gstin=MAHARASHTRA_BUYER,
            irn="a" * 64,
        ),
        # A cess invoice: a car at 28 % GST and 12 % compensation cess, beside bearings at 18 %.
        document(
            "INV/25/0002",
            "regular",
            "29",
            [line(20000, 18, igst=3600), line(5000, 28, hsn="87032291", igst=1400, cess=600)],
            30600,
            buyer_gstin=KARNATAKA_BUYER,
        ),
        document("INV/25/0003", "unregistered", "29", [line(100000, 18, igst=18000)], 118000),
        document("INV/25/0004", "consumer", "29", [line(50000, 18, igst=9000)], 59000),
        document("INV/25/0005", "consumer", "27", [line(200000, 18, cgst=18000, sgst=18000)], 236000),
        document(
            "INV/25/0006",
            "special_economic_zone",
            "29",
            [line(40000, 18, igst=7200)],
            47200,
            buyer_gstin=SEZ_UNIT,
        ),
        document(
            "INV/25/0007",
            "overseas",
            "96",
            [line(30000, 18)],
            30000,
            port_code="INNSA1",
            shipping_bill_number="1234567",
            shipping_bill_date=datetime.date(2025, 5, 12),
        ),
        document(
            "RINV/25/0001",
            "regular",
            "29",
            [line(2000, 18, igst=360)],
            2360,
            doc_type="CRN",
            buyer_gstin=KARNATAKA_BUYER,
        ),
        document("RINV/25/0002", "consumer", "29", [line(1000, 18, igst=180)], 1180, doc_type="CRN"),
    ]


def test_each_document_goes_to_its_table():
    gstr1 = build(may_documents())
    placed = {
        placement.document.number: (placement.section, placement.kind) for placement in gstr1.placements
    }
    assert placed == {
        "INV/25/0001": ("b2b", "R"),
        "INV/25/0002": ("b2b", "R"),
        "INV/25/0003": ("b2cl", ""),
        "INV/25/0004": ("b2cs", "OE"),
        "INV/25/0005": ("b2cs", "OE"),  # intra-state: B2CS whatever the value
        "INV/25/0006": ("b2b", "SEWP"),
        "INV/25/0007": ("exp", "WOPAY"),
        "RINV/25/0001": ("cdnr", "R"),
        "RINV/25/0002": ("b2cs", "OE"),
    }


def test_section_totals_match_the_hand_computed_figures():
    totals = build(may_documents()).totals()
    b2b = totals["b2b"]
    assert (b2b.count, b2b.taxable, b2b.igst, b2b.cgst, b2b.sgst, b2b.cess, b2b.value) == (
        3,
        D(75000),
        D(12200),
        D(900),
        D(900),
        D(600),
        D(89600),
    )
    b2cs = totals["b2cs"]  # the small credit note counts against its sales
    assert (b2cs.count, b2cs.taxable, b2cs.igst, b2cs.cgst, b2cs.value) == (
        3,
        D(249000),
        D(8820),
        D(18000),
        D(293820),
    )
    assert (totals["b2cl"].taxable, totals["b2cl"].igst) == (D(100000), D(18000))
    assert (totals["exp"].taxable, totals["exp"].igst) == (D(30000), D(0))
    assert (totals["cdnr"].count, totals["cdnr"].igst, totals["cdnr"].value) == (1, D(360), D(2360))


def test_the_b2cl_limit_fell_to_one_lakh_in_august_2024():
    assert b2cl_limit(datetime.date(2024, 7, 31)) == D(250000)
    assert b2cl_limit(datetime.date(2024, 8, 1)) == D(100000)
    july = document(
        "INV/24/0001",
        "unregistered",
        "29",
        [line(150000, 18, igst=27000)],
        177000,
        date=datetime.date(2024, 7, 31),
    )
    august = document(
        "INV/24/0002",
        "unregistered",
        "29",
        [line(150000, 18, igst=27000)],
        177000,
        date=datetime.date(2024, 8, 1),
    )
    exactly = document("INV/24/0003", "unregistered", "29", [line(84745.76, 18, igst=15254.24)], 100000)
    assert [p.section for p in build([july, august, exactly]).placements] == ["b2cs", "b2cl", "b2cs"]


def test_a_credit_note_of_a_b2cl_invoice_goes_to_cdnur_and_an_export_note_carries_no_place():
    b2cl_note = document(
        "RINV/25/0003",
        "unregistered",
        "29",
        [line(1000, 18, igst=180)],
        1180,
        doc_type="CRN",
        original_value=D(118000),
        original_date=datetime.date(2025, 4, 2),
    )
    export_note = document("RINV/25/0004", "overseas", "96", [line(500, 18)], 500, doc_type="CRN")
    gstr1 = build([b2cl_note, export_note])
    assert [(p.section, p.kind) for p in gstr1.placements] == [("cdnur", "B2CL"), ("cdnur", "EXPWOP")]
    notes = gstr1_json(gstr1, SUPPLIER_GSTIN, MAY)["cdnur"]
    assert notes[0]["pos"] == "29" and "pos" not in notes[1]
    jsonschema.validate(gstr1_json(gstr1, SUPPLIER_GSTIN, MAY), SCHEMA)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"buyer_gstin": "29AABCU9603R1ZK"}, "no valid GSTIN"),
        ({"buyer_gstin": ""}, "no valid GSTIN"),
        ({"number": "INV/2025-26/000001"}, "at most 16 characters"),
        ({"place_of_supply": ""}, "Place of supply missing"),
        ({"place_of_supply": "27"}, "IGST charged on an intra-state supply"),
        ({"lines": (line(1000, 18, hsn="", igst=180),)}, "HSN code missing"),
        ({"lines": (line(1000, 18, hsn="84A2", igst=180),)}, "digits only"),
    ],
)
def test_what_the_portal_would_refuse_is_listed_with_its_reason(changes, reason):
    values = {
        "number": "INV/25/0010",
        "treatment": "regular",
        "place": "29",
        "lines": [line(1000, 18, igst=180)],
        "value": 1180,
        "buyer_gstin": KARNATAKA_BUYER,
    }
    values.update(changes)
    if "place_of_supply" in changes:
        values["place"] = values.pop("place_of_supply")
    refused = build(
        [
            document(
                values.pop("number"),
                values.pop("treatment"),
                values.pop("place"),
                values.pop("lines"),
                values.pop("value"),
                **values,
            )
        ]
    )
    [placement] = refused.placements
    assert placement.section == REFUSED
    assert any(reason in text for text in placement.reasons), placement.reasons
    assert "b2b" not in gstr1_json(refused, SUPPLIER_GSTIN, MAY)


def test_hsn_summary_is_split_into_b2b_and_b2c_from_may_2025():
    gstr1 = build(may_documents())
    rows = {(row.table, row.hsn, row.rate): row for row in hsn_rows(gstr1)}
    # B2B: 10,000 + 20,000 + 40,000 (SEZ) - 2,000 (credit note) at 18 %; the car at 28 % with its cess.
    assert rows[("b2b", "84821010", D(18))].taxable == D(68000)
    assert rows[("b2b", "84821010", D(18))].quantity == D(20)  # 10 + 10 + 10 sold, 10 credited
    assert (rows[("b2b", "87032291", D(28))].igst, rows[("b2b", "87032291", D(28))].cess) == (D(1400), D(600))
    # B2C: 100,000 + 50,000 + 200,000 + 30,000 (export) - 1,000 (credit note).
    assert rows[("b2c", "84821010", D(18))].taxable == D(379000)
    portal = gstr1_json(gstr1, SUPPLIER_GSTIN, MAY)["hsn"]
    assert set(portal) == {"hsn_b2b", "hsn_b2c"}
    assert [row["num"] for row in portal["hsn_b2b"]] == [1, 2]
    april = gstr1_json(gstr1, SUPPLIER_GSTIN, datetime.date(2025, 4, 1))["hsn"]
    assert list(april) == ["data"] and april["data"][0]["txval"] == 447000.0


def test_documents_issued_count_cancelled_numbers_per_series():
    issued = [
        IssuedDocument(
            doc_type="INV", series="INV/25/", sequence=n, number=f"INV/25/{n:04d}", cancelled=n == 3
        )
        for n in (10, 2, 3, 1)
    ]
    issued.append(IssuedDocument(doc_type="CRN", series="RINV/25/", sequence=1, number="RINV/25/0001"))
    [invoices, notes] = document_ranges(issued)
    assert (invoices.first, invoices.last, invoices.total, invoices.cancelled, invoices.net_issued) == (
        "INV/25/0001",
        "INV/25/0010",
        4,
        1,
        3,
    )
    assert notes.doc_type == "CRN" and notes.total == 1
    doc_issue = gstr1_json(build([]), SUPPLIER_GSTIN, MAY, issued)["doc_issue"]["doc_det"]
    assert [row["doc_num"] for row in doc_issue] == [1, 5]


def test_the_portal_json_follows_the_portal_rules_and_leaves_einvoices_to_the_irp():
    gstr1 = build(may_documents())
    portal = gstr1_json(gstr1, SUPPLIER_GSTIN, MAY)
    jsonschema.validate(portal, SCHEMA)
    assert portal["fp"] == "052025"
    invoices = [invoice["inum"] for party in portal["b2b"] for invoice in party["inv"]]
    assert "INV/25/0001" not in invoices  # its IRN: the portal fills it in from the IRP
    with_einvoices = gstr1_json(gstr1, SUPPLIER_GSTIN, MAY, include_einvoices=True)
    jsonschema.validate(with_einvoices, SCHEMA)
    [intra] = [party for party in with_einvoices["b2b"] if party["ctin"] == MAHARASHTRA_BUYER]
    assert intra["inv"][0]["itms"] == [
        {
            "num": 1,
            "itm_det": {"rt": 18, "txval": 10000.0, "iamt": 0.0, "camt": 900.0, "samt": 900.0, "csamt": 0.0},
        }
    ]
    [car_invoice] = [inv for party in portal["b2b"] for inv in party["inv"] if inv["inum"] == "INV/25/0002"]
    assert [item["itm_det"]["rt"] for item in car_invoice["itms"]] == [18, 28]
    assert car_invoice["itms"][1]["itm_det"]["csamt"] == 600.0
    b2cs = {(row["pos"], row["sply_ty"]): row for row in portal["b2cs"]}
    assert b2cs[("29", "INTER")]["txval"] == 49000.0 and b2cs[("29", "INTER")]["iamt"] == 8820.0
    assert b2cs[("27", "INTRA")]["camt"] == 18000.0
    [export] = portal["exp"]
    assert export["exp_typ"] == "WOPAY" and export["inv"][0]["sbdt"] == "12-05-2025"


def test_the_schema_refuses_what_the_portal_refuses():
    """The checks above can fail: a wrong file is refused by the same schema."""
    portal = gstr1_json(build(may_documents()), SUPPLIER_GSTIN, MAY)
    portal["b2cs"][0]["typ"] = "E"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(portal, SCHEMA)
