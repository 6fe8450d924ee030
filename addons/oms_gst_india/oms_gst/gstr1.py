"""GSTR-1, the return of outward supplies: which table each posted invoice and credit note goes to, what the
GST portal would refuse, and the totals of each table.

The Odoo layer (``oms_gst_returns``) reads the period's documents from the journal items in bulk and hands
them over as :class:`ReturnDocument`; :mod:`.gstr1_json` writes the portal's offline-tool JSON from the
result. Nothing here imports ``odoo``.

Where a document goes (CGST Act s. 37 and the GSTR-1 form's tables):

* **B2B** (table 4): invoices to a registered buyer (GSTIN or UIN), SEZ units and deemed exports included;
* **B2CL** (table 5): inter-state invoices to an unregistered buyer above the B2CL limit (₹1,00,000 for
  invoices from 1 August 2024, Notification 12/2024-Central Tax; ₹2,50,000 before);
* **B2CS** (table 7): every other supply to an unregistered buyer, summed by place of supply and rate;
  credit notes of such supplies are netted into it;
* **EXP** (table 6A): exports, with payment of IGST (WPAY) or under a Letter of Undertaking (WOPAY);
* **CDNR** (table 9B): credit notes to registered buyers; **CDNUR**: to unregistered buyers of B2CL
  invoices and to overseas buyers;
* **HSN summary** (table 12), split into B2B and B2C as the portal asks from May 2025, and the document
  summary (table 13).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .amounts import ZERO, round_amount
from .gstin import GstinError, gstin_kind
from .hsn import HsnError, check_hsn
from .tax_split import EXPORT_STATE_CODE

B2CL_LIMIT_CHANGED = datetime.date(2024, 8, 1)
B2CL_LIMIT = Decimal("100000")
B2CL_LIMIT_BEFORE = Decimal("250000")

SECTIONS = ("b2b", "b2cl", "b2cs", "exp", "cdnr", "cdnur")
REFUSED = "refused"
# Buyers reported with their GSTIN (or UIN) in B2B and CDNR.
REGISTERED_TREATMENTS = frozenset(
    {"regular", "composition", "special_economic_zone", "deemed_export", "uin_holders"}
)
# The portal's invoice (and note) numbers (CGST Rule 46(b)): at most 16 characters, letters, digits, "/"
# and "-", starting with a letter or digit.
DOCUMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{0,15}$")
AMOUNT_FIELDS = ("taxable", "igst", "cgst", "sgst", "cess")


@dataclass(frozen=True, kw_only=True)
class ReturnLine:
    """One invoice line: its HSN, unit (UQC) and quantity, GST rate (IGST, or CGST + SGST) and amounts in
    rupees, positive for an invoice and for a credit note alike."""

    hsn: str
    description: str = ""
    uqc: str = "OTH"
    quantity: Decimal = ZERO
    is_service: bool = False
    rate: Decimal
    taxable: Decimal
    igst: Decimal = ZERO
    cgst: Decimal = ZERO
    sgst: Decimal = ZERO
    cess: Decimal = ZERO


@dataclass(frozen=True, kw_only=True)
class ReturnDocument:
    """A posted customer invoice (INV) or credit note (CRN), as GSTR-1 needs it.

    ``key`` identifies the record for the caller; ``treatment`` is l10n_in's GST treatment of the buyer;
    ``value`` the document's total in rupees; ``original_value`` and ``original_date`` those of the
    invoice a credit note reverses, when known. ``irn`` marks an e-invoice, which the portal fills in itself
    from the IRP.
    """

    key: object = None
    doc_type: str = "INV"
    number: str
    date: datetime.date
    buyer_gstin: str = ""
    buyer_name: str = ""
    treatment: str
    supplier_state: str
    place_of_supply: str = ""
    value: Decimal
    reverse_charge: bool = False
    original_value: Decimal | None = None
    original_date: datetime.date | None = None
    irn: str = ""
    irn_date: datetime.date | None = None
    port_code: str = ""
    shipping_bill_number: str = ""
    shipping_bill_date: datetime.date | None = None
    lines: tuple = ()

    def total(self, name):
        """The sum of one amount (taxable, igst, cgst, sgst or cess) over the lines."""
        return sum((getattr(line, name) for line in self.lines), ZERO)


@dataclass(frozen=True)
class Placement:
    """Where one document goes: its ``section`` (one of SECTIONS, or REFUSED with the ``reasons``) and
    ``kind``: inv_typ for B2B/CDNR (R, SEWP, SEWOP, DE), exp_typ for EXP (WPAY, WOPAY), typ for CDNUR."""

    document: ReturnDocument
    section: str
    kind: str = ""
    reasons: tuple = ()


@dataclass
class SectionTotal:
    """Count and amounts of one section (credit notes netted into B2CS count negative amounts)."""

    section: str
    count: int = 0
    value: Decimal = ZERO
    taxable: Decimal = ZERO
    igst: Decimal = ZERO
    cgst: Decimal = ZERO
    sgst: Decimal = ZERO
    cess: Decimal = ZERO

    def add(self, document, sign=1):
        self.count += 1
        self.value += sign * document.value
        for name in AMOUNT_FIELDS:
            setattr(self, name, getattr(self, name) + sign * document.total(name))


@dataclass
class Gstr1:
    """The placements of a period's documents and the totals of each section."""

    placements: list = field(default_factory=list)

    def placed(self, section):
        """The placements of one section (or of REFUSED), in document order."""
        return [placement for placement in self.placements if placement.section == section]

    @property
    def refused(self):
        return self.placed(REFUSED)

    def totals(self):
        """{section: SectionTotal} for every section with a document, refused ones apart."""
        totals = {}
        for placement in self.placements:
            total = totals.setdefault(placement.section, SectionTotal(placement.section))
            sign = -1 if placement.section == "b2cs" and placement.document.doc_type == "CRN" else 1
            total.add(placement.document, sign)
        return totals


def b2cl_limit(invoice_date):
    """The invoice value above which an inter-state supply to an unregistered buyer is reported in B2CL."""
    return B2CL_LIMIT if invoice_date >= B2CL_LIMIT_CHANGED else B2CL_LIMIT_BEFORE


def place(document, hsn_length=4, sandbox=False):
    """The :class:`Placement` of one document, with every reason the portal would refuse it."""
    reasons = _refusals(document, hsn_length, sandbox)
    if reasons:
        return Placement(document, REFUSED, reasons=tuple(reasons))
    section, kind = _section_of(document)
    return Placement(document, section, kind)


def build(documents, hsn_length=4, sandbox=False):
    """The :class:`Gstr1` of a period's documents."""
    return Gstr1([place(document, hsn_length, sandbox) for document in documents])


def is_registered(document):
    return document.treatment in REGISTERED_TREATMENTS


def is_inter_state(document):
    return document.place_of_supply != document.supplier_state


def _section_of(document):
    igst_paid = document.total("igst") > 0
    credit = document.doc_type == "CRN"
    if document.treatment == "overseas":
        if credit:
            return "cdnur", "EXPWP" if igst_paid else "EXPWOP"
        return "exp", "WPAY" if igst_paid else "WOPAY"
    if is_registered(document):
        if document.treatment == "special_economic_zone":
            kind = "SEWP" if igst_paid else "SEWOP"
        else:
            kind = "DE" if document.treatment == "deemed_export" else "R"
        return ("cdnr" if credit else "b2b"), kind
    if is_inter_state(document):
        value = document.original_value if credit and document.original_value is not None else document.value
        when = document.original_date if credit and document.original_date else document.date
        if value > b2cl_limit(when):
            return ("cdnur", "B2CL") if credit else ("b2cl", "")
    return "b2cs", "OE"


def _refusals(document, hsn_length, sandbox):
    reasons = []
    if not DOCUMENT_NUMBER.match(document.number or ""):
        reasons.append(
            f"Number {document.number!r} is not accepted by the portal: at most 16 characters, letters, "
            "digits, '/' and '-' only, starting with a letter or digit."
        )
    if is_registered(document):
        try:
            _checked_gstin(document.buyer_gstin, sandbox)
        except GstinError as error:
            reasons.append(
                f"Buyer {document.buyer_name or '?'} is registered but has no valid GSTIN: {error}."
            )
    reasons.extend(_place_of_supply_refusals(document))
    for number, line in enumerate(document.lines, start=1):
        try:
            check_hsn(line.hsn, hsn_length, line_number=number, product=line.description or None)
        except HsnError as error:
            reasons.append(f"{error}.")
    if not document.lines:
        reasons.append("No taxable line: nothing to report.")
    return reasons


@lru_cache(maxsize=4096)
def _checked_gstin(gstin, sandbox):
    """A month has many invoices to few buyers: check each GSTIN once."""
    return gstin_kind(gstin, sandbox=sandbox)


def _place_of_supply_refusals(document):
    place_code = document.place_of_supply
    if document.treatment == "overseas":
        return (
            []
            if place_code in ("", EXPORT_STATE_CODE)
            else [
                f"Place of supply {place_code} is wrong for an export: it must be {EXPORT_STATE_CODE} (other country)."
            ]
        )
    if not (place_code.isdigit() and len(place_code) == 2) or place_code == EXPORT_STATE_CODE:
        return [f"Place of supply {place_code or 'missing'}: a domestic supply needs the buyer's state code."]
    cgst_sgst = document.total("cgst") or document.total("sgst")
    # SEZ supplies are inter-state by law (IGST Act s. 7(5)(b)), wherever the unit is.
    if document.treatment != "special_economic_zone" and not is_inter_state(document):
        if document.total("igst"):
            return [
                f"IGST charged on an intra-state supply (place of supply {place_code} is the supplier's state)."
            ]
    elif cgst_sgst:
        return [f"CGST and SGST charged on an inter-state supply (place of supply {place_code})."]
    return []


def rate_rows(lines):
    """The lines summed by GST rate, in rate order: [(rate, {amount: sum})] (the portal's items)."""
    by_rate = defaultdict(lambda: dict.fromkeys(AMOUNT_FIELDS, ZERO))
    for line in lines:
        row = by_rate[line.rate]
        for name in AMOUNT_FIELDS:
            row[name] += getattr(line, name)
    return [
        (rate, {name: round_amount(amount) for name, amount in row.items()})
        for rate, row in sorted(by_rate.items())
    ]
