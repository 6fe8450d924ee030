"""XML for Tally masters: party ledgers, GST, sales and purchase ledgers, stock items, units, godowns.

Masters are matched by name in Tally, so importing one again updates it instead of
creating a twin. Layout follows TallyPrime 3 and later (dated GST and mailing lists).
"""

from lxml import etree

from .config import TallyCompanyConfig
from .documents import PartyMaster, StockItemMaster
from .xmlutil import SYSTEM_NAME_MARKER, add, clean_text, format_date, format_percent, to_decimal, yes_no

DUTIES_AND_TAXES = "Duties & Taxes"
SALES_ACCOUNTS = "Sales Accounts"
PURCHASE_ACCOUNTS = "Purchase Accounts"
INDIRECT_EXPENSES = "Indirect Expenses"

# Tally's names for the GST duty heads of a tax ledger and of a stock item's rate rows.
CENTRAL_TAX = "Central Tax"
STATE_TAX = "State Tax"
INTEGRATED_TAX = "Integrated Tax"
CESS = "Cess"
DUTY_HEADS = {"cgst": CENTRAL_TAX, "sgst": STATE_TAX, "igst": INTEGRATED_TAX, "cess": CESS}


def _master(tag: str, name: str):
    """Start a master element named in both places Tally reads the name from."""
    element = etree.Element(tag, NAME=clean_text(name), ACTION="Create")
    names = add(element, "NAME.LIST", TYPE="String")
    add(names, "NAME", name)
    return element


def build_ledger(name: str, parent: str):
    """Return a plain ``LEDGER`` master under ``parent``."""
    ledger = _master("LEDGER", name)
    add(ledger, "PARENT", parent)
    return ledger


def build_party_ledger(party: PartyMaster, config: TallyCompanyConfig):
    """Return the customer ledger with GST registration and mailing details.

    Both lists carry ``APPLICABLEFROM``: TallyPrime 3 keeps their history by date.
    """
    ledger = build_ledger(party.name, config.party_group)
    add(ledger, "ISBILLWISEON", "Yes")
    add(ledger, "COUNTRYOFRESIDENCE", party.country)
    registration = add(ledger, "LEDGSTREGDETAILS.LIST")
    add(registration, "APPLICABLEFROM", format_date(party.applicable_from))
    add(registration, "GSTREGISTRATIONTYPE", party.registration_type)
    add(registration, "PLACEOFSUPPLY", party.state_name)
    if party.gstin:
        add(registration, "GSTIN", party.gstin.upper())
    mailing = add(ledger, "LEDMAILINGDETAILS.LIST")
    addresses = add(mailing, "ADDRESS.LIST", TYPE="String")
    for line in party.address_lines:
        if line:
            add(addresses, "ADDRESS", line)
    add(mailing, "APPLICABLEFROM", format_date(party.applicable_from))
    add(mailing, "PINCODE", party.pincode)
    add(mailing, "MAILINGNAME", party.name)
    add(mailing, "STATE", party.state_name)
    add(mailing, "COUNTRY", party.country)
    return ledger


def build_tax_ledger(name: str, duty: str):
    """Return a GST ledger under Duties & Taxes; ``duty`` is cgst, sgst, igst or cess."""
    try:
        duty_head = DUTY_HEADS[duty]
    except KeyError:
        raise ValueError(f"Unknown GST duty {duty!r}; use one of {', '.join(DUTY_HEADS)}.") from None
    ledger = build_ledger(name, DUTIES_AND_TAXES)
    add(ledger, "TAXTYPE", "GST")
    add(ledger, "GSTDUTYHEAD", duty_head)
    return ledger


def build_sales_ledger(name: str):
    """Return a sales ledger under Sales Accounts that does not carry stock by itself."""
    ledger = build_ledger(name, SALES_ACCOUNTS)
    add(ledger, "AFFECTSSTOCK", "No")
    return ledger


def build_purchase_ledger(name: str):
    """Return a purchase ledger under Purchase Accounts that does not carry stock by itself."""
    ledger = build_ledger(name, PURCHASE_ACCOUNTS)
    add(ledger, "AFFECTSSTOCK", "No")
    return ledger


def build_company_ledgers(config: TallyCompanyConfig) -> list:
    """Return every ledger the configuration names: sales per rate, GST heads, round-off, and for a
    company that sends purchases the purchase ledgers per rate and the input GST heads."""
    ledgers = [build_sales_ledger(name) for name in dict.fromkeys(config.sales_ledgers.values())]
    ledgers += [
        build_tax_ledger(config.cgst_ledger, "cgst"),
        build_tax_ledger(config.sgst_ledger, "sgst"),
        build_tax_ledger(config.igst_ledger, "igst"),
        build_tax_ledger(config.cess_ledger, "cess"),
        build_ledger(config.round_off_ledger, INDIRECT_EXPENSES),
    ]
    if config.purchase_ledgers:
        ledgers += [build_purchase_ledger(name) for name in dict.fromkeys(config.purchase_ledgers.values())]
        ledgers += [build_tax_ledger(name, duty) for duty, name in config.input_tax_ledgers().items()]
    return ledgers


def _rate_row(parent, duty_head: str, rate):
    row = add(parent, "RATEDETAILS.LIST")
    add(row, "GSTRATEDUTYHEAD", duty_head)
    add(row, "GSTRATEVALUATIONTYPE", "Based on Value")
    add(row, "GSTRATE", format_percent(rate))


def build_stock_item(item: StockItemMaster):
    """Return a stock item with base unit, HSN and GST rates split per duty head."""
    stock_item = _master("STOCKITEM", item.name)
    add(stock_item, "BASEUNITS", item.base_unit)
    add(stock_item, "GSTAPPLICABLE", f"{SYSTEM_NAME_MARKER} Applicable")
    add(stock_item, "GSTTYPEOFSUPPLY", "Goods")
    applicable_from = format_date(item.applicable_from)
    # TallyPrime 3+ reads the HSN from its own dated list; older releases from GSTDETAILS.
    hsn_details = add(stock_item, "HSNDETAILS.LIST")
    add(hsn_details, "APPLICABLEFROM", applicable_from)
    add(hsn_details, "HSNCODE", item.hsn)
    add(hsn_details, "SRCOFHSNDETAILS", "Specify Details Here")
    gst = add(stock_item, "GSTDETAILS.LIST")
    add(gst, "APPLICABLEFROM", applicable_from)
    add(gst, "HSNCODE", item.hsn)
    rate = to_decimal(item.gst_rate)
    add(gst, "TAXABILITY", "Taxable" if rate else "Nil Rated")
    add(gst, "SRCOFGSTDETAILS", "Specify Details Here")
    state_rates = add(gst, "STATEWISEDETAILS.LIST")
    add(state_rates, "STATENAME", f"{SYSTEM_NAME_MARKER} Any")
    _rate_row(state_rates, CENTRAL_TAX, rate / 2)
    _rate_row(state_rates, STATE_TAX, rate / 2)
    _rate_row(state_rates, INTEGRATED_TAX, rate)
    _rate_row(state_rates, CESS, 0)
    return stock_item


def build_unit(name: str, decimal_places: int = 0, uqc: str = ""):
    """Return a simple unit of measure; ``uqc`` is the GST reporting unit (e.g. NOS-NUMBERS)."""
    unit = etree.Element("UNIT", NAME=clean_text(name), ACTION="Create")
    add(unit, "NAME", name)
    add(unit, "ISSIMPLEUNIT", yes_no(True))
    add(unit, "DECIMALPLACES", str(decimal_places))
    if uqc:
        add(unit, "GSTREPUOM", uqc)
    return unit


def build_godown(name: str):
    """Return a godown master for companies that track stock by location."""
    return _master("GODOWN", name)
