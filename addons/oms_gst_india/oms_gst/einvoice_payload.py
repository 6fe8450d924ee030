"""The IRP GenerateIRN payload (NIC INV-01 schema 1.1), built from plain values, and the IRN hash.

Amounts are computed in Decimal and written as JSON numbers: 2 decimals for amounts, 3 for
quantities, unit prices and rates. The header totals are the sums of the lines, so the payload
satisfies the IRP's arithmetic rules by construction; :mod:`.einvoice_validation` checks them.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import ZERO, round_amount, to_decimal
from .einvoice_document import (
    DOC_TYPES,
    IGST_ONLY_SUPPLY_TYPES,
    SCHEMA_VERSION,
    SUPPLY_TYPES,
    ZERO_RATED_SUPPLY_TYPES,
    EinvoiceError,
    InvoiceLine,
)
from .hsn import line_label
from .tax_split import INTER, INTRA, normalise_state_code, split_tax

_FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
# TotAmt and Discount are already inside AssAmt, so they stay out of TotItemVal.
_NOT_IN_ITEM_VALUE = frozenset({"TotAmt", "Discount"})


@dataclass
class _WorkingLine:
    """A line's amounts while negative lines are folded; the discount may still grow."""

    number: int
    source: InvoiceLine
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal
    discount: Decimal

    @property
    def assessable(self):
        return self.gross - self.discount

    @property
    def label(self):
        return line_label(self.number, self.source.description)


def build_irn_payload(doc):
    """Return the GenerateIRN JSON payload (a dict) of ``doc``, an :class:`InvoiceDocument`.

    Raises :class:`EinvoiceError` when the document cannot be expressed in the schema (unknown
    document or supply type, no lines, a negative line that cannot be folded). Business rules the
    IRP checks are left to :func:`oms_gst.einvoice_validation.validate_irn_payload`.
    """
    try:
        return _build(doc)
    except EinvoiceError:
        raise
    except ValueError as error:
        # Malformed numbers and state codes: one exception type for the caller to catch.
        raise EinvoiceError(f"Document {doc.number}: {error}") from error


def _build(doc):
    if doc.doc_type not in DOC_TYPES:
        raise EinvoiceError(f"Document type must be one of {', '.join(DOC_TYPES)}, not {doc.doc_type!r}")
    if doc.supply_type not in SUPPLY_TYPES:
        raise EinvoiceError(f"Supply type must be one of {', '.join(SUPPLY_TYPES)}, not {doc.supply_type!r}")
    if not isinstance(doc.date, datetime.date):
        raise EinvoiceError(f"Document {doc.number}: the date must be a date, got {doc.date!r}")
    if not doc.lines:
        raise EinvoiceError(f"Document {doc.number} has no lines; the IRP needs at least one")
    seller_state = normalise_state_code(doc.seller.state_code, "seller state code")
    place = normalise_state_code(doc.place_of_supply, "place of supply")
    lines = _fold_negative_lines([_working_line(n, line) for n, line in enumerate(doc.lines, start=1)])
    mode = _tax_mode(doc, seller_state, place)
    items = [_item_amounts(line, mode) for line in lines]

    def total(key):
        return sum((item[key] for item in items), ZERO)

    discount = round_amount(to_decimal(doc.discount, "invoice discount"))
    other_charges = round_amount(to_decimal(doc.other_charges, "invoice other charges"))
    round_off = round_amount(to_decimal(doc.round_off, "round-off"))
    values = {
        "AssVal": total("AssAmt"),
        "CgstVal": total("CgstAmt"),
        "SgstVal": total("SgstAmt"),
        "IgstVal": total("IgstAmt"),
        "CesVal": total("CesAmt") + total("CesNonAdvlAmt"),
        "StCesVal": total("StateCesAmt") + total("StateCesNonAdvlAmt"),
        "Discount": discount,
        "OthChrg": other_charges,
        "RndOffAmt": round_off,
        "TotInvVal": total("TotItemVal") - discount + other_charges + round_off,
    }
    payload = {
        "Version": SCHEMA_VERSION,
        "TranDtls": {
            "TaxSch": "GST",
            "SupTyp": doc.supply_type,
            "RegRev": "Y" if doc.reverse_charge else "N",
            "IgstOnIntra": "Y" if seller_state == place and values["IgstVal"] > 0 else "N",
        },
        "DocDtls": {"Typ": doc.doc_type, "No": _text(doc.number), "Dt": doc.date.strftime("%d/%m/%Y")},
        "SellerDtls": _party_block(doc.seller, "seller"),
        "BuyerDtls": _party_block(doc.buyer, "buyer", place_of_supply=place),
    }
    if doc.dispatch_from is not None:
        payload["DispDtls"] = _dispatch_block(doc.dispatch_from)
    if doc.ship_to is not None:
        payload["ShipDtls"] = _party_block(doc.ship_to, "ship-to", contact=False)
    payload["ItemList"] = [_item_block(line, item) for line, item in zip(lines, items, strict=True)]
    payload["ValDtls"] = {key: _number(value) for key, value in values.items()}
    return payload


def financial_year_of(date):
    """Return the Indian financial year (April to March) of ``date``, e.g. '2025-26'."""
    start = date.year if date.month >= 4 else date.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def compute_irn(seller_gstin, financial_year, doc_type, doc_number):
    """Return the IRN: SHA-256 hex of seller GSTIN + financial year + document type + number."""
    match = _FINANCIAL_YEAR.match(str(financial_year))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise EinvoiceError(f"Financial year must look like 2025-26, got {financial_year!r}")
    if doc_type not in DOC_TYPES:
        raise EinvoiceError(f"Document type must be one of {', '.join(DOC_TYPES)}, not {doc_type!r}")
    text = f"{str(seller_gstin).strip().upper()}{financial_year}{doc_type}{str(doc_number).strip()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _working_line(number, line):
    label = line_label(number, line.description)
    try:
        quantity = round_amount(to_decimal(line.quantity, "quantity"), 3)
        unit_price = round_amount(to_decimal(line.unit_price, "unit price"), 3)
        discount = round_amount(to_decimal(line.discount, "discount"))
        # Every other number is read here too, so that a bad one is reported with its line.
        for value, what in (
            (line.gst_rate, "GST rate"),
            (line.cess_rate, "cess rate"),
            (line.cess_non_advol_amount, "fixed cess"),
            (line.state_cess_rate, "state cess rate"),
            (line.state_cess_non_advol_amount, "fixed state cess"),
            (line.other_charges, "other charges"),
        ):
            to_decimal(value, what)
    except ValueError as error:
        raise EinvoiceError(f"{label}: {error}") from None
    if quantity < 0 and unit_price < 0:
        # The IRP refuses negative quantities and prices; their product is what matters.
        quantity, unit_price = -quantity, -unit_price
    if discount < 0:
        raise EinvoiceError(f"{label}: the discount {discount} is negative; enter a higher price instead")
    gross = round_amount(quantity * unit_price)
    return _WorkingLine(number, line, quantity, unit_price, gross, discount)


def _fold_key(line):
    source = line.source
    return (str(source.hsn).strip(), to_decimal(source.gst_rate), to_decimal(source.cess_rate))


def _fold_negative_lines(lines):
    kept = [line for line in lines if line.assessable >= 0]
    for negative in (line for line in lines if line.assessable < 0):
        source = negative.source
        hsn, rate, _cess = _fold_key(negative)
        fixed_amounts = (
            source.other_charges,
            source.cess_non_advol_amount,
            source.state_cess_non_advol_amount,
        )
        if any(to_decimal(amount) for amount in fixed_amounts):
            raise EinvoiceError(
                f"{negative.label}: a negative line cannot carry other charges or fixed cess; "
                "issue a credit note instead"
            )
        # Largest lines first, as Odoo's l10n_in_edi does, so the deduction touches few lines.
        targets = sorted(
            (line for line in kept if _fold_key(line) == _fold_key(negative)),
            key=lambda line: line.assessable,
            reverse=True,
        )
        remaining = -negative.assessable
        for target in targets:
            deduction = min(remaining, target.assessable)
            target.discount += deduction
            remaining -= deduction
            if not remaining:
                break
        if remaining > 0:
            what = "exceeds the lines" if targets else "has no positive line"
            raise EinvoiceError(
                f"{negative.label}: the negative amount {negative.assessable} {what} with HSN {hsn}, "
                f"GST rate {rate}% and the same cess rate to deduct it from; the IRP refuses negative "
                "lines, so add such a line or issue a credit note instead"
            )
    return kept


def _tax_mode(doc, seller_state, place):
    if doc.supply_type in ZERO_RATED_SUPPLY_TYPES:
        return None
    if doc.supply_type in IGST_ONLY_SUPPLY_TYPES or doc.igst_on_intra or seller_state != place:
        return INTER
    return INTRA


def _item_amounts(line, mode):
    source = line.source
    assessable = line.assessable
    gst_rate = to_decimal(source.gst_rate, "GST rate")
    if mode is None:
        taxes = split_tax(assessable, 0, INTER)
        cess = state_cess = round_amount(ZERO)
    else:
        taxes = split_tax(assessable, gst_rate, mode)
        cess = round_amount(assessable * to_decimal(source.cess_rate, "cess rate") / 100)
        state_cess = round_amount(assessable * to_decimal(source.state_cess_rate, "state cess rate") / 100)
    amounts = {
        "TotAmt": line.gross,
        "Discount": line.discount,
        "AssAmt": assessable,
        "IgstAmt": taxes.igst,
        "CgstAmt": taxes.cgst,
        "SgstAmt": taxes.sgst,
        "CesAmt": cess,
        "CesNonAdvlAmt": round_amount(to_decimal(source.cess_non_advol_amount, "fixed cess")),
        "StateCesAmt": state_cess,
        "StateCesNonAdvlAmt": round_amount(to_decimal(source.state_cess_non_advol_amount, "fixed cess")),
        "OthChrg": round_amount(to_decimal(source.other_charges, "other charges")),
    }
    amounts["TotItemVal"] = sum(value for key, value in amounts.items() if key not in _NOT_IN_ITEM_VALUE)
    return amounts


def _item_block(line, amounts):
    source = line.source
    return {
        "SlNo": str(line.number),
        "PrdDesc": _text(source.description),
        "IsServc": "Y" if source.is_service else "N",
        "HsnCd": str(source.hsn).strip(),
        "Qty": _number(line.quantity, 3),
        "Unit": _text(source.unit).upper() or "OTH",
        "UnitPrice": _number(line.unit_price, 3),
        "TotAmt": _number(amounts["TotAmt"]),
        "Discount": _number(amounts["Discount"]),
        "AssAmt": _number(amounts["AssAmt"]),
        "GstRt": _number(to_decimal(source.gst_rate), 3),
        "IgstAmt": _number(amounts["IgstAmt"]),
        "CgstAmt": _number(amounts["CgstAmt"]),
        "SgstAmt": _number(amounts["SgstAmt"]),
        "CesRt": _number(to_decimal(source.cess_rate), 3),
        "CesAmt": _number(amounts["CesAmt"]),
        "CesNonAdvlAmt": _number(amounts["CesNonAdvlAmt"]),
        "StateCesRt": _number(to_decimal(source.state_cess_rate), 3),
        "StateCesAmt": _number(amounts["StateCesAmt"]),
        "StateCesNonAdvlAmt": _number(amounts["StateCesNonAdvlAmt"]),
        "OthChrg": _number(amounts["OthChrg"]),
        "TotItemVal": _number(amounts["TotItemVal"]),
    }


def _party_block(party, role, place_of_supply=None, contact=True):
    block = {}
    gstin = _text(party.gstin).upper()
    if gstin or role != "ship-to":
        block["Gstin"] = gstin
    block["LglNm"] = _text(party.legal_name)
    _put(block, "TrdNm", party.trade_name)
    if place_of_supply is not None:
        block["Pos"] = place_of_supply
    block["Addr1"] = _text(party.address1)
    _put(block, "Addr2", party.address2)
    block["Loc"] = _text(party.location)
    block["Pin"] = _pin(party.pincode)
    block["Stcd"] = normalise_state_code(party.state_code, f"{role} state code")
    if contact:
        _put(block, "Ph", "".join(char for char in str(party.phone or "") if char.isdigit()))
        _put(block, "Em", party.email)
    return block


def _dispatch_block(party):
    block = {"Nm": _text(party.legal_name), "Addr1": _text(party.address1)}
    _put(block, "Addr2", party.address2)
    block["Loc"] = _text(party.location)
    block["Pin"] = _pin(party.pincode)
    block["Stcd"] = normalise_state_code(party.state_code, "dispatch-from state code")
    return block


def _put(block, key, value):
    # Optional fields go out only when filled: the IRP refuses empty strings below their minimum length.
    text = _text(value)
    if text:
        block[key] = text


def _text(value):
    # Line breaks and runs of spaces are not meaningful in the IRP's text fields.
    return " ".join(str(value or "").split())


def _pin(value):
    # A malformed PIN is passed through as text so that the validator can name it.
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() else text


def _number(value, places=2):
    number = float(round_amount(value, places))
    return number if number else 0.0  # never -0.0 in JSON
