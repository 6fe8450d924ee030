"""In-memory books of the Tally simulator: one loaded company, its masters and vouchers.

It validates imports the way Tally Prime does as far as the bridge is concerned:
masters by name, vouchers by REMOTEID (a second import alters), ledgers and items
must exist, vouchers must net to zero, and a godown-tracking company silently counts
an exception when a batch allocation has no godown.
"""

import datetime
import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

DEFAULT_GROUPS = frozenset(
    {
        "Bank Accounts",
        "Capital Account",
        "Cash-in-Hand",
        "Current Assets",
        "Current Liabilities",
        "Direct Expenses",
        "Direct Incomes",
        "Duties & Taxes",
        "Indirect Expenses",
        "Indirect Incomes",
        "Purchase Accounts",
        "Sales Accounts",
        "Sundry Creditors",
        "Sundry Debtors",
    }
)
VOUCHER_TYPES = frozenset(
    {
        "Sales",
        "Sales Order",
        "Purchase",
        "Purchase Order",
        "Receipt",
        "Payment",
        "Journal",
        "Credit Note",
        "Debit Note",
    }
)
LEDGER_ENTRY_TAGS = ("LEDGERENTRIES.LIST", "ALLLEDGERENTRIES.LIST")
_QUANTITY = re.compile(r"^\s*-?\d+(\.\d+)?\s+(\S.*)$")
_ids = itertools.count(1)


class ImportRefused(Exception):
    """One object of an import is refused with a LINEERROR text."""


@dataclass
class ImportCounts:
    """Counters of one import request, as Tally reports them."""

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
    line_errors: list = field(default_factory=list)

    def refuse(self, message: str):
        """Count one refused object with its message."""
        self.errors += 1
        self.line_errors.append(message)


@dataclass
class StoredVoucher:
    """A voucher held by the simulated company."""

    remote_id: str
    voucher_type: str
    number: str
    date: str
    party: str
    amount: Decimal
    master_id: int
    alter_id: int
    cancelled: bool = False
    reference: str = ""
    order_numbers: tuple = ()
    godowns: tuple = ()
    bills: tuple = ()
    keyed_in: bool = False
    element: object = None
    # Tally's own e-invoice fields: IRN, IRNACKNO, IRNACKDATE and one (BILLNUMBER, BILLDATE) per
    # EWAYBILLDETAILS.LIST.
    irn: str = ""
    irn_ack_no: str = ""
    irn_ack_date: str = ""
    eway_bills: tuple = ()


def text_of(element, path: str) -> str:
    """Stripped text of ``path`` under ``element`` ('' when absent)."""
    return (element.findtext(path) or "").strip()


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text or "0")
    except InvalidOperation:
        raise ImportRefused(f"Invalid amount '{text}'") from None


def _tally_guid(company: str, master_id: int) -> str:
    """A GUID in Tally's shape: a company-wide prefix and the master id in hex."""
    prefix = f"{zlib.crc32(company.encode()):08x}-0000-4000-8000-000000000000"
    return f"{prefix}-{master_id:08x}"


def _master_name(element) -> str:
    return element.get("NAME") or text_of(element, "NAME.LIST/NAME") or text_of(element, "NAME")


class TallyCompany:
    """One company loaded in the simulated Tally."""

    def __init__(self, name: str, tracks_godowns: bool = False):
        self.name = name
        self.tracks_godowns = tracks_godowns
        self.ledgers = {"Cash": None, "Profit & Loss A/c": None}
        self.stock_items = {}
        self.units = {}
        self.godowns = {"Main Location": None}
        # Tally's predefined voucher types, plus those the accountant creates (Alter > Voucher Type), each
        # under a predefined one: "Staff Sales" under Sales.
        self.voucher_types = {name: name for name in VOUCHER_TYPES}
        self.vouchers = {}
        self.creations = Counter()
        self.alterations = Counter()
        self._alter_ids = itertools.count(1)

    def voucher_count(self, voucher_type: str | None = None) -> int:
        """Number of vouchers held, optionally of one type."""
        return sum(1 for v in self.vouchers.values() if voucher_type in (None, v.voucher_type))

    def vouchers_with_order(self, order_no: str) -> list:
        """Vouchers whose batch allocations carry ``order_no``."""
        return [v for v in self.vouchers.values() if order_no in v.order_numbers]

    def create_voucher_type(self, name: str, parent: str):
        """The accountant creates a voucher type of their own, of the predefined type ``parent``."""
        if parent not in VOUCHER_TYPES:
            raise ImportRefused(f"Voucher Type '{parent}' does not exist!")
        self.voucher_types[name] = parent

    def enter_voucher(
        self, voucher_type: str, number: str, date: str, party: str, amount, bills=()
    ) -> StoredVoucher:
        """Key a voucher in by hand, as an accountant does in Tally: it gets Tally's own GUID.

        ``bills`` are (bill type, bill name, amount) of the party line, Tally's sign: a receipt settling an
        invoice credits the party, ("Agst Ref", "INV/0001", 500)."""
        if voucher_type not in VOUCHER_TYPES:
            raise ImportRefused(f"Voucher Type '{voucher_type}' does not exist!")
        master_id = next(_ids)
        voucher = StoredVoucher(
            remote_id=_tally_guid(self.name, master_id),
            voucher_type=voucher_type,
            number=number,
            date=date,
            party=party,
            amount=Decimal(str(amount)),
            master_id=master_id,
            alter_id=next(self._alter_ids),
            keyed_in=True,
            bills=tuple((kind, name, Decimal(str(value))) for kind, name, value in bills),
        )
        self.vouchers[voucher.remote_id] = voucher
        return voucher

    def import_object(self, element, counts: ImportCounts):
        """Apply one TALLYMESSAGE object; refusals go into ``counts``."""
        handlers = {
            "LEDGER": self._import_ledger,
            "STOCKITEM": self._import_stock_item,
            "UNIT": self._import_simple_master,
            "GODOWN": self._import_simple_master,
            "VOUCHER": self._import_voucher,
        }
        handler = handlers.get(element.tag)
        if handler is None:
            counts.ignored += 1
            return
        try:
            handler(element, counts)
        except ImportRefused as refusal:
            counts.refuse(str(refusal))

    def _store_master(self, table: dict, name: str, element, counts: ImportCounts):
        if not name:
            raise ImportRefused(f"{element.tag} has no name")
        if name in table:
            counts.altered += 1
        else:
            counts.created += 1
        table[name] = element
        counts.last_master_id = next(_ids)

    def _import_ledger(self, element, counts):
        parent = text_of(element, "PARENT")
        if parent not in DEFAULT_GROUPS:
            raise ImportRefused(f"Group '{parent}' does not exist!")
        self._store_master(self.ledgers, _master_name(element), element, counts)

    def _import_stock_item(self, element, counts):
        unit = text_of(element, "BASEUNITS")
        if unit not in self.units:
            raise ImportRefused(f"Unit '{unit}' does not exist!")
        self._store_master(self.stock_items, _master_name(element), element, counts)

    def _import_simple_master(self, element, counts):
        table = self.units if element.tag == "UNIT" else self.godowns
        self._store_master(table, _master_name(element), element, counts)

    def _require(self, table: dict, kind: str, name: str):
        if name not in table:
            raise ImportRefused(f"{kind} '{name}' does not exist!")

    def _import_voucher(self, element, counts):
        remote_id = element.get("REMOTEID", "")
        voucher_type = element.get("VCHTYPE") or text_of(element, "VOUCHERTYPENAME")
        if voucher_type not in self.voucher_types:
            raise ImportRefused(f"Voucher Type '{voucher_type}' does not exist!")
        date = text_of(element, "DATE")
        try:
            datetime.datetime.strptime(date, "%Y%m%d")
        except ValueError:
            raise ImportRefused(f"Invalid Date '{date}' in voucher") from None
        if (element.get("ACTION") or "Create").lower() == "cancel":
            self._cancel_voucher(remote_id, counts)
            return
        party, amount, bills = self._check_entries(element)
        order_numbers, godowns = self._check_inventory(element)
        if order_numbers is None:
            # Tally says nothing here: no LINEERROR, only the EXCEPTIONS counter.
            counts.exceptions += 1
            return
        stored = self.vouchers.get(remote_id)
        master_id = stored.master_id if stored else next(_ids)
        voucher = StoredVoucher(
            # Without a REMOTEID Tally makes up its own GUID, so each import is a new voucher.
            remote_id=remote_id or _tally_guid(self.name, master_id),
            voucher_type=voucher_type,
            number=text_of(element, "VOUCHERNUMBER"),
            date=date,
            party=party,
            amount=amount,
            master_id=master_id,
            alter_id=next(self._alter_ids),
            cancelled=text_of(element, "ISCANCELLED") == "Yes",
            reference=text_of(element, "REFERENCE"),
            order_numbers=order_numbers,
            godowns=godowns,
            bills=bills,
            element=element,
            **self._einvoice_of(element),
        )
        if stored and remote_id:
            counts.altered += 1
            self.alterations[remote_id] += 1
        else:
            counts.created += 1
            self.creations[remote_id] += 1
        self.vouchers[voucher.remote_id] = voucher
        counts.last_voucher_id = voucher.master_id

    @staticmethod
    def _einvoice_of(element) -> dict:
        """The e-invoice fields of an imported voucher; a date that is not YYYYMMDD is refused."""
        dates = [text_of(element, "IRNACKDATE")]
        bills = []
        for entry in element.findall("EWAYBILLDETAILS.LIST"):
            bills.append((text_of(entry, "BILLNUMBER"), text_of(entry, "BILLDATE")))
            dates.append(bills[-1][1])
        for date in filter(None, dates):
            try:
                datetime.datetime.strptime(date, "%Y%m%d")
            except ValueError:
                raise ImportRefused(f"Invalid Date '{date}' in voucher") from None
        return {
            "irn": text_of(element, "IRN"),
            "irn_ack_no": text_of(element, "IRNACKNO"),
            "irn_ack_date": dates[0],
            "eway_bills": tuple(bills),
        }

    def _cancel_voucher(self, remote_id: str, counts):
        stored = self.vouchers.get(remote_id)
        if stored is None:
            raise ImportRefused(f"Voucher with REMOTEID '{remote_id}' does not exist!")
        stored.cancelled = True
        stored.alter_id = next(self._alter_ids)
        counts.cancelled += 1
        counts.last_voucher_id = stored.master_id

    def _check_entries(self, element):
        party = text_of(element, "PARTYLEDGERNAME")
        if party:
            self._require(self.ledgers, "Ledger", party)
        total, party_amount, bills = Decimal("0"), None, []
        for entry in (e for tag in LEDGER_ENTRY_TAGS for e in element.findall(tag)):
            ledger = text_of(entry, "LEDGERNAME")
            self._require(self.ledgers, "Ledger", ledger)
            amount = _amount(text_of(entry, "AMOUNT"))
            total += amount
            if ledger == party or text_of(entry, "ISPARTYLEDGER") == "Yes":
                party_amount = amount
                bills += [self._bill(allocation) for allocation in entry.findall("BILLALLOCATIONS.LIST")]
        for entry in element.findall("ALLINVENTORYENTRIES.LIST"):
            total += _amount(text_of(entry, "AMOUNT"))
            for allocation in entry.findall("ACCOUNTINGALLOCATIONS.LIST"):
                self._require(self.ledgers, "Ledger", text_of(allocation, "LEDGERNAME"))
        if total != 0:
            debit = -sum((a for a in self._signed_amounts(element) if a < 0), Decimal("0"))
            credit = sum((a for a in self._signed_amounts(element) if a > 0), Decimal("0"))
            raise ImportRefused(f"Voucher totals do not match! Dr: {debit:.2f} Dr Cr: {credit:.2f} Cr")
        return party, abs(party_amount or Decimal("0")), tuple(bills)

    @staticmethod
    def _bill(allocation):
        """(bill type, bill name, signed amount) of one bill allocation of the party line."""
        bill_type = text_of(allocation, "BILLTYPE")
        if bill_type not in ("New Ref", "Agst Ref", "Advance", "On Account"):
            raise ImportRefused(f"Invalid Bill Type '{bill_type}'")
        name = text_of(allocation, "NAME")
        if bill_type in ("New Ref", "Agst Ref") and not name:
            raise ImportRefused(f"Bill Name is required for '{bill_type}'")
        return bill_type, name, _amount(text_of(allocation, "AMOUNT"))

    def alter_voucher(self, remote_id: str, **changes) -> StoredVoucher:
        """Change a voucher as an accountant does in Tally (amount, bills, cancelled): a new AlterID."""
        voucher = self.vouchers[remote_id]
        if "bills" in changes:
            changes["bills"] = tuple(
                (kind, name, Decimal(str(value))) for kind, name, value in changes["bills"]
            )
        if "amount" in changes:
            changes["amount"] = Decimal(str(changes["amount"]))
        for name, value in changes.items():
            setattr(voucher, name, value)
        voucher.alter_id = next(self._alter_ids)
        return voucher

    def outstanding_bills(self) -> list:
        """(party, bill name, bill date, balance) of every open bill, debit positive; the bill date is the
        date of the voucher that raised it (New Ref)."""
        raised = {}
        balances = {}
        for voucher in self.vouchers.values():
            if voucher.cancelled:
                continue
            for bill_type, name, amount in voucher.bills:
                if not name:
                    continue
                key = (voucher.party, name)
                balances[key] = balances.get(key, Decimal("0")) - amount
                if bill_type == "New Ref":
                    raised.setdefault(key, voucher.date)
        return [
            (party, name, raised.get((party, name), ""), balance)
            for (party, name), balance in balances.items()
            if balance
        ]

    def bills_of(self, party: str) -> dict:
        """Outstanding per bill name of ``party`` (debit positive), over the vouchers not cancelled."""
        balances = {}
        for voucher in self.vouchers.values():
            if voucher.party != party or voucher.cancelled:
                continue
            for _bill_type, name, amount in voucher.bills:
                if name:
                    balances[name] = balances.get(name, Decimal("0")) - amount
        return balances

    @staticmethod
    def _signed_amounts(element):
        for tag in (*LEDGER_ENTRY_TAGS, "ALLINVENTORYENTRIES.LIST"):
            for entry in element.findall(tag):
                yield _amount(text_of(entry, "AMOUNT"))

    def _check_inventory(self, element):
        """Return (order numbers, godowns), or (None, None) for a silent godown failure."""
        order_numbers, godowns = [], []
        for entry in element.findall("ALLINVENTORYENTRIES.LIST"):
            self._require(self.stock_items, "Stock Item", text_of(entry, "STOCKITEMNAME"))
            quantity = text_of(entry, "ACTUALQTY")
            match = _QUANTITY.match(entry.findtext("ACTUALQTY") or "")
            if not match:
                raise ImportRefused(f"Invalid Quantity '{quantity}'")
            self._require(self.units, "Unit", match.group(2).strip())
            for batch in entry.findall("BATCHALLOCATIONS.LIST"):
                godown = text_of(batch, "GODOWNNAME")
                if self.tracks_godowns and not godown:
                    return None, None
                if godown:
                    self._require(self.godowns, "Godown", godown)
                    godowns.append(godown)
                if text_of(batch, "ORDERNO"):
                    order_numbers.append(text_of(batch, "ORDERNO"))
        return tuple(dict.fromkeys(order_numbers)), tuple(dict.fromkeys(godowns))
