"""Parsing of Tally's answers: import counters in both shapes, and read-back exports.

Tally answers in UTF-8 or UTF-16 and often embeds characters XML forbids (``&#4;``
before system names, raw control characters), so every answer is decoded and
cleaned before lxml sees it.
"""

import codecs
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from .exceptions import TallyMalformedResponse, TallyRejected
from .messages import explain

COUNTERS = {
    "created": "CREATED",
    "altered": "ALTERED",
    "deleted": "DELETED",
    "last_voucher_id": "LASTVCHID",
    "last_master_id": "LASTMID",
    "combined": "COMBINED",
    "ignored": "IGNORED",
    "errors": "ERRORS",
    "cancelled": "CANCELLED",
    "exceptions": "EXCEPTIONS",
}
SILENT_EXCEPTION_HINT = (
    "Tally rejected the voucher without a message; this usually means a godown is missing for a "
    "company that tracks godowns. Map every warehouse to a Tally godown and turn on godown "
    "tracking in the Tally settings, then send again."
)
SILENT_ERROR_HINT = "Tally counted an error without a message; check Tally's import log (tally.imp)."

_CHAR_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _is_legal_code_point(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def strip_illegal_xml(text: str) -> str:
    """Remove character references and raw characters that XML 1.0 does not allow."""

    def keep_legal(match):
        reference = match.group(1)
        code = int(reference[1:], 16) if reference[0] in "xX" else int(reference)
        return match.group(0) if _is_legal_code_point(code) else ""

    return _ILLEGAL_CHARS.sub("", _CHAR_REFERENCE.sub(keep_legal, text))


def decode_response(data) -> str:
    """Decode Tally's bytes: a BOM wins, then a UTF-16 guess from NUL bytes, then UTF-8."""
    if isinstance(data, str):
        return data
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return data.decode("utf-16-le", errors="replace")
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


def parse_xml(data):
    """Return the root element of a cleaned answer, or raise TallyMalformedResponse."""
    text = _DECLARATION.sub("", strip_illegal_xml(decode_response(data))).strip()
    if not text:
        raise TallyMalformedResponse("Tally answered with an empty body.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise TallyMalformedResponse(f"Tally's answer is not XML ({error}): {text[:80]!r}") from None


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _int(element, tag: str) -> int:
    value = _text(element.find(tag))
    try:
        return int(value) if value else 0
    except ValueError:
        raise TallyMalformedResponse(f"Tally counter {tag} is not a number: {value!r}") from None


@dataclass(frozen=True)
class ImportResult:
    """Counters and messages of one Import Data answer."""

    created: int = 0
    altered: int = 0
    deleted: int = 0
    last_voucher_id: int = 0
    last_master_id: int = 0
    combined: int = 0
    ignored: int = 0
    errors: int = 0
    cancelled: int = 0
    exceptions: int = 0
    line_errors: tuple = ()

    @property
    def is_success(self) -> bool:
        """False when Tally counted errors or exceptions or sent a LINEERROR."""
        return not (self.errors or self.exceptions or self.line_errors)

    @property
    def hint(self) -> str:
        """Plain-English explanation when Tally refused without saying why."""
        if self.line_errors:
            return ""
        if self.exceptions:
            return SILENT_EXCEPTION_HINT
        if self.errors:
            return SILENT_ERROR_HINT
        return ""

    def describe(self) -> str:
        """One line for the sync log: the counters, then Tally's messages or the hint."""
        counts = (
            f"created {self.created}, altered {self.altered}, cancelled {self.cancelled}, "
            f"errors {self.errors}, exceptions {self.exceptions}"
        )
        details = "; ".join(explain(line_error) for line_error in self.line_errors) or self.hint
        return f"{counts}. {details}" if details else counts


def parse_import_response(data) -> ImportResult:
    """Parse a flat ``RESPONSE`` or an ``ENVELOPE/BODY/DATA/IMPORTRESULT`` answer."""
    root = parse_xml(data)
    line_errors = tuple(text for text in (_text(node) for node in root.iter("LINEERROR")) if text)
    container = root if root.tag == "IMPORTRESULT" else root.find(".//IMPORTRESULT")
    if container is None and root.tag == "RESPONSE":
        if len(root) == 0 and _text(root):
            # e.g. <RESPONSE>Unknown Request, cannot be processed</RESPONSE>
            return ImportResult(errors=1, line_errors=(_text(root),))
        container = root
    if container is None:
        if line_errors:
            return ImportResult(errors=1, line_errors=line_errors)
        raise TallyMalformedResponse(f"Tally's answer has no import counters (root element {root.tag}).")
    counters = {field: _int(container, tag) for field, tag in COUNTERS.items()}
    return ImportResult(line_errors=line_errors, **counters)


@dataclass(frozen=True)
class VoucherRecord:
    """A voucher as read back from Tally, for reconciliation."""

    remote_id: str
    number: str
    voucher_type: str
    date: datetime.date | None
    amount: Decimal
    master_id: int = 0
    alter_id: int = 0
    cancelled: bool = False
    reference: str = ""
    party_ledger: str = ""
    irn: str = ""
    irn_ack_no: str = ""
    irn_ack_date: datetime.date | None = None
    eway_bill_numbers: tuple = ()


def _date(value: str):
    try:
        return datetime.datetime.strptime(value, "%Y%m%d").date() if value else None
    except ValueError:
        return None


def _amount(value: str) -> Decimal:
    try:
        return abs(Decimal(value.replace(",", ""))) if value else Decimal("0.00")
    except InvalidOperation:
        raise TallyMalformedResponse(f"Tally amount is not a number: {value!r}") from None


def _raise_export_errors(root):
    line_errors = tuple(text for text in (_text(node) for node in root.iter("LINEERROR")) if text)
    if line_errors:
        result = ImportResult(errors=1, line_errors=line_errors)
        raise TallyRejected(f"Tally refused the export: {'; '.join(map(explain, line_errors))}", result)


def parse_voucher_export(data) -> list:
    """Return the :class:`VoucherRecord` list of a read-back Collection export."""
    root = parse_xml(data)
    vouchers = list(root.iter("VOUCHER"))
    if not vouchers:
        _raise_export_errors(root)
    records = []
    for voucher in vouchers:
        records.append(
            VoucherRecord(
                remote_id=voucher.get("REMOTEID")
                or _text(voucher.find("REMOTEID"))
                or _text(voucher.find("GUID")),
                number=_text(voucher.find("VOUCHERNUMBER")),
                voucher_type=voucher.get("VCHTYPE") or _text(voucher.find("VOUCHERTYPENAME")),
                date=_date(_text(voucher.find("DATE"))),
                amount=_amount(_text(voucher.find("AMOUNT"))),
                master_id=_int(voucher, "MASTERID"),
                alter_id=_int(voucher, "ALTERID"),
                cancelled=_text(voucher.find("ISCANCELLED")).lower() == "yes",
                reference=_text(voucher.find("REFERENCE")),
                party_ledger=_text(voucher.find("PARTYLEDGERNAME")),
                irn=_text(voucher.find("IRN")),
                irn_ack_no=_text(voucher.find("IRNACKNO")),
                irn_ack_date=_date(_text(voucher.find("IRNACKDATE"))),
                eway_bill_numbers=tuple(
                    number
                    for number in (
                        _text(bill.find("BILLNUMBER")) for bill in voucher.iter("EWAYBILLDETAILS.LIST")
                    )
                    if number
                ),
            )
        )
    return records


def parse_company_list(data) -> list:
    """Return the names of the companies loaded in Tally, from a List of Companies export."""
    root = parse_xml(data)
    names = []
    for company in root.iter("COMPANY"):
        name = (company.get("NAME") or _text(company.find("NAME")) or _text(company)).strip()
        if name:
            names.append(name)
    if not names:
        _raise_export_errors(root)
    return names
