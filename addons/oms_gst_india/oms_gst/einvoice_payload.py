"""The IRP GenerateIRN payload (NIC INV-01 schema 1.1), built from plain values, and the IRN hash.

Amounts are computed in Decimal and written as JSON numbers: 2 decimals for amounts, 3 for
quantities, unit prices and rates. The header totals are the sums of the lines, so the payload
satisfies the IRP's arithmetic rules by construction; :mod:`.einvoice_validation` checks them.
"""

import datetime
import hashlib
import re

from .amounts import json_number, round_amount, to_decimal
from .gst_document import (
    IRN_DOC_TYPES,
    SUPPLY_TYPES,
    GstDocumentError,
    plain_text,
    resolve_lines,
    totals,
)
from .nic_dates import nic_date
from .tax_split import normalise_state_code

SCHEMA_VERSION = "1.1"
_FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def build_irn_payload(doc):
    """Return the GenerateIRN JSON payload (a dict) of ``doc``, a :class:`oms_gst.gst_document.GstDocument`.

    Raises :class:`GstDocumentError` when the document cannot be expressed in the schema (unknown
    document or supply type, no lines, a negative line that cannot be folded). Business rules the
    IRP checks are left to :func:`oms_gst.einvoice_validation.validate_irn_payload`.
    """
    try:
        return _build(doc)
    except GstDocumentError:
        raise
    except ValueError as error:
        # Malformed numbers and state codes: one exception type for the caller to catch.
        raise GstDocumentError(f"Document {doc.number}: {error}") from error


def _build(doc):
    if doc.doc_type not in IRN_DOC_TYPES:
        raise GstDocumentError(
            f"Document type must be one of {', '.join(IRN_DOC_TYPES)}, not {doc.doc_type!r}"
        )
    if doc.supply_type not in SUPPLY_TYPES:
        raise GstDocumentError(
            f"Supply type must be one of {', '.join(SUPPLY_TYPES)}, not {doc.supply_type!r}"
        )
    if not isinstance(doc.date, datetime.date):
        raise GstDocumentError(f"Document {doc.number}: the date must be a date, got {doc.date!r}")
    if not doc.lines:
        raise GstDocumentError(f"Document {doc.number} has no lines; the IRP needs at least one")
    seller_state = normalise_state_code(doc.seller.state_code, "seller state code")
    place = normalise_state_code(doc.place_of_supply, "place of supply")
    lines = resolve_lines(doc)
    sums = totals(lines)
    discount = round_amount(to_decimal(doc.discount, "invoice discount"))
    other_charges = round_amount(to_decimal(doc.other_charges, "invoice other charges"))
    round_off = round_amount(to_decimal(doc.round_off, "round-off"))
    values = {
        "AssVal": sums["assessable"],
        "CgstVal": sums["cgst"],
        "SgstVal": sums["sgst"],
        "IgstVal": sums["igst"],
        "CesVal": sums["cess"] + sums["cess_non_advol"],
        "StCesVal": sums["state_cess"] + sums["state_cess_non_advol"],
        "Discount": discount,
        "OthChrg": other_charges,
        "RndOffAmt": round_off,
        "TotInvVal": sums["item_value"] - discount + other_charges + round_off,
    }
    payload = {
        "Version": SCHEMA_VERSION,
        "TranDtls": {
            "TaxSch": "GST",
            "SupTyp": doc.supply_type,
            "RegRev": "Y" if doc.reverse_charge else "N",
            "IgstOnIntra": "Y" if seller_state == place and values["IgstVal"] > 0 else "N",
        },
        "DocDtls": {"Typ": doc.doc_type, "No": plain_text(doc.number), "Dt": nic_date(doc.date)},
        "SellerDtls": _party_block(doc.seller, "seller"),
        "BuyerDtls": _party_block(doc.buyer, "buyer", place_of_supply=place),
    }
    if doc.dispatch_from is not None:
        payload["DispDtls"] = _dispatch_block(doc.dispatch_from)
    if doc.ship_to is not None:
        payload["ShipDtls"] = _party_block(doc.ship_to, "ship-to", contact=False)
    payload["ItemList"] = [_item_block(line) for line in lines]
    payload["ValDtls"] = {key: json_number(value) for key, value in values.items()}
    return payload


def financial_year_of(date):
    """Return the Indian financial year (April to March) of ``date``, e.g. '2025-26'."""
    start = date.year if date.month >= 4 else date.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def compute_irn(seller_gstin, financial_year, doc_type, doc_number):
    """Return the IRN: SHA-256 hex of seller GSTIN + financial year + document type + number."""
    match = _FINANCIAL_YEAR.match(str(financial_year))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise GstDocumentError(f"Financial year must look like 2025-26, got {financial_year!r}")
    if doc_type not in IRN_DOC_TYPES:
        raise GstDocumentError(f"Document type must be one of {', '.join(IRN_DOC_TYPES)}, not {doc_type!r}")
    text = f"{str(seller_gstin).strip().upper()}{financial_year}{doc_type}{str(doc_number).strip()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _item_block(line):
    source = line.source
    block = {
        "SlNo": str(line.number),
        "PrdDesc": plain_text(source.description),
        "IsServc": "Y" if source.is_service else "N",
        "HsnCd": str(source.hsn).strip(),
        "Qty": json_number(line.quantity, 3),
        "Unit": plain_text(source.unit).upper() or "OTH",
        "UnitPrice": json_number(line.unit_price, 3),
        "TotAmt": json_number(line.gross),
        "Discount": json_number(line.discount),
        "AssAmt": json_number(line.assessable),
        "GstRt": json_number(to_decimal(source.gst_rate), 3),
    }
    block["IgstAmt"] = json_number(line.amounts["igst"])
    block["CgstAmt"] = json_number(line.amounts["cgst"])
    block["SgstAmt"] = json_number(line.amounts["sgst"])
    block["CesRt"] = json_number(to_decimal(source.cess_rate), 3)
    block["CesAmt"] = json_number(line.amounts["cess"])
    block["CesNonAdvlAmt"] = json_number(line.amounts["cess_non_advol"])
    block["StateCesRt"] = json_number(to_decimal(source.state_cess_rate), 3)
    block["StateCesAmt"] = json_number(line.amounts["state_cess"])
    block["StateCesNonAdvlAmt"] = json_number(line.amounts["state_cess_non_advol"])
    block["OthChrg"] = json_number(line.amounts["other_charges"])
    block["TotItemVal"] = json_number(line.item_value)
    return block


def _party_block(party, role, place_of_supply=None, contact=True):
    block = {}
    gstin = plain_text(party.gstin).upper()
    if gstin or role != "ship-to":
        block["Gstin"] = gstin
    block["LglNm"] = plain_text(party.legal_name)
    _put(block, "TrdNm", party.trade_name)
    if place_of_supply is not None:
        block["Pos"] = place_of_supply
    block["Addr1"] = plain_text(party.address1)
    _put(block, "Addr2", party.address2)
    block["Loc"] = plain_text(party.location)
    block["Pin"] = _pin(party.pincode)
    block["Stcd"] = normalise_state_code(party.state_code, f"{role} state code")
    if contact:
        _put(block, "Ph", "".join(char for char in str(party.phone or "") if char.isdigit()))
        _put(block, "Em", party.email)
    return block


def _dispatch_block(party):
    block = {"Nm": plain_text(party.legal_name), "Addr1": plain_text(party.address1)}
    _put(block, "Addr2", party.address2)
    block["Loc"] = plain_text(party.location)
    block["Pin"] = _pin(party.pincode)
    block["Stcd"] = normalise_state_code(party.state_code, "dispatch-from state code")
    return block


def _put(block, key, value):
    # Optional fields go out only when filled: the IRP refuses empty strings below their minimum length.
    text = plain_text(value)
    if text:
        block[key] = text


def _pin(value):
    # A malformed PIN is passed through as text so that the validator can name it.
    text = plain_text(value)
    return int(text) if text.isascii() and text.isdigit() else text
