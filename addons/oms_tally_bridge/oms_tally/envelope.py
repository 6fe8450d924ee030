"""Request envelopes: imports (masters, vouchers in batches) and read-back exports.

Everything is built with lxml, which escapes ``&``, ``<``, ``>`` and quotes, and is
serialised in UTF-8 or UTF-16 (with byte-order mark) with a matching declaration.
"""

import codecs

from lxml import etree

from .config import TallyCompanyConfig
from .vouchers import build_voucher
from .xmlutil import SYSTEM_NAME_MARKER, add, clean_text, format_date

ALL_MASTERS = "All Masters"
VOUCHERS = "Vouchers"
LIST_OF_COMPANIES = "List of Companies"
READBACK_COLLECTION = "OMS Voucher Readback"
READBACK_FILTER = "OMSVoucherReadbackFilter"
PERIOD_COLLECTION = "OMS Voucher Period"
PERIOD_FILTER = "OMSVoucherTypeFilter"
# IRN, IRNAckNo and IRNAckDate are Tally's published e-invoice storage names; fetching the e-way bill
# sub-collection by its name (EWayBillDetails) is unconfirmed (see vouchers.py).
READBACK_FIELDS = (
    "Date, VoucherNumber, VoucherTypeName, Guid, RemoteID, MasterID, AlterID, Amount, IsCancelled, "
    "Reference, PartyLedgerName, IRN, IRNAckNo, IRNAckDate, EWayBillDetails"
)


def build_import_envelope(company_name: str, report_name: str, objects):
    """Return an Import Data ``ENVELOPE`` holding one TALLYMESSAGE per object."""
    envelope = etree.Element("ENVELOPE")
    header = add(envelope, "HEADER")
    add(header, "TALLYREQUEST", "Import Data")
    import_data = add(add(envelope, "BODY"), "IMPORTDATA")
    description = add(import_data, "REQUESTDESC")
    add(description, "REPORTNAME", report_name)
    add(add(description, "STATICVARIABLES"), "SVCURRENTCOMPANY", company_name)
    request_data = add(import_data, "REQUESTDATA")
    for item in objects:
        message = etree.SubElement(request_data, "TALLYMESSAGE", nsmap={"UDF": "TallyUDF"})
        message.append(item)
    return envelope


def serialize(root, encoding: str = "utf-8") -> bytes:
    """Serialise ``root`` with an XML declaration; UTF-16 gets a little-endian BOM."""
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    # Tally's own "&#4; Any"-style system names cannot live in an lxml tree (see xmlutil).
    text = text.replace(SYSTEM_NAME_MARKER, "&#4;")
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + f'<?xml version="1.0" encoding="UTF-16"?>\n{text}'.encode("utf-16-le")
    if encoding == "utf-8":
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'.encode()
    raise ValueError(f"Tally encoding {encoding!r} is not supported; use utf-8 or utf-16.")


def chunked(items, size: int) -> list:
    """Split ``items`` into lists of at most ``size``."""
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def masters_envelope(config: TallyCompanyConfig, masters) -> bytes:
    """Return one All Masters import holding the given master elements."""
    return serialize(build_import_envelope(config.company_name, ALL_MASTERS, masters), config.encoding)


def masters_envelopes(config: TallyCompanyConfig, masters) -> list:
    """Return All Masters imports of at most ``config.batch_size`` masters each: Tally imports a large push
    of ledgers and items more reliably in chunks, and a refusal then names a smaller batch."""
    return [masters_envelope(config, batch) for batch in chunked(masters, config.batch_size)]


def voucher_envelopes(config: TallyCompanyConfig, vouchers) -> list:
    """Return Vouchers imports of at most ``config.batch_size`` vouchers each.

    Every voucher is built (and so balance-checked) before any envelope is returned,
    so one bad voucher stops the whole push instead of half of it.
    """
    elements = [build_voucher(voucher, config) for voucher in vouchers]
    return [
        serialize(build_import_envelope(config.company_name, VOUCHERS, batch), config.encoding)
        for batch in chunked(elements, config.batch_size)
    ]


def _export_envelope(collection_id: str, company_name: str = ""):
    envelope = etree.Element("ENVELOPE")
    header = add(envelope, "HEADER")
    add(header, "VERSION", "1")
    add(header, "TALLYREQUEST", "Export")
    add(header, "TYPE", "Collection")
    add(header, "ID", collection_id)
    description = add(add(envelope, "BODY"), "DESC")
    static_variables = add(description, "STATICVARIABLES")
    if company_name:
        add(static_variables, "SVCURRENTCOMPANY", company_name)
    add(static_variables, "SVEXPORTFORMAT", "$$SysName:XML")
    return envelope, description


def _tdl_text(value: str, what: str) -> str:
    value = clean_text(value)
    if '"' in value:
        raise ValueError(f"{what} {value!r} contains a double quote, which a TDL filter cannot hold.")
    return f'"{value}"'


def company_list_request(encoding: str = "utf-8") -> bytes:
    """Return the export request listing the companies loaded in Tally."""
    envelope, _description = _export_envelope(LIST_OF_COMPANIES)
    return serialize(envelope, encoding)


def _tdl_string(value: str) -> str:
    return _tdl_text(value, "Remote id")


def readback_filter(remote_ids=(), after_alter_id: int | None = None) -> str:
    """Return the TDL formula selecting vouchers by remote id and/or AlterID watermark."""
    conditions = []
    if remote_ids:
        # Tally keeps an imported REMOTEID as the voucher's GUID.
        conditions.append("(" + " OR ".join(f"$Guid = {_tdl_string(rid)}" for rid in remote_ids) + ")")
    if after_alter_id is not None:
        conditions.append(f"($AlterID > {int(after_alter_id)})")
    return " AND ".join(conditions)


def voucher_readback_request(
    company_name: str, remote_ids=(), after_alter_id: int | None = None, encoding: str = "utf-8"
) -> bytes:
    """Return a Collection export with inline TDL listing vouchers for reconciliation.

    Filter on ``remote_ids`` (``$Guid``) to check what was pushed, or on an
    ``after_alter_id`` watermark to pick up everything changed since the last read.
    """
    envelope, description = _export_envelope(READBACK_COLLECTION, company_name)
    message = add(add(description, "TDL"), "TDLMESSAGE")
    collection = add(message, "COLLECTION", NAME=READBACK_COLLECTION, ISMODIFY="No")
    add(collection, "TYPE", "Voucher")
    add(collection, "FETCH", READBACK_FIELDS)
    formula = readback_filter(remote_ids, after_alter_id)
    if formula:
        add(collection, "FILTER", READBACK_FILTER)
        add(message, "SYSTEM", formula, TYPE="Formulae", NAME=READBACK_FILTER)
    return serialize(envelope, encoding)


def voucher_period_request(
    company_name: str, date_from, date_to, voucher_types=(), encoding: str = "utf-8"
) -> bytes:
    """Return a Day Book-style Collection export of every voucher dated in the period.

    Tally limits a Voucher collection to the period in ``SVFROMDATE``/``SVTODATE``;
    ``voucher_types`` narrows it further with a ``$VoucherTypeName`` filter. Unlike the
    remote-id read-back, this also lists vouchers keyed in by hand in Tally.
    """
    if date_from > date_to:
        raise ValueError("The read-back period starts after it ends; swap the dates.")
    envelope, description = _export_envelope(PERIOD_COLLECTION, company_name)
    static_variables = description.find("STATICVARIABLES")
    add(static_variables, "SVFROMDATE", format_date(date_from), TYPE="Date")
    add(static_variables, "SVTODATE", format_date(date_to), TYPE="Date")
    message = add(add(description, "TDL"), "TDLMESSAGE")
    collection = add(message, "COLLECTION", NAME=PERIOD_COLLECTION, ISMODIFY="No")
    add(collection, "TYPE", "Voucher")
    add(collection, "FETCH", READBACK_FIELDS)
    if voucher_types:
        add(collection, "FILTER", PERIOD_FILTER)
        formula = " OR ".join(
            f"$VoucherTypeName = {_tdl_text(name, 'Voucher type')}" for name in dict.fromkeys(voucher_types)
        )
        add(message, "SYSTEM", formula, TYPE="Formulae", NAME=PERIOD_FILTER)
    return serialize(envelope, encoding)
