"""The GST document: one plain shape of an invoice or a delivery challan, from which both the IRP's INV-01
payload (:mod:`.einvoice_payload`) and the e-way bill's GENEWAYBILL payload (:mod:`.ewb_payload`) are built.

The Odoo layer fills it once from its records (``models/gst_document.py``), with the tax amounts Odoo's own
tax engine computed, so both payloads agree with the invoice to the paisa. Pure tests may leave the amounts
out: they are then computed from the rates. :func:`resolve_lines` gives the lines as both payloads report
them: negative lines folded away, every amount in Decimal.

GST and cess are kept apart because NIC keeps them apart: ``gst_rate`` is the GST rate alone (IGST, or
CGST + SGST), compensation cess is ``cess_rate`` (ad valorem) plus ``cess_non_advol_amount`` (per unit or
per thousand), and state cess the same with ``state_cess_``.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .amounts import ZERO, round_amount, to_decimal
from .hsn import line_label
from .tax_split import INTER, INTRA, normalise_state_code, split_tax

IRN_DOC_TYPES = ("INV", "CRN", "DBN")
# A delivery challan (CGST Rule 55) travels with an e-way bill but never gets an IRN.
DOC_TYPES = (*IRN_DOC_TYPES, "CHL")
SUPPLY_TYPES = ("B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP")
# Supplies to SEZ and exports are inter-state by law, whatever the two state codes are.
IGST_ONLY_SUPPLY_TYPES = frozenset({"SEZWP", "SEZWOP", "EXPWP", "EXPWOP"})
# "Without payment" supplies are zero-rated under a Letter of Undertaking: no tax is charged.
ZERO_RATED_SUPPLY_TYPES = frozenset({"SEZWOP", "EXPWOP"})
UNREGISTERED_GSTIN = "URP"
# Kinds of a tax component (see :class:`TaxComponent`); "other" is a tax that is neither GST nor cess.
TAX_KINDS = ("igst", "cgst", "sgst", "cess", "state_cess", "other")


class GstDocumentError(ValueError):
    """A document that cannot be turned into a payload; the message names the line and the way forward."""


@dataclass(frozen=True, kw_only=True)
class Party:
    """Seller, buyer, dispatch-from or ship-to party.

    An overseas buyer has ``gstin`` "URP", ``pincode`` 999999 and ``state_code`` "96". For
    dispatch-from only the name and the address are used.
    """

    gstin: str = ""
    legal_name: str
    trade_name: str = ""
    address1: str
    address2: str = ""
    location: str
    pincode: int | str
    state_code: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class GstLine:
    """One line. ``discount`` is an amount in rupees, rates are percentages (18 = 18 %).

    ``unit`` is a UQC code (NOS, KGS, MTR, ...; OTH when none applies). A line whose amount
    (quantity x unit price - discount) is negative is folded into the discount of positive lines
    with the same HSN, GST rate and cess rate.

    The ``*_amount`` fields left at None are computed from the rates and the supply (CGST + SGST inside
    the state, IGST otherwise, nothing on zero-rated supplies); given, they are reported as they are.
    """

    description: str
    is_service: bool = False
    hsn: str
    quantity: Decimal | int | str
    unit: str = "OTH"
    unit_price: Decimal | int | str
    discount: Decimal | int | str = ZERO
    gst_rate: Decimal | int | str
    cess_rate: Decimal | int | str = ZERO
    cess_non_advol_amount: Decimal | int | str = ZERO
    state_cess_rate: Decimal | int | str = ZERO
    state_cess_non_advol_amount: Decimal | int | str = ZERO
    other_charges: Decimal | int | str = ZERO
    igst_amount: Decimal | int | str | None = None
    cgst_amount: Decimal | int | str | None = None
    sgst_amount: Decimal | int | str | None = None
    cess_amount: Decimal | int | str | None = None
    state_cess_amount: Decimal | int | str | None = None


@dataclass(frozen=True, kw_only=True)
class GstDocument:
    """An invoice (INV), credit note (CRN), debit note (DBN) or delivery challan (CHL).

    ``supply_type`` is the IRP's SupTyp. ``igst_on_intra`` charges IGST although seller and place of
    supply are in the same state. ``discount`` and ``other_charges`` are document-level amounts outside the
    lines; ``round_off`` is the rounding to the rupee (see :func:`oms_gst.rounding.round_invoice_total`).
    """

    doc_type: str = "INV"
    number: str
    date: datetime.date
    supply_type: str = "B2B"
    reverse_charge: bool = False
    igst_on_intra: bool = False
    seller: Party
    buyer: Party
    place_of_supply: str
    dispatch_from: Party | None = None
    ship_to: Party | None = None
    lines: tuple = ()
    discount: Decimal | int | str = ZERO
    other_charges: Decimal | int | str = ZERO
    round_off: Decimal | int | str = ZERO

    def __post_init__(self):
        object.__setattr__(self, "lines", tuple(self.lines))


@dataclass(frozen=True)
class TaxComponent:
    """One tax applied to a line, as the accounting computed it.

    ``kind`` is one of :data:`TAX_KINDS`; ``ad_valorem`` says the tax is a percentage of the value (its
    ``rate``), as opposed to a fixed amount per unit or per thousand or a formula ("the higher of").
    """

    kind: str
    ad_valorem: bool
    rate: Decimal | int | float | str
    amount: Decimal | int | float | str


# Amount keys of a resolved line, in the order the IRP lists them.
AMOUNT_KEYS = (
    "igst",
    "cgst",
    "sgst",
    "cess",
    "cess_non_advol",
    "state_cess",
    "state_cess_non_advol",
    "other_charges",
)
_GIVEN_AMOUNT_FIELDS = {
    "igst": "igst_amount",
    "cgst": "cgst_amount",
    "sgst": "sgst_amount",
    "cess": "cess_amount",
    "state_cess": "state_cess_amount",
}


def line_taxes(components):
    """Return the :class:`GstLine` tax fields of a line taxed by ``components`` (TaxComponent).

    GST and cess are kept apart: ``gst_rate`` is the IGST rate, or the CGST and SGST rates added; ad
    valorem cess gives ``cess_rate`` and ``cess_amount``; fixed or formula cess goes into
    ``cess_non_advol_amount`` (as Odoo's l10n_in_edi reports it); state cess likewise; any other tax is
    reported as the line's other charges.
    """
    values = dict.fromkeys(
        (
            "gst_rate",
            "cess_rate",
            "cess_non_advol_amount",
            "state_cess_rate",
            "state_cess_non_advol_amount",
            "other_charges",
            *_GIVEN_AMOUNT_FIELDS.values(),
        ),
        ZERO,
    )
    for component in components:
        if component.kind not in TAX_KINDS:
            raise GstDocumentError(
                f"Unknown tax kind {component.kind!r}; expected one of {', '.join(TAX_KINDS)}"
            )
        rate = to_decimal(component.rate, f"{component.kind} rate")
        amount = round_amount(to_decimal(component.amount, f"{component.kind} amount"))
        if component.kind in ("igst", "cgst", "sgst"):
            values["gst_rate"] += rate
            values[f"{component.kind}_amount"] += amount
        elif component.kind in ("cess", "state_cess") and component.ad_valorem:
            values[f"{component.kind}_rate"] += rate
            values[f"{component.kind}_amount"] += amount
        elif component.kind in ("cess", "state_cess"):
            values[f"{component.kind}_non_advol_amount"] += amount
        else:
            values["other_charges"] += amount
    return values


@dataclass
class ResolvedLine:
    """A line as the payloads report it: its number on the document, quantities and every amount."""

    number: int
    source: GstLine
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    amounts: dict

    @property
    def assessable(self):
        """Taxable value: gross amount less the discount."""
        return self.gross - self.discount

    @property
    def label(self):
        """'Line 3 (Widget 10mm)', for messages."""
        return line_label(self.number, self.source.description)

    @property
    def item_value(self):
        """Taxable value plus every tax, cess and other charge of the line."""
        return self.assessable + sum(self.amounts.values(), ZERO)


def tax_mode(doc):
    """INTRA (CGST + SGST), INTER (IGST) or None (zero-rated) for the document's supply."""
    if doc.supply_type in ZERO_RATED_SUPPLY_TYPES:
        return None
    seller_state = normalise_state_code(doc.seller.state_code, "seller state code")
    place = normalise_state_code(doc.place_of_supply, "place of supply")
    if doc.supply_type in IGST_ONLY_SUPPLY_TYPES or doc.igst_on_intra or seller_state != place:
        return INTER
    return INTRA


def resolve_lines(doc):
    """Return the :class:`ResolvedLine` list of ``doc``, negative lines folded into matching lines.

    Raises :class:`GstDocumentError` naming the line for a malformed number, a negative discount or a
    negative line that cannot be folded.
    """
    lines = [_working_line(number, line) for number, line in enumerate(doc.lines, start=1)]
    kept = _fold_negative_lines(lines)
    mode = tax_mode(doc)
    for line in kept:
        line.amounts = _amounts(line, mode)
    return kept


def totals(lines):
    """Sum of each amount of resolved ``lines``, plus ``assessable`` and ``item_value``."""
    result = {key: sum((line.amounts[key] for line in lines), ZERO) for key in AMOUNT_KEYS}
    result["assessable"] = sum((line.assessable for line in lines), ZERO)
    result["item_value"] = sum((line.item_value for line in lines), ZERO)
    return result


def _working_line(number, line):
    label = line_label(number, line.description)
    try:
        quantity = round_amount(to_decimal(line.quantity, "quantity"), 3)
        unit_price = round_amount(to_decimal(line.unit_price, "unit price"), 3)
        discount = round_amount(to_decimal(line.discount, "discount"))
        given = {
            key: None if getattr(line, name) is None else round_amount(to_decimal(getattr(line, name), name))
            for key, name in _GIVEN_AMOUNT_FIELDS.items()
        }
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
        raise GstDocumentError(f"{label}: {error}") from None
    if quantity < 0 and unit_price < 0:
        # NIC refuses negative quantities and prices; their product is what matters.
        quantity, unit_price = -quantity, -unit_price
    if discount < 0:
        raise GstDocumentError(f"{label}: the discount {discount} is negative; enter a higher price instead")
    gross = round_amount(quantity * unit_price)
    return ResolvedLine(number, line, quantity, unit_price, gross, discount, given)


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
            raise GstDocumentError(
                f"{negative.label}: a negative line cannot carry other charges or fixed cess; "
                "issue a credit note instead"
            )
        # Largest lines first, as Odoo's l10n_in_edi does, so the deduction touches few lines.
        targets = sorted(
            (line for line in kept if _fold_key(line) == _fold_key(negative)),
            key=lambda line: line.assessable,
            reverse=True,
        )
        total = remaining = -negative.assessable
        for target in targets:
            deduction = min(remaining, target.assessable)
            target.discount += deduction
            _move_given_taxes(negative, target, deduction / total, last=deduction == remaining)
            remaining -= deduction
            if not remaining:
                break
        if remaining > 0:
            what = "exceeds the lines" if targets else "has no positive line"
            raise GstDocumentError(
                f"{negative.label}: the negative amount {negative.assessable} {what} with HSN {hsn}, "
                f"GST rate {rate}% and the same cess rate to deduct it from; NIC refuses negative "
                "lines, so add such a line or issue a credit note instead"
            )
    return kept


def _move_given_taxes(negative, target, share, last):
    """Carry the negative line's own tax amounts (when given) to the line that absorbs it, in proportion."""
    for key, amount in negative.amounts.items():
        if amount is None or target.amounts.get(key) is None:
            continue
        moved = amount if last else round_amount(amount * share)
        target.amounts[key] += moved
        negative.amounts[key] = amount - moved


def _amounts(line, mode):
    source = line.source
    assessable = line.assessable
    given = line.amounts
    taxes = split_tax(
        assessable, 0 if mode is None else to_decimal(source.gst_rate, "GST rate"), mode or INTER
    )
    zero_rated = mode is None

    def ad_valorem(key, rate):
        if given.get(key) is not None:
            return given[key]
        return round_amount(ZERO if zero_rated else assessable * to_decimal(rate) / 100)

    return {
        "igst": taxes.igst if given["igst"] is None else given["igst"],
        "cgst": taxes.cgst if given["cgst"] is None else given["cgst"],
        "sgst": taxes.sgst if given["sgst"] is None else given["sgst"],
        "cess": ad_valorem("cess", source.cess_rate),
        "cess_non_advol": round_amount(to_decimal(source.cess_non_advol_amount)),
        "state_cess": ad_valorem("state_cess", source.state_cess_rate),
        "state_cess_non_advol": round_amount(to_decimal(source.state_cess_non_advol_amount)),
        "other_charges": round_amount(to_decimal(source.other_charges)),
    }


def plain_text(value):
    """``value`` as one line of text: line breaks and runs of spaces mean nothing in NIC's text fields."""
    return " ".join(str(value or "").split())
