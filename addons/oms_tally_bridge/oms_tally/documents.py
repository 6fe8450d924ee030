"""Plain input records for masters and vouchers, filled by the Odoo models."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

SALES_ORDER = "sales_order"
SALES = "sales"
CREDIT_NOTE = "credit_note"
PURCHASE_ORDER = "purchase_order"
PURCHASE = "purchase"
DEBIT_NOTE = "debit_note"
VOUCHER_KINDS = (SALES_ORDER, SALES, CREDIT_NOTE, PURCHASE_ORDER, PURCHASE, DEBIT_NOTE)
# The purchase side: the party is a vendor (Sundry Creditors), items go to purchase ledgers and GST to
# the input tax ledgers (see purchases.py).
PURCHASE_KINDS = (PURCHASE_ORDER, PURCHASE, DEBIT_NOTE)


@dataclass(frozen=True)
class PartyMaster:
    """A customer, imported as a ledger under the party group (Sundry Debtors)."""

    name: str
    state_name: str
    gstin: str = ""
    registration_type: str = "Regular"
    country: str = "India"
    address_lines: tuple = ()
    pincode: str = ""
    applicable_from: datetime.date = datetime.date(2017, 7, 1)


@dataclass(frozen=True)
class StockItemMaster:
    """A product, imported as a stock item with its HSN code and GST rate."""

    name: str
    base_unit: str
    hsn: str = ""
    gst_rate: Decimal = Decimal("0")
    applicable_from: datetime.date = datetime.date(2017, 7, 1)


@dataclass(frozen=True)
class VoucherLine:
    """One item line of a Sales Order or Sales voucher.

    ``amount`` is the taxable value of the line; ``order_no`` links a Sales line to
    the Sales Order it fulfils (it falls back to the voucher's ``order_no``).
    """

    item_name: str
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal
    gst_rate: Decimal = Decimal("0")
    godown: str = ""
    order_no: str = ""
    order_due_date: datetime.date | None = None


@dataclass(frozen=True)
class TaxLine:
    """A tax ledger credit (CGST, SGST, IGST or cess) with its amount."""

    ledger: str
    amount: Decimal


@dataclass(frozen=True)
class EwayBillReference:
    """An e-way bill the goods of an invoice travel with: NIC's number and the date it was generated."""

    number: str
    date: datetime.date | None = None


@dataclass(frozen=True)
class EInvoiceDetails:
    """The IRP's registration of an invoice (IRN, acknowledgement number and date) and its e-way bills.

    Empty when the invoice has none, e.g. for a company that does not e-invoice: the voucher then
    carries no e-invoice field at all.
    """

    irn: str = ""
    ack_no: str = ""
    ack_date: datetime.date | None = None
    eway_bills: tuple = ()

    def __bool__(self):
        return bool(self.irn or self.ack_no or self.eway_bills)


@dataclass(frozen=True)
class Voucher:
    """A Sales Order (``kind='sales_order'``), Sales invoice (``kind='sales'``) or
    Credit Note (``kind='credit_note'``), or on the purchase side a Purchase Order
    (``kind='purchase_order'``), Purchase voucher for a vendor bill (``kind='purchase'``) or
    Debit Note for a vendor credit note (``kind='debit_note'``).

    ``remote_id`` is the stable idempotency key Tally stores; ``total`` is the document
    total the party is debited (a sale) or credited (a purchase). ``round_off`` is signed: positive adds to
    the total. ``cancelled`` turns the voucher into a cancellation request.

    A credit note, a purchase or a debit note carries the same positive amounts as a sales
    invoice; the builder puts them on their sides. On a purchase ``reference`` is the
    vendor's bill number (also the name of the bill Tally tracks) and ``reference_date``
    its date. ``against_number`` / ``against_date`` name the original
    invoice it is settled against (bill allocation "Agst Ref"). ``einvoice`` holds the IRN and
    e-way bills (:class:`EInvoiceDetails`), written in Tally's own e-invoice fields. ``voucher_type``, when
    set, is the Tally voucher type of this one document (an order type's own, such as "Staff Sales"); empty,
    the company's type for the voucher's kind is used.
    """

    kind: str
    remote_id: str
    number: str
    date: datetime.date
    party_ledger: str
    total: Decimal
    lines: tuple = ()
    tax_lines: tuple = ()
    round_off: Decimal = Decimal("0")
    reference: str = ""
    narration: str = ""
    order_no: str = ""
    einvoice: EInvoiceDetails = EInvoiceDetails()
    cancelled: bool = False
    against_number: str = ""
    against_date: datetime.date | None = None
    reference_date: datetime.date | None = None
    voucher_type: str = ""

    def __post_init__(self):
        if self.kind not in VOUCHER_KINDS:
            raise ValueError(f"Unknown voucher kind {self.kind!r}; use one of {', '.join(VOUCHER_KINDS)}.")
        if not self.remote_id:
            raise ValueError(f"Voucher {self.number} has no remote id; Tally needs it to avoid duplicates.")
