"""The GST portal's GSTR-1 JSON (the file the offline tool and the portal's "Prepare offline" upload take).

Shape, per the portal's format: ``{"gstin", "fp": "MMYYYY", "b2b", "b2cl", "b2cs", "cdnr", "cdnur", "exp",
"hsn", "doc_issue"}``, a section left out when it has no row. Dates are dd-mm-yyyy, money has 2 decimals,
zero amounts are written (a zero is a filed amount), empty texts are not. Items are one per GST rate of the
document, numbered from 1, wrapped in ``itm_det``, except in ``exp``. Notes are written unsigned.

E-invoices are filled in by the portal itself from the IRP; they are left out of the document tables unless
``include_einvoices`` asks for them, and always count in the HSN and document summaries.
"""

import datetime
from collections import defaultdict

from .amounts import ZERO, json_number
from .gstr1 import AMOUNT_FIELDS, rate_rows
from .gstr1_summary import DOC_KINDS, document_ranges, hsn_rows

# Table 12 is split into B2B and B2C for return periods from May 2025 (GSTN advisory of January 2025).
HSN_SPLIT_FROM = datetime.date(2025, 5, 1)
HSN_DESCRIPTION_LIMIT = 30
_ITEM_KEYS = {"rt": None, "txval": "taxable", "iamt": "igst", "camt": "cgst", "samt": "sgst", "csamt": "cess"}
_IGST_ONLY_KEYS = ("rt", "txval", "iamt", "csamt")


def portal_date(date):
    return date.strftime("%d-%m-%Y")


def period_code(period_start):
    """The return period as the portal writes it: MMYYYY."""
    return period_start.strftime("%m%Y")


def gstr1_json(gstr1, gstin, period_start, issued=(), include_einvoices=False):
    """The portal JSON of a :class:`.gstr1.Gstr1` (refused documents are never written)."""

    def reported(section):
        return [
            placement
            for placement in gstr1.placed(section)
            if include_einvoices or not placement.document.irn
        ]

    data = {"gstin": gstin, "fp": period_code(period_start)}
    sections = {
        "b2b": _by_party(reported("b2b"), "inv", _b2b_invoice),
        "b2cl": _b2cl(reported("b2cl")),
        "b2cs": _b2cs(gstr1.placed("b2cs")),
        "cdnr": _by_party(reported("cdnr"), "nt", _credit_note),
        "cdnur": [_unregistered_note(placement) for placement in reported("cdnur")],
        "exp": _exports(reported("exp")),
        "hsn": _hsn(gstr1, period_start),
        "doc_issue": _doc_issue(issued),
    }
    data.update((key, value) for key, value in sections.items() if value)
    return data


def _items(document, keys=tuple(_ITEM_KEYS), wrapped=True):
    items = []
    for number, (rate, amounts) in enumerate(rate_rows(document.lines), start=1):
        detail = {key: _rate(rate) if key == "rt" else json_number(amounts[_ITEM_KEYS[key]]) for key in keys}
        items.append({"num": number, "itm_det": detail} if wrapped else detail)
    return items


def _rate(rate):
    number = float(rate)
    return int(number) if number.is_integer() else number


def _by_party(placements, key, entry):
    parties = defaultdict(list)
    for placement in placements:
        parties[placement.document.buyer_gstin.strip().upper()].append(entry(placement))
    return [{"ctin": ctin, key: entries} for ctin, entries in sorted(parties.items())]


def _b2b_invoice(placement):
    document = placement.document
    return {
        "inum": document.number,
        "idt": portal_date(document.date),
        "val": json_number(document.value),
        "pos": document.place_of_supply,
        "rchrg": "Y" if document.reverse_charge else "N",
        "inv_typ": placement.kind,
        "itms": _items(document),
    }


def _credit_note(placement):
    document = placement.document
    return {
        "ntty": "C",
        "nt_num": document.number,
        "nt_dt": portal_date(document.date),
        "val": json_number(abs(document.value)),
        "pos": document.place_of_supply,
        "rchrg": "Y" if document.reverse_charge else "N",
        "inv_typ": placement.kind,
        "itms": _items(document),
    }


def _unregistered_note(placement):
    document = placement.document
    note = {
        "typ": placement.kind,
        "ntty": "C",
        "nt_num": document.number,
        "nt_dt": portal_date(document.date),
        "val": json_number(abs(document.value)),
    }
    if placement.kind == "B2CL":  # export notes carry no place of supply
        note["pos"] = document.place_of_supply
    note["itms"] = _items(document, _IGST_ONLY_KEYS)
    return note


def _b2cl(placements):
    states = defaultdict(list)
    for placement in placements:
        document = placement.document
        states[document.place_of_supply].append(
            {
                "inum": document.number,
                "idt": portal_date(document.date),
                "val": json_number(document.value),
                "itms": _items(document, _IGST_ONLY_KEYS),
            }
        )
    return [{"pos": pos, "inv": invoices} for pos, invoices in sorted(states.items())]


def _b2cs(placements):
    """One row per place of supply and rate, credit notes netted (B2CS is a summary, not a list)."""
    rows = defaultdict(lambda: dict.fromkeys(AMOUNT_FIELDS, ZERO))
    for placement in placements:
        document = placement.document
        sign = -1 if document.doc_type == "CRN" else 1
        supply = "INTER" if document.place_of_supply != document.supplier_state else "INTRA"
        for rate, amounts in rate_rows(document.lines):
            row = rows[(document.place_of_supply, rate, supply)]
            for name in AMOUNT_FIELDS:
                row[name] += sign * amounts[name]
    return [
        {
            "sply_ty": supply,
            "typ": "OE",
            "pos": pos,
            "rt": _rate(rate),
            "txval": json_number(row["taxable"]),
            "iamt": json_number(row["igst"]),
            "camt": json_number(row["cgst"]),
            "samt": json_number(row["sgst"]),
            "csamt": json_number(row["cess"]),
        }
        for (pos, rate, supply), row in sorted(rows.items())
    ]


def _exports(placements):
    kinds = defaultdict(list)
    for placement in placements:
        document = placement.document
        invoice = {
            "inum": document.number,
            "idt": portal_date(document.date),
            "val": json_number(document.value),
        }
        if document.port_code:
            invoice["sbpcode"] = document.port_code
        if document.shipping_bill_number:
            invoice["sbnum"] = document.shipping_bill_number
        if document.shipping_bill_date:
            invoice["sbdt"] = portal_date(document.shipping_bill_date)
        invoice["itms"] = _items(document, ("txval", "rt", "iamt", "csamt"), wrapped=False)
        kinds[placement.kind].append(invoice)
    return [{"exp_typ": kind, "inv": invoices} for kind, invoices in sorted(kinds.items())]


def _hsn(gstr1, period_start):
    tables = defaultdict(list)
    for row in hsn_rows(gstr1, split=period_start >= HSN_SPLIT_FROM):
        entries = tables[row.table]
        entry = {"num": len(entries) + 1, "hsn_sc": row.hsn}
        description = (row.description or "")[:HSN_DESCRIPTION_LIMIT].strip()
        if description:
            entry["desc"] = description
        entry.update(
            uqc=row.uqc,
            qty=json_number(row.quantity),
            rt=_rate(row.rate),
            txval=json_number(row.taxable),
            iamt=json_number(row.igst),
            camt=json_number(row.cgst),
            samt=json_number(row.sgst),
            csamt=json_number(row.cess),
        )
        entries.append(entry)
    return {
        ("data" if table == "data" else f"hsn_{table}"): entries for table, entries in sorted(tables.items())
    }


def _doc_issue(issued):
    kinds = defaultdict(list)
    for document_range in document_ranges(issued):
        number, _name = DOC_KINDS[document_range.doc_type]
        docs = kinds[number]
        docs.append(
            {
                "num": len(docs) + 1,
                "from": document_range.first,
                "to": document_range.last,
                "totnum": document_range.total,
                "cancel": document_range.cancelled,
                "net_issue": document_range.net_issued,
            }
        )
    if not kinds:
        return {}
    return {"doc_det": [{"doc_num": number, "docs": docs} for number, docs in sorted(kinds.items())]}
