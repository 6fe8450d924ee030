"""Tally XML builders: escaping, signs, formats, balancing, masters, batching, encodings."""

import codecs
import dataclasses
import datetime
from decimal import Decimal

import pytest
from lxml import etree

from oms_tally import masters
from oms_tally.config import TallyCompanyConfig
from oms_tally.documents import EInvoiceDetails, EwayBillReference, TaxLine
from oms_tally.envelope import (
    build_import_envelope,
    serialize,
    voucher_envelopes,
    voucher_period_request,
    voucher_readback_request,
)
from oms_tally.exceptions import VoucherNotBalanced
from oms_tally.response import decode_response
from oms_tally.vouchers import build_voucher, check_balanced
from oms_tally.xmlutil import format_quantity, format_rate
from simulators.tally_samples import (
    COMPANY,
    ITEM,
    PARTY,
    make_config,
    make_credit_note,
    make_einvoice,
    make_invoice,
    make_item,
    make_line,
    make_party,
    make_sales_order,
)


def _round_trip(element, encoding="utf-8"):
    """Serialise inside an envelope and parse back, as Tally would read it."""
    data = serialize(build_import_envelope(COMPANY, "Vouchers", [element]), encoding)
    return data, etree.fromstring(data.replace(b"&#4;", b""))


def test_special_characters_are_escaped_and_survive_a_round_trip():
    config = make_config()
    data, root = _round_trip(build_voucher(make_sales_order(config), config))
    assert b"Sharma &amp; Sons" in data
    assert b"Widget 10mm &lt;steel&gt; &amp; brass" in data
    assert b"Acme Traders &amp; Co &lt;Pune&gt;" in data
    assert "₹ खाता".encode() in data
    assert root.findtext(".//SVCURRENTCOMPANY") == COMPANY
    assert root.findtext(".//PARTYLEDGERNAME") == PARTY
    assert root.findtext(".//STOCKITEMNAME") == ITEM


def test_quotes_in_attributes_are_escaped():
    config = make_config()
    ledger = masters.build_party_ledger(make_party(), config)
    data, root = _round_trip(ledger)
    assert b'NAME="Sharma &amp; Sons &quot;Retail&quot;' in data
    assert root.find(".//LEDGER").get("NAME") == PARTY


def test_control_characters_in_names_are_dropped_instead_of_breaking_the_xml():
    config = make_config()
    ledger = masters.build_party_ledger(make_party("Bad\x0bName\x04 Ltd"), config)
    _data, root = _round_trip(ledger)
    assert root.find(".//LEDGER").get("NAME") == "BadName Ltd"


def test_debits_are_negative_and_deemed_positive_credits_positive_and_voucher_nets_to_zero():
    config = make_config()
    voucher = build_voucher(make_sales_order(config), config)
    party, cgst, sgst = voucher.findall("LEDGERENTRIES.LIST")
    assert (party.findtext("AMOUNT"), party.findtext("ISDEEMEDPOSITIVE")) == ("-1180.00", "Yes")
    assert (cgst.findtext("AMOUNT"), cgst.findtext("ISDEEMEDPOSITIVE")) == ("90.00", "No")
    assert (sgst.findtext("LEDGERNAME"), sgst.findtext("AMOUNT")) == ("Output SGST", "90.00")
    item = voucher.find("ALLINVENTORYENTRIES.LIST")
    assert (item.findtext("AMOUNT"), item.findtext("ISDEEMEDPOSITIVE")) == ("1000.00", "No")
    assert item.findtext("ACCOUNTINGALLOCATIONS.LIST/LEDGERNAME") == "Sales 18%"
    amounts = [Decimal(e.findtext("AMOUNT")) for e in voucher.findall("LEDGERENTRIES.LIST")]
    assert sum(amounts) + Decimal(item.findtext("AMOUNT")) == 0


@pytest.mark.parametrize(
    ("round_off", "amount", "deemed_positive"), [("-0.40", "-0.40", "Yes"), ("0.40", "0.40", "No")]
)
def test_round_off_is_posted_with_its_sign(round_off, amount, deemed_positive):
    config = make_config()
    order = make_sales_order(config, round_off=Decimal(round_off), total=Decimal("1180") + Decimal(round_off))
    entry = build_voucher(order, config).findall("LEDGERENTRIES.LIST")[-1]
    assert entry.findtext("LEDGERNAME") == "Round Off"
    assert (entry.findtext("AMOUNT"), entry.findtext("ISDEEMEDPOSITIVE")) == (amount, deemed_positive)


def test_dates_quantities_and_rates_use_tally_formats():
    config = make_config()
    voucher = build_voucher(make_sales_order(config), config)
    assert voucher.findtext("DATE") == "20250410"
    item = voucher.find("ALLINVENTORYENTRIES.LIST")
    assert item.findtext("ACTUALQTY") == " 10 Nos"
    assert item.findtext("BILLEDQTY") == " 10 Nos"
    assert item.findtext("RATE") == "100.00/Nos"
    assert format_quantity(Decimal("2.500"), "Kg") == " 2.5 Kg"
    assert format_quantity(Decimal("1E+2"), "Nos") == " 100 Nos"
    assert format_rate(Decimal("12.345"), "Kg") == "12.345/Kg"


def test_a_voucher_off_by_one_paisa_is_refused_naming_both_totals():
    config = make_config()
    order = make_sales_order(config, total=Decimal("1180.01"))
    with pytest.raises(VoucherNotBalanced) as refusal:
        check_balanced(order)
    assert "debits 1180.01" in str(refusal.value)
    assert "credits 1180.00" in str(refusal.value)
    assert "SO/0001" in str(refusal.value)
    with pytest.raises(VoucherNotBalanced):
        voucher_envelopes(config, [make_sales_order(config, remote_id="ok"), order])


def test_a_balanced_voucher_passes_the_check():
    assert check_balanced(make_sales_order()) == Decimal("1180.00")


def test_sales_order_carries_reference_order_number_and_due_date_without_godown():
    config = make_config()
    voucher = build_voucher(make_sales_order(config), config)
    assert voucher.get("VCHTYPE") == "Sales Order"
    assert voucher.get("REMOTEID") == "odoo-sale.order-1"
    assert voucher.findtext("REFERENCE") == "SO/0001"
    batch = voucher.find("ALLINVENTORYENTRIES.LIST/BATCHALLOCATIONS.LIST")
    assert batch.findtext("ORDERNO") == "SO/0001"
    assert batch.findtext("ORDERDUEDATE") == "20250515"
    assert batch.find("GODOWNNAME") is None


def test_a_voucher_of_its_own_type_overrides_the_company_type_of_its_kind():
    """An order type maps to its own Tally voucher type ("Staff Sales"), on the order and on its invoice."""
    config = make_config()
    order = dataclasses.replace(make_sales_order(config), voucher_type="Staff Sales Order")
    invoice = dataclasses.replace(make_invoice(config), voucher_type="Staff Sales")
    assert build_voucher(order, config).get("VCHTYPE") == "Staff Sales Order"
    assert build_voucher(invoice, config).get("VCHTYPE") == "Staff Sales"
    assert build_voucher(make_invoice(config), config).get("VCHTYPE") == "Sales"


def test_godown_is_written_for_a_godown_tracking_company_and_required_there():
    config = make_config(tracks_godowns=True)
    order = make_sales_order(config, lines=[make_line(godown=config.godown_for("WH"))])
    batch = build_voucher(order, config).find("ALLINVENTORYENTRIES.LIST/BATCHALLOCATIONS.LIST")
    assert batch.findtext("GODOWNNAME") == "Main Location"
    with pytest.raises(ValueError, match=r"Line 1 \(Widget 10mm.*\) of SO/0001 has no godown"):
        build_voucher(make_sales_order(config), config)


def test_a_known_godown_is_written_even_when_tracking_is_off():
    config = make_config()
    order = make_sales_order(config, lines=[make_line(godown="Pune <Main> & Co")])
    data, root = _round_trip(build_voucher(order, config))
    assert b"<GODOWNNAME>Pune &lt;Main&gt; &amp; Co</GODOWNNAME>" in data
    assert root.findtext(".//BATCHALLOCATIONS.LIST/GODOWNNAME") == "Pune <Main> & Co"


def test_credit_note_reverses_the_sides_and_settles_against_the_invoice():
    config = make_config()
    voucher = build_voucher(
        make_credit_note(config, round_off=Decimal("0.40"), total=Decimal("236.40")), config
    )
    assert (voucher.get("VCHTYPE"), voucher.findtext("VOUCHERTYPENAME")) == ("Credit Note", "Credit Note")
    assert voucher.findtext("ISINVOICE") == "Yes"
    assert (voucher.findtext("REFERENCE"), voucher.findtext("REFERENCEDATE")) == ("INV/2025/0007", "20250410")
    item = voucher.find("ALLINVENTORYENTRIES.LIST")
    assert (item.findtext("ISDEEMEDPOSITIVE"), item.findtext("AMOUNT")) == ("Yes", "-200.00")
    assert item.findtext("ACCOUNTINGALLOCATIONS.LIST/AMOUNT") == "-200.00"
    assert item.find("BATCHALLOCATIONS.LIST/ORDERNO") is None, "a return leaves the order's pending quantity"
    entries = {e.findtext("LEDGERNAME"): e for e in voucher.findall("LEDGERENTRIES.LIST")}
    party = entries[PARTY]
    assert (party.findtext("ISDEEMEDPOSITIVE"), party.findtext("AMOUNT")) == ("No", "236.40")
    bill = party.find("BILLALLOCATIONS.LIST")
    assert (bill.findtext("NAME"), bill.findtext("BILLTYPE"), bill.findtext("AMOUNT")) == (
        "INV/2025/0007",
        "Agst Ref",
        "236.40",
    )
    assert [(name, e.findtext("AMOUNT")) for name, e in entries.items() if name != PARTY] == [
        ("Output CGST", "-18.00"),
        ("Output SGST", "-18.00"),
        ("Round Off", "-0.40"),
    ]
    entries = voucher.findall("LEDGERENTRIES.LIST") + voucher.findall("ALLINVENTORYENTRIES.LIST")
    assert sum(Decimal(entry.findtext("AMOUNT")) for entry in entries) == 0


def test_credit_note_type_is_configurable_and_unbalanced_one_is_refused():
    config = make_config(credit_note_voucher_type="Sales Return")
    assert build_voucher(make_credit_note(config), config).get("VCHTYPE") == "Sales Return"
    cancel = build_voucher(make_credit_note(config, cancelled=True), config)
    assert (cancel.get("ACTION"), cancel.get("VCHTYPE")) == ("Cancel", "Sales Return")
    with pytest.raises(VoucherNotBalanced, match="does not balance"):
        build_voucher(make_credit_note(config, total=Decimal("236.01")), config)


def test_credit_note_without_original_invoice_goes_on_account():
    config = make_config()
    voucher = build_voucher(make_credit_note(config, against=""), config)
    assert voucher.find("REFERENCE") is None
    bill = voucher.find("LEDGERENTRIES.LIST/BILLALLOCATIONS.LIST")
    assert (bill.find("NAME"), bill.findtext("BILLTYPE")) == (None, "On Account")


def test_sales_invoice_links_to_the_order_and_opens_a_bill():
    config = make_config()
    voucher = build_voucher(make_invoice(config), config)
    assert voucher.get("VCHTYPE") == "Sales"
    assert voucher.findtext("ISINVOICE") == "Yes"
    assert voucher.findtext("ALLINVENTORYENTRIES.LIST/BATCHALLOCATIONS.LIST/ORDERNO") == "SO/0001"
    bill = voucher.find("LEDGERENTRIES.LIST/BILLALLOCATIONS.LIST")
    assert (bill.findtext("NAME"), bill.findtext("BILLTYPE"), bill.findtext("AMOUNT")) == (
        "INV/2025/0007",
        "New Ref",
        "-1180.00",
    )
    assert voucher.findtext("NARRATION") == "Dispatch 1 of 1; IRN: a1b2c3; E-way bill: 331000123456"


def test_irn_acknowledgement_and_eway_bill_go_in_tallys_own_fields():
    config = make_config()
    voucher = build_voucher(make_invoice(config), config)
    assert voucher.findtext("IRN") == "a1b2c3"
    assert voucher.findtext("IRNACKNO") == "112510000012345"
    assert voucher.findtext("IRNACKDATE") == "20250410"
    (bill,) = voucher.findall("EWAYBILLDETAILS.LIST")
    assert (bill.findtext("BILLNUMBER"), bill.findtext("BILLDATE")) == ("331000123456", "20250411")
    # The QR code cannot be imported into Tally (its schema notes), so it is never sent.
    assert voucher.find("IRNQRCODE") is None


def test_each_eway_bill_of_an_invoice_sent_in_lots_has_its_own_details():
    config = make_config()
    bills = (
        EwayBillReference("331000123456", datetime.date(2025, 4, 11)),
        EwayBillReference("331000123457", datetime.date(2025, 4, 14)),
    )
    voucher = build_voucher(make_invoice(config, einvoice=make_einvoice(eway_bills=bills)), config)
    details = [
        (b.findtext("BILLNUMBER"), b.findtext("BILLDATE")) for b in voucher.findall("EWAYBILLDETAILS.LIST")
    ]
    assert details == [("331000123456", "20250411"), ("331000123457", "20250414")]
    assert voucher.findtext("NARRATION").endswith("E-way bill: 331000123456, 331000123457")


def test_no_einvoice_field_without_an_irn_or_eway_bill():
    config = make_config()
    voucher = build_voucher(make_invoice(config, einvoice=EInvoiceDetails(), narration=""), config)
    for tag in ("IRN", "IRNACKNO", "IRNACKDATE", "EWAYBILLDETAILS.LIST", "NARRATION"):
        assert voucher.find(tag) is None, tag
    irn_only = build_voucher(make_invoice(config, einvoice=make_einvoice(eway_bills=())), config)
    assert irn_only.findtext("IRN") == "a1b2c3"
    assert irn_only.find("EWAYBILLDETAILS.LIST") is None
    assert "E-way bill" not in irn_only.findtext("NARRATION")


def test_einvoice_fields_survive_a_round_trip():
    config = make_config()
    _data, root = _round_trip(build_voucher(make_invoice(config), config))
    voucher = root.find(".//VOUCHER")
    assert (voucher.findtext("IRN"), voucher.findtext("EWAYBILLDETAILS.LIST/BILLNUMBER")) == (
        "a1b2c3",
        "331000123456",
    )


def test_inter_state_invoice_posts_igst():
    config = make_config()
    invoice = make_invoice(config, tax_lines=(TaxLine(config.igst_ledger, Decimal("180.00")),))
    entries = build_voucher(invoice, config).findall("LEDGERENTRIES.LIST")
    assert [(e.findtext("LEDGERNAME"), e.findtext("AMOUNT")) for e in entries[1:]] == [
        ("Output IGST", "180.00")
    ]


def test_cancelled_voucher_becomes_a_cancel_request_by_remote_id():
    config = make_config()
    voucher = build_voucher(make_invoice(config, cancelled=True, total=Decimal("1")), config)
    assert (voucher.get("ACTION"), voucher.get("REMOTEID"), voucher.get("VCHTYPE")) == (
        "Cancel",
        "odoo-account.move-7",
        "Sales",
    )
    assert voucher.findtext("ISCANCELLED") == "Yes"
    assert voucher.find("LEDGERENTRIES.LIST") is None


def test_a_rate_without_a_sales_ledger_is_refused_with_the_rate():
    config = make_config()
    order = make_sales_order(config, lines=[make_line(gst_rate=Decimal("12"))])
    with pytest.raises(ValueError, match="GST rate 12%"):
        build_voucher(order, config)
    assert config.sales_ledger_for("18.00") == "Sales 18%"
    assert config.sales_ledger_for(5) == "Sales 5%"


def test_party_ledger_has_dated_gst_and_mailing_details():
    ledger = masters.build_party_ledger(make_party(), make_config())
    assert ledger.findtext("PARENT") == "Sundry Debtors"
    registration = ledger.find("LEDGSTREGDETAILS.LIST")
    assert registration.findtext("APPLICABLEFROM") == "20250401"
    assert registration.findtext("GSTIN") == "27AAPFU0939F1ZV"
    assert registration.findtext("GSTREGISTRATIONTYPE") == "Regular"
    mailing = ledger.find("LEDMAILINGDETAILS.LIST")
    assert mailing.findtext("APPLICABLEFROM") == "20250401"
    assert [a.text for a in mailing.findall("ADDRESS.LIST/ADDRESS")] == ["Plot 4 & 5, MIDC", "Bhosari <East>"]
    assert (mailing.findtext("STATE"), mailing.findtext("PINCODE")) == ("Maharashtra", "411026")


def test_tax_ledgers_sit_under_duties_and_taxes_with_their_duty_head():
    heads = {duty: masters.build_tax_ledger(f"Output {duty}", duty) for duty in ("cgst", "sgst", "igst")}
    assert {duty: el.findtext("GSTDUTYHEAD") for duty, el in heads.items()} == {
        "cgst": "Central Tax",
        "sgst": "State Tax",
        "igst": "Integrated Tax",
    }
    assert all(
        el.findtext("PARENT") == "Duties & Taxes" and el.findtext("TAXTYPE") == "GST" for el in heads.values()
    )
    with pytest.raises(ValueError, match="Unknown GST duty"):
        masters.build_tax_ledger("VAT", "vat")


def test_stock_item_has_unit_hsn_and_split_rates():
    item = masters.build_stock_item(make_item())
    assert item.findtext("BASEUNITS") == "Nos"
    assert item.findtext("GSTDETAILS.LIST/HSNCODE") == "73181500"
    rates = {
        row.findtext("GSTRATEDUTYHEAD"): row.findtext("GSTRATE")
        for row in item.findall("GSTDETAILS.LIST/STATEWISEDETAILS.LIST/RATEDETAILS.LIST")
    }
    assert rates == {"Central Tax": "9", "State Tax": "9", "Integrated Tax": "18", "Cess": "0"}
    data, _root = _round_trip(item)
    assert b"<STATENAME>&#4; Any</STATENAME>" in data


def test_250_vouchers_are_split_into_three_envelopes():
    config = make_config()
    orders = [make_sales_order(config, remote_id=f"so-{n}", number=f"SO/{n:04d}") for n in range(250)]
    envelopes = voucher_envelopes(config, orders)
    counts = [len(etree.fromstring(data).findall(".//VOUCHER")) for data in envelopes]
    assert counts == [100, 100, 50]
    remote_ids = [v.get("REMOTEID") for data in envelopes for v in etree.fromstring(data).iter("VOUCHER")]
    assert remote_ids == [f"so-{n}" for n in range(250)]
    assert len(voucher_envelopes(dataclasses.replace(config, batch_size=250), orders)) == 1


def test_utf16_output_has_bom_and_declaration_and_round_trips():
    config = make_config(encoding="utf-16")
    data = voucher_envelopes(config, [make_sales_order(config)])[0]
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert decode_response(data).startswith('<?xml version="1.0" encoding="UTF-16"?>')
    root = etree.fromstring(data)
    assert root.findtext(".//PARTYLEDGERNAME") == PARTY
    utf8 = voucher_envelopes(make_config(), [make_sales_order(config)])[0]
    assert utf8.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert decode_response(utf8) == decode_response(data).replace("UTF-16", "UTF-8")


def test_readback_request_filters_by_guid_and_alter_id():
    data = voucher_readback_request(COMPANY, ["so-1", "so-2"], after_alter_id=41)
    root = etree.fromstring(data)
    assert root.findtext("HEADER/TYPE") == "Collection"
    assert root.findtext(".//SVCURRENTCOMPANY") == COMPANY
    assert root.findtext(".//COLLECTION/TYPE") == "Voucher"
    assert root.findtext(".//SYSTEM") == '($Guid = "so-1" OR $Guid = "so-2") AND ($AlterID > 41)'
    assert etree.fromstring(voucher_readback_request(COMPANY)).find(".//SYSTEM") is None
    with pytest.raises(ValueError, match="double quote"):
        voucher_readback_request(COMPANY, ['bad"id'])


def test_period_request_sets_the_period_and_filters_by_voucher_type():
    data = voucher_period_request(
        COMPANY, datetime.date(2025, 4, 1), datetime.date(2025, 4, 30), ["Sales", "Credit Note", "Sales"]
    )
    root = etree.fromstring(data)
    assert root.findtext("HEADER/TALLYREQUEST") == "Export"
    static = root.find("BODY/DESC/STATICVARIABLES")
    assert (static.findtext("SVFROMDATE"), static.findtext("SVTODATE")) == ("20250401", "20250430")
    assert static.findtext("SVCURRENTCOMPANY") == COMPANY
    assert root.findtext(".//COLLECTION/TYPE") == "Voucher"
    assert root.findtext(".//SYSTEM") == '$VoucherTypeName = "Sales" OR $VoucherTypeName = "Credit Note"'
    unfiltered = etree.fromstring(
        voucher_period_request(COMPANY, datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))
    )
    assert unfiltered.find(".//SYSTEM") is None
    with pytest.raises(ValueError, match="starts after it ends"):
        voucher_period_request(COMPANY, datetime.date(2025, 5, 1), datetime.date(2025, 4, 1))
    with pytest.raises(ValueError, match="double quote"):
        voucher_period_request(COMPANY, datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), ['Bad"Type'])


def test_configuration_refuses_unknown_encoding_and_empty_batches():
    with pytest.raises(ValueError, match="utf-8 or utf-16"):
        TallyCompanyConfig(company_name="X", encoding="latin-1")
    with pytest.raises(ValueError, match="at least 1"):
        TallyCompanyConfig(company_name="X", batch_size=0)
    with pytest.raises(ValueError, match="warehouse 'NOPE'"):
        make_config().godown_for("NOPE")
    assert make_config().unit_for("Units") == "Nos"
    assert make_sales_order().date == datetime.date(2025, 4, 10)
