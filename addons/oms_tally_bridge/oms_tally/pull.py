"""Reading back from Tally what the accountants key in there: receipts and credit notes (with the bills they
settle), and each party's outstanding bills.

Settlements are read incrementally: only vouchers whose AlterID is above the last one read (Tally gives every
creation and alteration a new, higher AlterID). Outstanding bills are read whole; the Odoo side writes only
the rows that changed, so reading twice changes nothing.

Answers are parsed as they arrive (``lxml.etree.XMLPullParser`` over the HTTP body's chunks), one element at a
time, so memory stays flat however many thousands of vouchers Tally sends. Tally's answers may be UTF-8 or
UTF-16 and carry characters XML forbids (``&#4;``): each chunk is decoded incrementally and cleaned before the
parser sees it, a reference cut between two chunks being held back until it is whole.

Tally's field names used here are its object fields as TDL names them: ``AllLedgerEntries.BillAllocations``
(NAME, BILLTYPE, AMOUNT), and for a bill (TDL object "Bill") ``Parent`` (the party ledger), ``BillDate``,
``BillDueDate`` and ``ClosingBalance``; debits are negative in Tally's XML.
"""

import codecs
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from .envelope import _export_envelope, _tdl_text, serialize
from .exceptions import TallyMalformedResponse, TallyRejected
from .messages import explain
from .response import ImportResult, strip_illegal_xml
from .xmlutil import add

SETTLEMENT_COLLECTION = "OMS Settlements"
SETTLEMENT_FILTER = "OMSSettlementFilter"
SETTLEMENT_FIELDS = (
    "Date, VoucherNumber, VoucherTypeName, Guid, RemoteID, MasterID, AlterID, Amount, IsCancelled, "
    "Reference, PartyLedgerName, AllLedgerEntries.LedgerName, AllLedgerEntries.Amount, "
    "AllLedgerEntries.BillAllocations"
)
BILL_COLLECTION = "OMS Outstanding Bills"
BILL_FIELDS = "Name, Parent, BillDate, BillDueDate, ClosingBalance"
LEDGER_ENTRY_TAGS = ("ALLLEDGERENTRIES.LIST", "LEDGERENTRIES.LIST")
_HELD_BACK = re.compile(r"&[#xX0-9a-fA-F]{0,8}$")
CHUNK_SIZE = 65536


@dataclass(frozen=True)
class BillAllocation:
    """One bill a voucher settles or raises: ``kind`` is Tally's BILLTYPE (Agst Ref, New Ref, On Account,
    Advance); ``amount`` is positive for a credit to the party (a receipt or credit note settling a bill)."""

    name: str
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class Settlement:
    """A Receipt or Credit Note voucher as Tally holds it."""

    guid: str
    remote_id: str
    voucher_type: str
    number: str
    date: datetime.date | None
    party_ledger: str
    amount: Decimal
    master_id: int
    alter_id: int
    cancelled: bool
    bills: tuple = ()


@dataclass(frozen=True)
class OutstandingBill:
    """A party's bill still open in Tally: ``amount`` is what the party owes on it (positive)."""

    party_ledger: str
    name: str
    bill_date: datetime.date | None
    due_date: datetime.date | None
    amount: Decimal


def settlements_request(company_name, voucher_types, after_alter_id=0, encoding="utf-8") -> bytes:
    """Every voucher of ``voucher_types`` created or altered since ``after_alter_id``, with its bills."""
    envelope, description = _export_envelope(SETTLEMENT_COLLECTION, company_name)
    message = add(add(description, "TDL"), "TDLMESSAGE")
    collection = add(message, "COLLECTION", NAME=SETTLEMENT_COLLECTION, ISMODIFY="No")
    add(collection, "TYPE", "Voucher")
    add(collection, "FETCH", SETTLEMENT_FIELDS)
    add(collection, "FILTER", SETTLEMENT_FILTER)
    types = " OR ".join(f"$VoucherTypeName = {_tdl_text(name, 'Voucher type')}" for name in voucher_types)
    add(
        message,
        "SYSTEM",
        f"($AlterID > {int(after_alter_id)}) AND ({types})",
        TYPE="Formulae",
        NAME=SETTLEMENT_FILTER,
    )
    return serialize(envelope, encoding)


def outstanding_bills_request(company_name, encoding="utf-8") -> bytes:
    """Every open bill of every party (Tally's bill-wise details)."""
    envelope, description = _export_envelope(BILL_COLLECTION, company_name)
    message = add(add(description, "TDL"), "TDLMESSAGE")
    collection = add(message, "COLLECTION", NAME=BILL_COLLECTION, ISMODIFY="No")
    add(collection, "TYPE", "Bill")
    add(collection, "FETCH", BILL_FIELDS)
    return serialize(envelope, encoding)


class _CleanDecoder:
    """Bytes chunks in, clean text out: the charset guessed from the first bytes, as decode_response does."""

    def __init__(self):
        self._decoder = None
        self._pending = ""
        self._head = b""

    def _choose(self, head):
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if len(head) >= 2 and head[1] == 0 and head[0] != 0:
            return "utf-16-le"
        if len(head) >= 2 and head[0] == 0 and head[1] != 0:
            return "utf-16-be"
        return "utf-8"

    def feed(self, chunk: bytes, final=False) -> str:
        if self._decoder is None:
            self._head += chunk
            if len(self._head) < 4 and not final:
                return ""
            self._decoder = codecs.getincrementaldecoder(self._choose(self._head))(errors="replace")
            chunk, self._head = self._head, b""
        text = self._pending + self._decoder.decode(chunk, final)
        held = _HELD_BACK.search(text) if not final else None
        self._pending, text = (text[held.start() :], text[: held.start()]) if held else ("", text)
        return strip_illegal_xml(text)


def iter_elements(chunks, tag):
    """Yield each ``tag`` element of a streamed answer as soon as it is complete, then free it.

    Raises TallyRejected when Tally answers with a LINEERROR instead (its company not open, say), and
    TallyMalformedResponse when the answer is not XML."""
    decoder = _CleanDecoder()
    parser = etree.XMLPullParser(
        events=("end",), tag=(tag, "LINEERROR"), resolve_entities=False, no_network=True
    )
    errors = []
    started = False

    def events(text):
        nonlocal started
        if not started:
            text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text) if text.lstrip() else text
            started = bool(text.strip())
        if text:
            parser.feed(text)
        for _event, element in parser.read_events():
            if element.tag == "LINEERROR":
                errors.append((element.text or "").strip())
                continue
            yield element
            element.clear(keep_tail=False)
            # Siblings already handled stay referenced by their parent: drop them too.
            while element.getprevious() is not None:
                del element.getparent()[0]

    try:
        for chunk in chunks:
            yield from events(decoder.feed(chunk))
        yield from events(decoder.feed(b"", final=True))
        parser.close()
    except etree.XMLSyntaxError as error:
        raise TallyMalformedResponse(f"Tally's answer is not XML ({error}).") from None
    if not started:
        raise TallyMalformedResponse("Tally answered with an empty body.")
    if errors:
        raise TallyRejected(
            f"Tally refused the export: {'; '.join(map(explain, errors))}",
            ImportResult(errors=1, line_errors=tuple(errors)),
        )


def _text(element, tag):
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _date(value):
    try:
        return datetime.datetime.strptime(value, "%Y%m%d").date() if value else None
    except ValueError:
        return None


def _amount(value, what):
    try:
        return Decimal(value.replace(",", "")) if value else Decimal("0")
    except InvalidOperation:
        raise TallyMalformedResponse(f"Tally's {what} is not a number: {value!r}") from None


def _number(value):
    try:
        return int(value) if value else 0
    except ValueError:
        raise TallyMalformedResponse(f"Tally's id is not a number: {value!r}") from None


def parse_settlements(chunks):
    """Yield the :class:`Settlement` s of a streamed settlements export."""
    for voucher in iter_elements(chunks, "VOUCHER"):
        party = _text(voucher, "PARTYLEDGERNAME")
        bills = []
        for tag in LEDGER_ENTRY_TAGS:
            for entry in voucher.iterfind(tag):
                if _text(entry, "LEDGERNAME") != party:
                    continue
                for allocation in entry.iterfind("BILLALLOCATIONS.LIST"):
                    bills.append(
                        BillAllocation(
                            _text(allocation, "NAME"),
                            _text(allocation, "BILLTYPE"),
                            _amount(_text(allocation, "AMOUNT"), "bill amount"),
                        )
                    )
        guid = _text(voucher, "GUID")
        yield Settlement(
            guid=guid,
            remote_id=voucher.get("REMOTEID") or _text(voucher, "REMOTEID") or guid,
            voucher_type=voucher.get("VCHTYPE") or _text(voucher, "VOUCHERTYPENAME"),
            number=_text(voucher, "VOUCHERNUMBER"),
            date=_date(_text(voucher, "DATE")),
            party_ledger=party,
            amount=abs(_amount(_text(voucher, "AMOUNT"), "voucher amount")),
            master_id=_number(_text(voucher, "MASTERID")),
            alter_id=_number(_text(voucher, "ALTERID")),
            cancelled=_text(voucher, "ISCANCELLED").lower() == "yes",
            bills=tuple(bills),
        )


def parse_outstanding_bills(chunks):
    """Yield the :class:`OutstandingBill` s of a streamed bills export (debit balances only: what parties
    owe; an advance they paid is not a receivable)."""
    for bill in iter_elements(chunks, "BILL"):
        balance = _amount(_text(bill, "CLOSINGBALANCE"), "bill balance")
        if balance >= 0:  # Tally writes debits negative
            continue
        yield OutstandingBill(
            party_ledger=_text(bill, "PARENT"),
            name=bill.get("NAME") or _text(bill, "NAME"),
            bill_date=_date(_text(bill, "BILLDATE")),
            due_date=_date(_text(bill, "BILLDUEDATE")) or _date(_text(bill, "BILLDATE")),
            amount=-balance,
        )
