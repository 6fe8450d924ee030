"""Purchase side of the Tally XML: Purchase Order, Purchase and Debit Note vouchers, vendors under
Sundry Creditors, purchase and input GST ledgers, and a round trip through the Tally simulator.

The numbers are an intra-state purchase at 18 %: 10 Nos at 100.00 = 1000.00 taxable, input CGST
90.00 + input SGST 90.00, total 1180.00.
"""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from oms_tally import masters, purchases
from oms_tally.client import TallyClient
from oms_tally.documents import DEBIT_NOTE, PURCHASE, PURCHASE_ORDER, PartyMaster, TaxLine, Voucher
from oms_tally.envelope import masters_envelope, voucher_envelopes
from oms_tally.exceptions import TallyRejected, VoucherNotBalanced
from oms_tally.vouchers import build_voucher
from simulators.tally import TallySimulator
from simulators.tally_samples import COMPANY, make_config, make_item, make_line

VENDOR = "Bharat Bearings & Co"
VENDOR_BILL = "BB/25-26/0042"


def purchase_config(**overrides):
    """The sample company with purchase ledgers per rate (and the default input GST ledgers)."""
    values = {"purchase_ledgers": {18: "Purchase 18%", "5": "Purchase 5%"}}
    values.update(overrides)
    return make_config(**values)


def make_vendor() -> PartyMaster:
    """A registered vendor in Karnataka."""
    return PartyMaster(name=VENDOR, gstin="29AABCB1234C1Z5", state_name="Karnataka", pincode="560058")


def make_purchase_voucher(kind=PURCHASE, config=None, lines=None, **overrides) -> Voucher:
    """A purchase-side voucher of ``kind`` for 10 x 100.00 with input CGST and SGST."""
    config = config or purchase_config()
    lines = lines or [make_line(order_no="P00042" if kind == PURCHASE else "")]
    taxable = sum((line.amount for line in lines), Decimal("0"))
    half_tax = (taxable * Decimal("0.09")).quantize(Decimal("0.01"))
    values = {
        "kind": kind,
        "remote_id": f"odoo-{kind}-1",
        "number": {PURCHASE_ORDER: "P00042", PURCHASE: "BILL/2025/04/0001", DEBIT_NOTE: "RBILL/2025/04/0001"}[
            kind
        ],
        "date": datetime.date(2025, 4, 12),
        "party_ledger": VENDOR,
        "total": taxable + 2 * half_tax,
        "lines": tuple(lines),
        "tax_lines": (
            TaxLine(config.input_cgst_ledger, half_tax),
            TaxLine(config.input_sgst_ledger, half_tax),
        ),
    }
    if kind == PURCHASE:
        values.update(reference=VENDOR_BILL, reference_date=datetime.date(2025, 4, 11), order_no="P00042")
    if kind == DEBIT_NOTE:
        values.update(against_number=VENDOR_BILL, against_date=datetime.date(2025, 4, 11))
    values.update(overrides)
    return Voucher(**values)


def ledger_amounts(voucher) -> dict:
    """{ledger: (AMOUNT, ISDEEMEDPOSITIVE)} of the ledger entries and item accounting allocations."""
    entries = voucher.findall("LEDGERENTRIES.LIST") + voucher.findall(
        "ALLINVENTORYENTRIES.LIST/ACCOUNTINGALLOCATIONS.LIST"
    )
    return {
        entry.findtext("LEDGERNAME"): (entry.findtext("AMOUNT"), entry.findtext("ISDEEMEDPOSITIVE"))
        for entry in entries
    }


def net(voucher) -> Decimal:
    """Sum of the ledger and inventory amounts, which Tally requires to be zero."""
    amounts = voucher.findall("LEDGERENTRIES.LIST/AMOUNT") + voucher.findall(
        "ALLINVENTORYENTRIES.LIST/AMOUNT"
    )
    return sum((Decimal(amount.text) for amount in amounts), Decimal("0"))


def test_purchase_credits_the_vendor_and_debits_purchase_and_input_gst_ledgers():
    config = purchase_config()
    voucher = build_voucher(make_purchase_voucher(config=config), config)
    assert voucher.get("VCHTYPE") == "Purchase"
    assert voucher.findtext("VOUCHERTYPENAME") == "Purchase"
    assert voucher.findtext("ISINVOICE") == "Yes"
    assert ledger_amounts(voucher) == {
        VENDOR: ("1180.00", "No"),
        "Input CGST": ("-90.00", "Yes"),
        "Input SGST": ("-90.00", "Yes"),
        "Purchase 18%": ("-1000.00", "Yes"),
    }
    item = voucher.find("ALLINVENTORYENTRIES.LIST")
    assert (item.findtext("AMOUNT"), item.findtext("ISDEEMEDPOSITIVE")) == ("-1000.00", "Yes")
    assert net(voucher) == 0
    assert "Output CGST" not in ledger_amounts(voucher)


def test_purchase_opens_the_vendors_bill_and_names_it_in_the_reference():
    voucher = build_voucher(make_purchase_voucher(), purchase_config())
    assert voucher.findtext("REFERENCE") == VENDOR_BILL
    assert voucher.findtext("REFERENCEDATE") == "20250411"
    party = voucher.find("LEDGERENTRIES.LIST")
    assert party.findtext("ISPARTYLEDGER") == "Yes"
    bill = party.find("BILLALLOCATIONS.LIST")
    assert (bill.findtext("NAME"), bill.findtext("BILLTYPE"), bill.findtext("AMOUNT")) == (
        VENDOR_BILL,
        "New Ref",
        "1180.00",
    )
    assert voucher.findtext(".//BATCHALLOCATIONS.LIST/ORDERNO") == "P00042", "linked to its Purchase Order"


def test_purchase_without_a_vendor_reference_opens_the_bill_under_our_number():
    voucher = build_voucher(make_purchase_voucher(reference="", reference_date=None), purchase_config())
    assert voucher.findtext(".//BILLALLOCATIONS.LIST/NAME") == "BILL/2025/04/0001"
    assert voucher.find("REFERENCE") is None
    assert voucher.find("REFERENCEDATE") is None


def test_purchase_order_is_like_a_sales_order_with_order_number_and_due_date():
    config = purchase_config()
    voucher = build_voucher(make_purchase_voucher(PURCHASE_ORDER, config), config)
    assert (voucher.get("VCHTYPE"), voucher.findtext("ISINVOICE")) == ("Purchase Order", "No")
    assert voucher.findtext("REFERENCE") == "P00042"
    batch = voucher.find("ALLINVENTORYENTRIES.LIST/BATCHALLOCATIONS.LIST")
    assert (batch.findtext("ORDERNO"), batch.findtext("ORDERDUEDATE")) == ("P00042", "20250515")
    assert voucher.find(".//BILLALLOCATIONS.LIST") is None, "an order opens no bill"
    assert ledger_amounts(voucher)[VENDOR] == ("1180.00", "No")
    assert ledger_amounts(voucher)["Purchase 18%"] == ("-1000.00", "Yes")
    assert net(voucher) == 0


def test_debit_note_reverses_the_purchase_and_settles_against_the_vendors_bill():
    config = purchase_config()
    voucher = build_voucher(make_purchase_voucher(DEBIT_NOTE, config), config)
    assert voucher.get("VCHTYPE") == "Debit Note"
    assert ledger_amounts(voucher) == {
        VENDOR: ("-1180.00", "Yes"),
        "Input CGST": ("90.00", "No"),
        "Input SGST": ("90.00", "No"),
        "Purchase 18%": ("1000.00", "No"),
    }
    bill = voucher.find(".//BILLALLOCATIONS.LIST")
    assert (bill.findtext("NAME"), bill.findtext("BILLTYPE")) == (VENDOR_BILL, "Agst Ref")
    assert (voucher.findtext("REFERENCE"), voucher.findtext("REFERENCEDATE")) == (VENDOR_BILL, "20250411")
    assert voucher.find(".//ORDERNO") is None, "a return does not reduce the pending order"
    assert net(voucher) == 0


@pytest.mark.parametrize(
    ("round_off", "amount", "deemed_positive"),
    [(Decimal("0.40"), "-0.40", "Yes"), (Decimal("-0.40"), "0.40", "No")],
)
def test_purchase_round_off_is_posted_on_the_purchase_side(round_off, amount, deemed_positive):
    config = purchase_config()
    voucher = make_purchase_voucher(config=config)
    voucher = dataclasses.replace(voucher, total=voucher.total + round_off, round_off=round_off)
    element = build_voucher(voucher, config)
    assert ledger_amounts(element)["Round Off"] == (amount, deemed_positive)
    assert net(element) == 0


def test_voucher_types_of_purchases_are_configurable():
    config = purchase_config(purchase_voucher_type="Purchase GST", purchase_order_voucher_type="PO")
    assert build_voucher(make_purchase_voucher(config=config), config).get("VCHTYPE") == "Purchase GST"
    assert build_voucher(make_purchase_voucher(PURCHASE_ORDER, config), config).get("VCHTYPE") == "PO"


def test_unbalanced_purchase_is_refused_and_a_rate_without_a_purchase_ledger_is_named():
    config = purchase_config()
    with pytest.raises(VoucherNotBalanced, match="does not balance"):
        build_voucher(make_purchase_voucher(config=config, total=Decimal("1179.99")), config)
    with pytest.raises(ValueError, match="No Tally purchase ledger is configured for GST rate 12%"):
        build_voucher(make_purchase_voucher(config=config, lines=[make_line(gst_rate=Decimal("12"))]), config)


def test_cancelled_purchase_becomes_a_cancel_request_by_remote_id():
    config = purchase_config()
    element = build_voucher(make_purchase_voucher(config=config, cancelled=True), config)
    assert (element.get("ACTION"), element.get("VCHTYPE"), element.get("REMOTEID")) == (
        "Cancel",
        "Purchase",
        "odoo-purchase-1",
    )


def test_vendor_ledger_sits_under_sundry_creditors_with_its_gstin():
    ledger = purchases.build_vendor_ledger(make_vendor(), purchase_config())
    assert ledger.findtext("PARENT") == "Sundry Creditors"
    assert ledger.findtext("LEDGSTREGDETAILS.LIST/GSTIN") == "29AABCB1234C1Z5"
    assert ledger.findtext("ISBILLWISEON") == "Yes"
    other = purchases.build_vendor_ledger(
        make_vendor(), purchase_config(creditor_group="Current Liabilities")
    )
    assert other.findtext("PARENT") == "Current Liabilities"


def test_company_ledgers_include_purchase_and_input_gst_ledgers_only_when_purchases_are_configured():
    parents = {
        ledger.get("NAME"): (ledger.findtext("PARENT"), ledger.findtext("GSTDUTYHEAD"))
        for ledger in masters.build_company_ledgers(purchase_config())
    }
    assert parents["Purchase 18%"] == ("Purchase Accounts", None)
    assert parents["Purchase 5%"] == ("Purchase Accounts", None)
    assert parents["Input CGST"] == ("Duties & Taxes", "Central Tax")
    assert parents["Input SGST"] == ("Duties & Taxes", "State Tax")
    assert parents["Input IGST"] == ("Duties & Taxes", "Integrated Tax")
    assert parents["Input Cess"] == ("Duties & Taxes", "Cess")
    sales_only = {ledger.get("NAME") for ledger in masters.build_company_ledgers(make_config())}
    assert not sales_only & {"Input CGST", "Purchase 18%"}, "a company without purchases gets none"


# ----- round trip through the Tally simulator -----


@pytest.fixture
def sim():
    with TallySimulator([COMPANY]) as simulator:
        yield simulator


@pytest.fixture
def client(sim):
    return TallyClient(sim.host, sim.port, timeout=0.5)


def purchase_masters(config, company_ledgers=None):
    """One All Masters import: unit, company ledgers, the vendor and the stock item."""
    objects = [masters.build_unit("Nos")]
    objects += masters.build_company_ledgers(config) if company_ledgers is None else company_ledgers
    objects += [purchases.build_vendor_ledger(make_vendor(), config), masters.build_stock_item(make_item())]
    return masters_envelope(config, objects)


def push(client, config, *vouchers):
    (envelope,) = voucher_envelopes(config, vouchers)
    return client.import_xml(envelope)


def test_simulator_accepts_purchase_order_purchase_and_debit_note_and_tracks_the_bill(sim, client):
    config = purchase_config()
    assert client.import_xml(purchase_masters(config)).errors == 0
    company = sim.company(COMPANY)
    assert company.ledgers[VENDOR].findtext("PARENT") == "Sundry Creditors"
    result = push(client, config, make_purchase_voucher(PURCHASE_ORDER, config))
    assert (result.created, result.errors) == (1, 0)
    push(client, config, make_purchase_voucher(PURCHASE, config))
    linked = sorted(v.voucher_type for v in company.vouchers_with_order("P00042"))
    assert linked == ["Purchase", "Purchase Order"]
    assert company.bills_of(VENDOR) == {VENDOR_BILL: Decimal("-1180.00")}, "we owe the vendor the bill"
    push(client, config, make_purchase_voucher(DEBIT_NOTE, config))
    assert company.bills_of(VENDOR) == {VENDOR_BILL: Decimal("0.00")}, "the debit note settles it"
    assert company.voucher_count("Purchase") == 1


def test_purchase_sent_twice_alters_the_same_voucher(sim, client):
    config = purchase_config()
    client.import_xml(purchase_masters(config))
    push(client, config, make_purchase_voucher(config=config))
    again = push(client, config, make_purchase_voucher(config=config))
    assert (again.created, again.altered) == (0, 1)
    assert sim.company(COMPANY).voucher_count("Purchase") == 1


def test_simulator_refuses_a_purchase_whose_input_ledger_is_missing_in_plain_words(sim, client):
    config = purchase_config()
    ledgers = [
        ledger for ledger in masters.build_company_ledgers(config) if ledger.get("NAME") != "Input SGST"
    ]
    client.import_xml(purchase_masters(config, ledgers))
    with pytest.raises(TallyRejected) as rejection:
        push(client, config, make_purchase_voucher(config=config))
    assert rejection.value.result.line_errors == ("Ledger 'Input SGST' does not exist!",)
    assert "Ledger 'Input SGST' does not exist!" in str(rejection.value)
    assert sim.company(COMPANY).voucher_count() == 0
