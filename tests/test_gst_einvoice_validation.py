"""The IRP's rules checked before sending: one failing and one passing case per rule."""

import copy

import pytest
from gst_samples import BUYER_ABROAD, BUYER_KA, document, line

from oms_gst.einvoice_payload import build_irn_payload
from oms_gst.einvoice_validation import ValidationIssue, format_issues, validate_irn_payload

THREE_LINES = [
    line("Widget 8mm"),
    line("Widget 9mm", quantity=2),
    line("Widget 10mm", quantity=3),
]


@pytest.fixture
def payload():
    """A valid inter-state invoice of three lines (Karnataka seller, Maharashtra buyer)."""
    return build_irn_payload(document(lines=THREE_LINES))


def issues_after(payload, path, value):
    """Validate a copy of ``payload`` where ``path`` (keys and indexes) is set to ``value``."""
    changed = copy.deepcopy(payload)
    target = changed
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return validate_irn_payload(changed)


_DELETE = object()


def codes(issues):
    return {(issue.code, issue.field) for issue in issues}


def test_built_payload_has_no_issues(payload):
    assert validate_irn_payload(payload) == []


@pytest.mark.parametrize(
    ("path", "bad", "good", "code", "field"),
    [
        (("Version",), "1.0", "1.1", "version", "Version"),
        (("TranDtls", "SupTyp"), "B2C", "DEXP", "supply_type", "TranDtls.SupTyp"),
        (("DocDtls", "Typ"), "BIL", "DBN", "doc_type", "DocDtls.Typ"),
        # Document number: 16 characters at most, letters, digits, / and -, not starting with 0.
        (("DocDtls", "No"), "0INV/1", "INV/2025-26/1", "doc_number", "DocDtls.No"),
        (("DocDtls", "No"), "INV 1", "a", "doc_number", "DocDtls.No"),
        (("DocDtls", "No"), "/1", "1", "doc_number", "DocDtls.No"),
        (("DocDtls", "No"), "A" * 17, "A" * 16, "doc_number", "DocDtls.No"),
        (("DocDtls", "No"), "INV_1", "inv-1", "doc_number", "DocDtls.No"),
        (("DocDtls", "Dt"), "2025-07-01", "31/12/2025", "doc_date", "DocDtls.Dt"),
        (("DocDtls", "Dt"), "31/02/2025", "28/02/2025", "doc_date", "DocDtls.Dt"),
        # Lengths.
        (("SellerDtls", "Addr1"), "", "1", "length", "SellerDtls.Addr1"),
        (("SellerDtls", "Addr1"), "a" * 101, "a" * 100, "length", "SellerDtls.Addr1"),
        (("BuyerDtls", "LglNm"), "AB", "ABC", "length", "BuyerDtls.LglNm"),
        (("SellerDtls", "LglNm"), "x" * 101, "x" * 100, "length", "SellerDtls.LglNm"),
        (("BuyerDtls", "Loc"), "AB", "Goa", "length", "BuyerDtls.Loc"),
        (("BuyerDtls", "Loc"), "L" * 51, "L" * 50, "length", "BuyerDtls.Loc"),
        (("ItemList", 1, "PrdDesc"), "AB", "Nut", "length", "ItemList[1].PrdDesc"),
        (("ItemList", 1, "PrdDesc"), "d" * 301, "d" * 300, "length", "ItemList[1].PrdDesc"),
        # PIN codes.
        (("SellerDtls", "Pin"), 99999, 100000, "pincode", "SellerDtls.Pin"),
        (("BuyerDtls", "Pin"), 1000000, 999999, "pincode", "BuyerDtls.Pin"),
        (("BuyerDtls", "Pin"), "400001", 400001, "pincode", "BuyerDtls.Pin"),
        # State codes.
        (("SellerDtls", "Stcd"), "7", "07", "state_code", "SellerDtls.Stcd"),
        (("BuyerDtls", "Pos"), "MH", "27", "state_code", "BuyerDtls.Pos"),
        # GSTINs.
        (("SellerDtls", "Gstin"), "29AABCU9603R1ZK", "29AABCU9603R1ZJ", "gstin", "SellerDtls.Gstin"),
        (("BuyerDtls", "Gstin"), "URP", "27AAPFU0939F1ZV", "gstin", "BuyerDtls.Gstin"),
        # HSN.
        (("ItemList", 2, "HsnCd"), "12", "1234", "hsn", "ItemList[2].HsnCd"),
        (("ItemList", 2, "HsnCd"), "847130101", "84713010", "hsn", "ItemList[2].HsnCd"),
        (("ItemList", 2, "HsnCd"), "84AB", "8471", "hsn", "ItemList[2].HsnCd"),
        # Characters the IRP cannot take in free text.
        (("BuyerDtls", "LglNm"), 'The "Best" Traders', "The 'Best' Traders", "characters", "BuyerDtls.LglNm"),
        (("ItemList", 0, "PrdDesc"), "Widget \\ 8mm", "Widget / 8mm", "characters", "ItemList[0].PrdDesc"),
        # GST rate.
        (("ItemList", 0, "GstRt"), 17.0, 18.0, "gst_rate", "ItemList[0].GstRt"),
    ],
)
def test_rule_fails_then_passes(payload, path, bad, good, code, field):
    assert (code, field) in codes(issues_after(payload, path, bad))
    assert issues_after(payload, path, good) == []


@pytest.mark.parametrize("rate", [0, 0.1, 0.25, 1, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40])
def test_every_allowed_gst_rate_passes(rate):
    assert validate_irn_payload(build_irn_payload(document(lines=[line(gst_rate=rate)]))) == []


@pytest.mark.parametrize("rate", [2, 14, 0.5, 9])
def test_other_gst_rates_fail(rate):
    issues = validate_irn_payload(build_irn_payload(document(lines=[line(gst_rate=rate)])))
    assert [issue.code for issue in issues] == ["gst_rate"]


def test_messages_name_the_line_and_product(payload):
    issues = issues_after(payload, ("ItemList", 2, "HsnCd"), "12")
    assert issues == [
        ValidationIssue(
            "hsn", "ItemList[2].HsnCd", "Line 3 (Widget 10mm): HSN code 12 must have 4 to 8 digits"
        )
    ]


def test_missing_hsn_is_named(payload):
    [issue] = issues_after(payload, ("ItemList", 0, "HsnCd"), "")
    assert issue.message == "HSN code missing on line 1 (Widget 8mm)"


def test_missing_buyer_block(payload):
    issues = issues_after(payload, ("BuyerDtls",), _DELETE)
    assert ("missing", "BuyerDtls") in codes(issues)


def test_dispatch_and_ship_to_blocks_are_checked_when_present(payload):
    dispatch = {"Nm": "WH", "Addr1": "Plot 9", "Loc": "Hosur", "Pin": 635109, "Stcd": "33"}
    assert codes(issues_after(payload, ("DispDtls",), dispatch)) == {("length", "DispDtls.Nm")}
    assert issues_after(payload, ("DispDtls",), {**dispatch, "Nm": "Warehouse"}) == []
    ship = {
        "Gstin": "27AAPFU0939F1ZX",
        "LglNm": "Site",
        "Addr1": "Plot 9",
        "Loc": "Pune",
        "Pin": 411001,
        "Stcd": "27",
    }
    assert codes(issues_after(payload, ("ShipDtls",), ship)) == {("gstin", "ShipDtls.Gstin")}
    assert issues_after(payload, ("ShipDtls",), {**ship, "Gstin": "27AAPFU0939F1ZV"}) == []


def test_unregistered_buyer_is_allowed_on_exports():
    payload = build_irn_payload(document(buyer=BUYER_ABROAD, supply_type="EXPWOP"))
    assert validate_irn_payload(payload) == []
    payload["TranDtls"]["SupTyp"] = "SEZWOP"
    assert codes(validate_irn_payload(payload)) == {("gstin", "BuyerDtls.Gstin")}


def test_sandbox_gstins_pass_only_in_sandbox(payload):
    payload["SellerDtls"]["Gstin"] = "29AMBPG7773M002"
    assert codes(validate_irn_payload(payload)) == {("gstin", "SellerDtls.Gstin")}
    assert validate_irn_payload(payload, sandbox=True) == []


def test_line_count_limits():
    assert validate_irn_payload(build_irn_payload(document(lines=[line(quantity=1)] * 1000))) == []
    issues = validate_irn_payload(build_irn_payload(document(lines=[line(quantity=1)] * 1001)))
    assert issues == [
        ValidationIssue("line_count", "ItemList", "The invoice has 1001 lines; the IRP accepts at most 1000")
    ]


def test_no_lines(payload):
    payload["ItemList"] = []
    for key in payload["ValDtls"]:
        payload["ValDtls"][key] = 0.0
    assert codes(validate_irn_payload(payload)) == {("line_count", "ItemList")}


def test_assessable_amount_must_be_total_minus_discount_2193(payload):
    item = payload["ItemList"][1]
    item["Discount"] = 10.0
    issues = validate_irn_payload(payload)
    assert ("2193", "ItemList[1].AssAmt") in codes(issues)
    assert issues[0].message == (
        "Line 2 (Widget 9mm): assessable amount 200.00 must equal total amount 200.00 "
        "minus discount 10.00 (190.00)"
    )
    item.update(AssAmt=190.0, IgstAmt=34.2, TotItemVal=224.2)
    payload["ValDtls"].update(AssVal=1490.0, IgstVal=268.2, TotInvVal=1758.2)
    assert validate_irn_payload(payload) == []


def test_header_must_equal_the_sum_of_the_lines_2182(payload):
    assert ("2182", "ValDtls.AssVal") in codes(issues_after(payload, ("ValDtls", "AssVal"), 1500.01))
    assert ("2182", "ValDtls.IgstVal") in codes(issues_after(payload, ("ValDtls", "IgstVal"), 271.0))
    assert ("2182", "ValDtls.CesVal") in codes(issues_after(payload, ("ValDtls", "CesVal"), 1.0))
    assert issues_after(payload, ("ValDtls", "AssVal"), 1500.0) == []


def test_invoice_value_has_a_one_rupee_tolerance_2189(payload):
    assert payload["ValDtls"]["TotInvVal"] == 1770.0
    assert issues_after(payload, ("ValDtls", "TotInvVal"), 1771.0) == []
    assert issues_after(payload, ("ValDtls", "TotInvVal"), 1769.0) == []
    for wrong in (1771.01, 1768.99):
        assert codes(issues_after(payload, ("ValDtls", "TotInvVal"), wrong)) == {
            ("2189", "ValDtls.TotInvVal")
        }


def test_invoice_value_counts_discount_other_charges_and_round_off():
    doc = document(lines=THREE_LINES, discount="80", other_charges="0.4", round_off="-0.4")
    payload = build_irn_payload(doc)
    assert payload["ValDtls"]["TotInvVal"] == 1690.0
    assert validate_irn_payload(payload) == []


def test_round_off_limit(payload):
    changed = copy.deepcopy(payload)
    changed["ValDtls"].update(RndOffAmt=100.0, TotInvVal=1870.0)
    assert codes(validate_irn_payload(changed)) == {("round_off", "ValDtls.RndOffAmt")}
    changed["ValDtls"].update(RndOffAmt=-99.99, TotInvVal=1670.01)
    assert validate_irn_payload(changed) == []


def test_item_value_must_add_up(payload):
    assert ("item_value", "ItemList[0].TotItemVal") in codes(
        issues_after(payload, ("ItemList", 0, "TotItemVal"), 1182.0)
    )
    changed = copy.deepcopy(payload)
    changed["ItemList"][0]["TotItemVal"] = 1180.5
    changed["ValDtls"]["TotInvVal"] = 1770.5
    assert validate_irn_payload(changed) == []


def test_negative_amounts_are_refused(payload):
    issues = issues_after(payload, ("ItemList", 0, "Qty"), -1.0)
    assert codes(issues) == {("negative_amount", "ItemList[0].Qty")}
    assert "the IRP refuses negative lines" in issues[0].message


def test_intra_state_igst_needs_the_igst_on_intra_flag_2172():
    payload = build_irn_payload(document(buyer=BUYER_KA, igst_on_intra=True))
    assert payload["TranDtls"]["IgstOnIntra"] == "Y"
    assert validate_irn_payload(payload) == []
    payload["TranDtls"]["IgstOnIntra"] = "N"
    issues = validate_irn_payload(payload)
    assert codes(issues) == {("2172", "ItemList[0].IgstAmt")}
    assert "seller and place of supply are both in state 29" in issues[0].message


def test_cgst_on_an_inter_state_supply_is_refused(payload):
    changed = copy.deepcopy(payload)
    item = changed["ItemList"][0]
    item.update(IgstAmt=0.0, CgstAmt=90.0, SgstAmt=90.0)
    changed["ValDtls"].update(IgstVal=90.0, CgstVal=90.0, SgstVal=90.0)
    assert codes(validate_irn_payload(changed)) == {("cgst_on_inter_state", "ItemList[0].CgstAmt")}
    intra = build_irn_payload(document(buyer=BUYER_KA))
    assert validate_irn_payload(intra) == []


def test_cgst_on_sez_supply_in_the_same_state_is_refused():
    payload = build_irn_payload(document(buyer=BUYER_KA))
    payload["TranDtls"]["SupTyp"] = "SEZWP"
    assert codes(validate_irn_payload(payload)) == {("cgst_on_inter_state", "ItemList[0].CgstAmt")}


def test_all_issues_are_reported_at_once(payload):
    payload["DocDtls"]["No"] = "0/bad number"
    payload["ItemList"][0]["HsnCd"] = "1"
    payload["BuyerDtls"]["Pin"] = 12
    assert {issue.code for issue in validate_irn_payload(payload)} == {"doc_number", "hsn", "pincode"}


def test_format_issues():
    issues = [
        ValidationIssue("2193", "ItemList[0].AssAmt", "Line 1 (Widget): wrong"),
        ValidationIssue("hsn", "ItemList[1].HsnCd", "Line 2 (Nut): HSN code missing"),
    ]
    assert format_issues(issues) == "[2193] Line 1 (Widget): wrong\n[hsn] Line 2 (Nut): HSN code missing"
    assert format_issues([]) == ""
