"""GSTR-1's two summaries: HSN-wise (table 12) and documents issued (table 13).

Table 12 is split the way the portal asks from the May 2025 return period: supplies to registered buyers
(B2B: the B2B and CDNR tables) apart from the rest (B2C: B2CL, B2CS, exports and CDNUR). Rows are summed by
HSN, unit and rate; a credit note counts against its invoices. Services (SAC codes, chapter 99) carry no
quantity and the unit "NA".
"""

from collections import defaultdict
from dataclasses import dataclass

from .amounts import ZERO, round_amount
from .gstr1 import AMOUNT_FIELDS, REFUSED

B2B_SECTIONS = frozenset({"b2b", "cdnr"})
SERVICE_UQC = "NA"
# Table 13's document kinds, numbered as the portal numbers them.
DOC_KINDS = {"INV": (1, "Invoices for outward supply"), "CRN": (5, "Credit Note"), "DBN": (4, "Debit Note")}


@dataclass(frozen=True)
class HsnRow:
    table: str  # "b2b" or "b2c"
    hsn: str
    description: str
    uqc: str
    rate: object
    quantity: object
    taxable: object
    igst: object
    cgst: object
    sgst: object
    cess: object


@dataclass(frozen=True, kw_only=True)
class IssuedDocument:
    """A number a document series issued in the period: posted, or cancelled (which the return counts)."""

    doc_type: str
    series: str
    sequence: int
    number: str
    cancelled: bool = False


@dataclass(frozen=True)
class DocumentRange:
    doc_type: str
    series: str
    first: str
    last: str
    total: int
    cancelled: int

    @property
    def net_issued(self):
        return self.total - self.cancelled


def hsn_rows(gstr1, split=True):
    """Table 12 of a :class:`.gstr1.Gstr1`, refused documents left out, as sorted :class:`HsnRow` s; with
    ``split`` false (return periods before May 2025) every row is in one table, "data"."""
    sums = defaultdict(lambda: dict.fromkeys(("quantity", *AMOUNT_FIELDS), ZERO))
    descriptions = {}
    for placement in gstr1.placements:
        if placement.section == REFUSED:
            continue
        table = ("b2b" if placement.section in B2B_SECTIONS else "b2c") if split else "data"
        sign = -1 if placement.document.doc_type == "CRN" else 1
        for line in placement.document.lines:
            uqc = SERVICE_UQC if line.is_service else line.uqc
            key = (table, line.hsn, uqc, line.rate)
            descriptions.setdefault(key, line.description)
            row = sums[key]
            if not line.is_service:
                row["quantity"] += sign * line.quantity
            for name in AMOUNT_FIELDS:
                row[name] += sign * getattr(line, name)
    return [
        HsnRow(
            table,
            hsn,
            descriptions[(table, hsn, uqc, rate)],
            uqc,
            rate,
            round_amount(row["quantity"], 2),
            *(round_amount(row[name]) for name in AMOUNT_FIELDS),
        )
        for (table, hsn, uqc, rate), row in sorted(sums.items(), key=lambda item: tuple(map(str, item[0])))
    ]


def document_ranges(issued):
    """Table 13 from the numbers issued: one range per document kind and series, first to last number."""
    series = defaultdict(list)
    for document in issued:
        series[(document.doc_type, document.series)].append(document)
    ranges = []
    for (doc_type, prefix), documents in sorted(
        series.items(), key=lambda item: (DOC_KINDS[item[0][0]], item[0])
    ):
        documents.sort(key=lambda document: document.sequence)
        ranges.append(
            DocumentRange(
                doc_type,
                prefix,
                documents[0].number,
                documents[-1].number,
                len(documents),
                sum(1 for document in documents if document.cancelled),
            )
        )
    return ranges
