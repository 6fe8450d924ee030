"""Cess on the IRN and e-way bill payloads, and the NIC simulators' checks of it.

GstRt (and the e-way bill's GST rates) carry GST alone; cess travels in its own fields and its amounts must
follow from its rate. The payloads built from one GST document pass the simulators' checks; the shape the
suite used to send (cess added to the GST rate) and tampered cess figures are refused.
"""

from datetime import datetime
from decimal import Decimal

import pytest
from gst_samples import BUYER_KA, document, line

from oms_gst.einvoice_payload import build_irn_payload
from oms_gst.einvoice_validation import validate_irn_payload
from oms_gst.ewb_payload import SUB_SUPPLY_LOTS, build_ewb_payload, consignment_value
from oms_gst.ewb_rules import EwbTransport, TransportMode
from oms_gst.gst_document import GstDocumentError, TaxComponent, line_taxes, resolve_lines
from oms_gst.nic_dates import nic_date, parse_nic_date
from simulators.nic_base import IST
from simulators.nic_ewb_checks import check_generate
from simulators.nic_irp_checks import HEADER_NOT_SUM, SCHEMA_ERROR, TAX_AMOUNT, check_invoice

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=IST)
SELLER_GSTIN = "29AABCU9603R1ZJ"
ROAD = EwbTransport(850, TransportMode.ROAD, vehicle_number="KA01AB1234")


def cess_line(quantity=10, **values):
    """10 units at ₹100 and GST 12 %; the cess comes in ``values`` (see CESS)."""
    return line("Pan masala", hsn="21069020", quantity=quantity, unit_price="100", gst_rate=12, **values)


# l10n_in's cess_5_plus_1591_sale on 10 units: 5 % and 1.591 a unit.
CESS = {"cess_rate": 5, "cess_non_advol_amount": "15.91"}


def test_irn_payload_keeps_gst_rate_and_cess_apart():
    payload = build_irn_payload(document(lines=[cess_line(**CESS)]))
    (item,) = payload["ItemList"]
    assert (item["GstRt"], item["IgstAmt"]) == (12.0, 120.0)
    assert (item["CesRt"], item["CesAmt"], item["CesNonAdvlAmt"]) == (5.0, 50.0, 15.91)
    assert item["TotItemVal"] == 1000 + 120 + 50 + 15.91
    assert payload["ValDtls"]["CesVal"] == 65.91
    assert validate_irn_payload(payload) == []
    assert check_invoice(payload) == []


def test_simulated_irp_refuses_cess_added_to_the_gst_rate():
    payload = build_irn_payload(document(lines=[cess_line(**CESS)]))
    payload["ItemList"][0]["GstRt"] = 17.0  # what the suite sent before: GST 12 + cess 5
    assert (SCHEMA_ERROR, "ItemList[0].GstRt: 17.0 is not a GST rate") in check_invoice(payload)
    assert [issue.code for issue in validate_irn_payload(payload)] == ["gst_rate"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("CesAmt", 80.0, TAX_AMOUNT),
        ("CesRt", 1.0, TAX_AMOUNT),
        ("IgstAmt", 170.0, TAX_AMOUNT),
        ("StateCesAmt", 20.0, TAX_AMOUNT),
    ],
)
def test_simulated_irp_checks_amounts_follow_their_rates(field, value, code):
    payload = build_irn_payload(document(lines=[cess_line(**CESS)]))
    assert check_invoice(payload) == []
    payload["ItemList"][0][field] = value
    assert code in [found for found, _message in check_invoice(payload)]


def test_simulated_irp_checks_the_cess_totals():
    payload = build_irn_payload(document(lines=[cess_line(**CESS)]))
    payload["ValDtls"]["CesVal"] = 50.0  # the fixed cess left out
    assert (HEADER_NOT_SUM, "ValDtls.CesVal must equal the sum of the items' CesAmt + CesNonAdvlAmt") in (
        check_invoice(payload)
    )


def test_our_validator_names_a_cess_amount_that_does_not_follow_its_rate():
    payload = build_irn_payload(document(lines=[cess_line(**CESS)]))
    payload["ItemList"][0]["CesAmt"] = 80.0
    issues = [issue for issue in validate_irn_payload(payload) if issue.code == "cess"]
    assert len(issues) == 1 and "Line 1 (Pan masala)" in issues[0].message


def test_eway_bill_carries_cess_rate_and_non_advol_amount():
    payload = build_ewb_payload(document(lines=[cess_line(**CESS)]), ROAD)
    (item,) = payload["itemList"]
    assert (item["igstRate"], item["cessRate"], item["cessNonadvol"]) == (12.0, 5.0, 15.91)
    assert (payload["igstValue"], payload["cessValue"], payload["cessNonAdvolValue"]) == (120.0, 50.0, 15.91)
    assert payload["totInvValue"] == 1185.91
    assert check_generate(payload, SELLER_GSTIN, NOW) == []


def test_intra_state_eway_bill_splits_the_gst_rate_only():
    payload = build_ewb_payload(document(buyer=BUYER_KA, lines=[cess_line(**CESS)]), ROAD)
    (item,) = payload["itemList"]
    assert (item["cgstRate"], item["sgstRate"], item["igstRate"], item["cessRate"]) == (6.0, 6.0, 0.0, 5.0)
    assert (payload["cgstValue"], payload["sgstValue"]) == (60.0, 60.0)
    assert check_generate(payload, SELLER_GSTIN, NOW) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("cessValue", 0.0, "CESS_VALUE"), ("cessNonAdvolValue", 0.0, "CESS_NON_ADVOL_VALUE")],
)
def test_simulated_ewb_checks_cess_arithmetic(field, value, code):
    payload = build_ewb_payload(document(lines=[cess_line(**CESS)]), ROAD)
    payload[field] = value
    assert code in check_generate(payload, SELLER_GSTIN, NOW)


def test_simulated_ewb_refuses_cess_in_the_gst_rate_and_counts_non_advol_cess_in_the_total():
    payload = build_ewb_payload(document(lines=[cess_line(**CESS)]), ROAD)
    payload["itemList"][0]["igstRate"] = 17.0
    assert "219" in check_generate(payload, SELLER_GSTIN, NOW)
    payload = build_ewb_payload(document(lines=[cess_line(**CESS)]), ROAD)
    payload["totInvValue"] -= 15.91 + 2  # the fixed cess left out of the invoice value
    payload["otherValue"] = 0.0
    assert "620" in check_generate(payload, SELLER_GSTIN, NOW)


def test_challan_of_a_lot():
    doc = document(lines=[cess_line(**CESS)], doc_type="CHL", number="DC/25/0001")
    payload = build_ewb_payload(doc, ROAD, sub_supply_type=SUB_SUPPLY_LOTS)
    assert (payload["docType"], payload["subSupplyType"], payload["docNo"]) == ("CHL", "9", "DC/25/0001")
    assert float(consignment_value(doc)) == payload["totInvValue"] == 1185.91
    assert check_generate(payload, SELLER_GSTIN, NOW) == []
    with pytest.raises(GstDocumentError, match="Document type must be one of INV, CRN, DBN"):
        build_irn_payload(doc)


def test_line_taxes_from_odoo_tax_components():
    components = [
        TaxComponent("cgst", True, 6, "60"),
        TaxComponent("sgst", True, 6, "60"),
        TaxComponent("cess", True, 5, "50"),
        TaxComponent("cess", False, 0, "15.91"),  # 1.591 a unit
        TaxComponent("state_cess", False, 0, "3"),
    ]
    values = line_taxes(components)
    assert (values["gst_rate"], values["cgst_amount"], values["sgst_amount"]) == (12, 60, 60)
    assert (values["cess_rate"], values["cess_amount"]) == (5, 50)
    assert values["cess_non_advol_amount"] == Decimal("15.91")
    assert values["state_cess_non_advol_amount"] == 3
    with pytest.raises(GstDocumentError, match="Unknown tax kind 'vat'"):
        line_taxes([TaxComponent("vat", True, 5, 5)])


def test_given_amounts_are_reported_as_they_are_and_folded_with_negative_lines():
    # Odoo's amounts (a formula cess the rates cannot give) win over the rates.
    given = {"igst_amount": "120", "cgst_amount": "0", "sgst_amount": "0", "cess_amount": "0"}
    lines = [
        cess_line(cess_non_advol_amount="210", **given),
        cess_line(quantity=-2, igst_amount="-24", cgst_amount="0", sgst_amount="0", cess_amount="0"),
    ]
    (resolved,) = resolve_lines(document(lines=lines))
    assert (resolved.assessable, resolved.amounts["igst"], resolved.amounts["cess_non_advol"]) == (
        800,
        96,
        210,
    )
    payload = build_irn_payload(document(lines=lines))
    assert payload["ValDtls"]["TotInvVal"] == 800 + 96 + 210
    assert check_invoice(payload) == []


def test_nic_dates_in_one_place():
    assert nic_date(datetime(2025, 7, 1).date()) == "01/07/2025"
    assert nic_date(None) == "" and nic_date(None, None) is None
    assert parse_nic_date("01/07/2025") == datetime(2025, 7, 1).date()
    for bad in ("2025-07-01", "1/7/2025", ""):
        with pytest.raises(ValueError):
            parse_nic_date(bad)
