"""XML for Sales Order, Sales and Credit Note vouchers, their purchase-side twins (Purchase Order,
Purchase, Debit Note), and the balance check that guards them.

Signs follow Tally: a debit is a negative AMOUNT with ISDEEMEDPOSITIVE Yes, a credit a
positive AMOUNT with No, and every voucher nets to zero. A credit note mirrors a sale:
the party is credited, sales and GST ledgers are debited. A purchase (and its order) is
booked like a credit note, against purchase and input GST ledgers (see purchases.py); a
debit note is booked like a sale. The REMOTEID attribute is the idempotency key:
importing it again alters the voucher Tally already holds.
"""

from decimal import Decimal

from lxml import etree

from .config import TallyCompanyConfig
from .documents import CREDIT_NOTE, DEBIT_NOTE, PURCHASE, PURCHASE_ORDER, SALES, SALES_ORDER, Voucher
from .exceptions import VoucherNotBalanced
from .purchases import bill_name, is_purchase, item_ledger, purchase_voucher_type
from .xmlutil import (
    add,
    clean_text,
    format_amount,
    format_date,
    format_quantity,
    format_rate,
    money,
    yes_no,
)

INVOICE_VIEW = "Invoice Voucher View"
BATCH_NAME = "Primary Batch"
ORDER_KINDS = (SALES_ORDER, PURCHASE_ORDER)
RETURN_KINDS = (CREDIT_NOTE, DEBIT_NOTE)
# Kinds whose party is credited with the total: the sides of every line are reversed.
PARTY_CREDITED_KINDS = (CREDIT_NOTE, PURCHASE_ORDER, PURCHASE)

# Tally Prime's own e-invoice fields of a voucher. IRN, IRNACKNO and IRNACKDATE are the storage names
# Tally publishes in its Developer Reference, "Schema Changes for E-Invoice (From TallyPrime Release
# 1.1)" (help.tallysolutions.com/developer-reference/release-1-tdl-enhancements-tally-prime/
# schema-changes-e-invoice/); the signed QR code (IRNQRCODE) "cannot be pushed externally", so it is
# not sent. The e-way bill sub-object EWAYBILLDETAILS.LIST with BILLNUMBER and BILLDATE is UNCONFIRMED
# by a Tally publication: it is what Tally's own exports hold and what the TallyConnector library maps
# from Tally's default TDL (github.com/Accounting-Companion/TallyConnector, Voucher.cs, EwayBillDetail).
IRN_TAG = "IRN"
IRN_ACK_NO_TAG = "IRNACKNO"
IRN_ACK_DATE_TAG = "IRNACKDATE"
EWAY_BILL_LIST_TAG = "EWAYBILLDETAILS.LIST"
EWAY_BILL_NUMBER_TAG = "BILLNUMBER"
EWAY_BILL_DATE_TAG = "BILLDATE"


def check_balanced(voucher: Voucher) -> Decimal:
    """Return the debit total, or raise :class:`VoucherNotBalanced` naming both totals.

    Tally refuses an unbalanced voucher, so refuse it here first, to the paisa.
    """
    signed = [-money(voucher.total), money(voucher.round_off)]
    signed += [money(line.amount) for line in voucher.lines]
    signed += [money(tax.amount) for tax in voucher.tax_lines]
    debits = sum((-amount for amount in signed if amount < 0), Decimal("0.00"))
    credits = sum((amount for amount in signed if amount > 0), Decimal("0.00"))
    if debits != credits:
        raise VoucherNotBalanced(
            f"Voucher {voucher.number} does not balance: debits {debits:f}, credits {credits:f} "
            f"(difference {abs(debits - credits):f}). Correct the line, tax or round-off amounts "
            "so that they add up to the document total before sending it to Tally."
        )
    return debits


def voucher_type_name(voucher: Voucher, config: TallyCompanyConfig) -> str:
    """Return the voucher's own Tally voucher type, else the one configured for the voucher's kind."""
    if voucher.voucher_type:
        return voucher.voucher_type
    if is_purchase(voucher):
        return purchase_voucher_type(voucher, config)
    if voucher.kind == SALES_ORDER:
        return config.sales_order_voucher_type
    if voucher.kind == CREDIT_NOTE:
        return config.credit_note_voucher_type
    return config.sales_voucher_type


def side(voucher: Voucher) -> int:
    """+1 when the party is debited (sale, debit note), -1 when credited (credit note, purchase)."""
    return -1 if voucher.kind in PARTY_CREDITED_KINDS else 1


def narration(voucher: Voucher) -> str:
    """Return the narration, with the IRN and e-way bill numbers appended when present.

    They are also sent in Tally's own fields; the narration keeps them visible on any printed
    voucher, whatever Tally release or invoice format the accountant uses.
    """
    parts = [voucher.narration.strip()] if voucher.narration.strip() else []
    details = voucher.einvoice
    if details.irn:
        parts.append(f"IRN: {details.irn}")
    numbers = [bill.number for bill in details.eway_bills if bill.number]
    if numbers:
        parts.append(f"E-way bill: {', '.join(numbers)}")
    return "; ".join(parts)


def _add_einvoice(element, voucher: Voucher):
    """Write the IRN, its acknowledgement and one EWAYBILLDETAILS.LIST per e-way bill, when present."""
    details = voucher.einvoice
    if details.irn:
        add(element, IRN_TAG, details.irn)
    if details.ack_no:
        add(element, IRN_ACK_NO_TAG, details.ack_no)
    if details.ack_date:
        add(element, IRN_ACK_DATE_TAG, format_date(details.ack_date))
    for bill in details.eway_bills:
        if not bill.number:
            continue
        entry = add(element, EWAY_BILL_LIST_TAG)
        add(entry, EWAY_BILL_NUMBER_TAG, bill.number)
        if bill.date:
            add(entry, EWAY_BILL_DATE_TAG, format_date(bill.date))


def _add_amount(parent, amount: Decimal):
    add(parent, "ISDEEMEDPOSITIVE", yes_no(amount < 0))
    add(parent, "AMOUNT", format_amount(amount))


def _check_godowns(voucher: Voucher, config: TallyCompanyConfig):
    if not config.tracks_godowns:
        return
    for index, line in enumerate(voucher.lines, start=1):
        if not line.godown:
            raise ValueError(
                f"Line {index} ({line.item_name}) of {voucher.number} has no godown, and the Tally "
                "company tracks godowns; set the Tally godown of the warehouse it ships from "
                "(an administrator does it in the warehouse's settings)."
            )


def _order_no(voucher: Voucher, line) -> str:
    if voucher.kind in RETURN_KINDS:
        # A return must not reduce what Tally shows as still pending on the order.
        return ""
    if line.order_no:
        return line.order_no
    if voucher.order_no:
        return voucher.order_no
    # An order is its own order; an invoice without one is simply not linked.
    return voucher.number if voucher.kind in ORDER_KINDS else ""


def _add_inventory_entry(element, voucher: Voucher, line, config: TallyCompanyConfig):
    amount = money(line.amount) * side(voucher)
    quantity = format_quantity(line.quantity, line.unit)
    entry = add(element, "ALLINVENTORYENTRIES.LIST")
    add(entry, "STOCKITEMNAME", line.item_name)
    add(entry, "ISDEEMEDPOSITIVE", yes_no(amount < 0))
    add(entry, "RATE", format_rate(line.rate, line.unit))
    add(entry, "AMOUNT", format_amount(amount))
    add(entry, "ACTUALQTY", quantity)
    add(entry, "BILLEDQTY", quantity)
    batch = add(entry, "BATCHALLOCATIONS.LIST")
    if line.godown:
        add(batch, "GODOWNNAME", line.godown)
    add(batch, "BATCHNAME", BATCH_NAME)
    order_no = _order_no(voucher, line)
    if order_no:
        add(batch, "ORDERNO", order_no)
    if line.order_due_date:
        add(batch, "ORDERDUEDATE", format_date(line.order_due_date))
    add(batch, "AMOUNT", format_amount(amount))
    add(batch, "ACTUALQTY", quantity)
    add(batch, "BILLEDQTY", quantity)
    allocation = add(entry, "ACCOUNTINGALLOCATIONS.LIST")
    add(allocation, "LEDGERNAME", item_ledger(voucher, line, config))
    _add_amount(allocation, amount)


def _add_party_entry(element, voucher: Voucher):
    amount = -money(voucher.total) * side(voucher)
    entry = add(element, "LEDGERENTRIES.LIST")
    add(entry, "LEDGERNAME", voucher.party_ledger)
    add(entry, "ISPARTYLEDGER", "Yes")
    _add_amount(entry, amount)
    if voucher.kind in ORDER_KINDS:
        return
    bill = add(entry, "BILLALLOCATIONS.LIST")
    if voucher.kind in (SALES, PURCHASE):
        # A new bill reference lets the accountant see the invoice (or the vendor's bill) as outstanding.
        add(bill, "NAME", bill_name(voucher) if voucher.kind == PURCHASE else voucher.number)
        add(bill, "BILLTYPE", "New Ref")
    elif voucher.against_number:
        # Settled against the original bill, which stops showing the returned part as due.
        add(bill, "NAME", voucher.against_number)
        add(bill, "BILLTYPE", "Agst Ref")
    else:
        add(bill, "BILLTYPE", "On Account")
    add(bill, "AMOUNT", format_amount(amount))


def _add_ledger_entry(element, ledger: str, amount: Decimal):
    entry = add(element, "LEDGERENTRIES.LIST")
    add(entry, "LEDGERNAME", ledger)
    _add_amount(entry, amount)


def _reference(voucher: Voucher) -> str:
    if voucher.reference:
        return voucher.reference
    if voucher.kind in ORDER_KINDS:
        return voucher.number
    # Tally shows a credit (debit) note's REFERENCE as the original invoice (bill) number.
    return voucher.against_number if voucher.kind in RETURN_KINDS else ""


def _reference_date(voucher: Voucher):
    if voucher.reference_date:
        return voucher.reference_date
    return voucher.against_date if voucher.kind in RETURN_KINDS else None


def build_voucher(voucher: Voucher, config: TallyCompanyConfig):
    """Return the ``VOUCHER`` element of a Sales Order, Sales invoice, Credit Note, Purchase Order,
    Purchase or Debit Note.

    A cancelled voucher becomes a cancellation request. Otherwise the voucher must
    balance, and on a godown-tracking company every line needs a godown. A line's
    godown is written whenever it is known.
    """
    if voucher.cancelled:
        return build_cancellation(voucher, config)
    check_balanced(voucher)
    _check_godowns(voucher, config)
    type_name = voucher_type_name(voucher, config)
    element = etree.Element(
        "VOUCHER",
        REMOTEID=clean_text(voucher.remote_id),
        VCHTYPE=clean_text(type_name),
        ACTION="Create",
        OBJVIEW=INVOICE_VIEW,
    )
    add(element, "DATE", format_date(voucher.date))
    add(element, "VOUCHERTYPENAME", type_name)
    add(element, "VOUCHERNUMBER", voucher.number)
    reference = _reference(voucher)
    if reference:
        add(element, "REFERENCE", reference)
    reference_date = _reference_date(voucher)
    if reference and reference_date:
        add(element, "REFERENCEDATE", format_date(reference_date))
    add(element, "PARTYLEDGERNAME", voucher.party_ledger)
    add(element, "PERSISTEDVIEW", INVOICE_VIEW)
    add(element, "ISINVOICE", yes_no(voucher.kind not in ORDER_KINDS))
    text = narration(voucher)
    if text:
        add(element, "NARRATION", text)
    _add_einvoice(element, voucher)
    for line in voucher.lines:
        _add_inventory_entry(element, voucher, line, config)
    _add_party_entry(element, voucher)
    for tax in voucher.tax_lines:
        _add_ledger_entry(element, tax.ledger, money(tax.amount) * side(voucher))
    if money(voucher.round_off):
        _add_ledger_entry(element, config.round_off_ledger, money(voucher.round_off) * side(voucher))
    return element


def build_cancellation(voucher: Voucher, config: TallyCompanyConfig):
    """Return the request that cancels the voucher Tally holds under ``voucher.remote_id``.

    The voucher is found by REMOTEID, never by number: numbers repeat across voucher
    types and matching on them has altered the wrong voucher. Cancelling keeps the
    number in Tally's series with no accounting effect.
    """
    type_name = voucher_type_name(voucher, config)
    element = etree.Element(
        "VOUCHER",
        REMOTEID=clean_text(voucher.remote_id),
        VCHTYPE=clean_text(type_name),
        ACTION="Cancel",
        DATE=format_date(voucher.date),
    )
    add(element, "DATE", format_date(voucher.date))
    add(element, "VOUCHERTYPENAME", type_name)
    add(element, "VOUCHERNUMBER", voucher.number)
    add(element, "ISCANCELLED", "Yes")
    add(element, "NARRATION", narration(voucher) or f"Cancelled in Odoo: {voucher.number}")
    return element
