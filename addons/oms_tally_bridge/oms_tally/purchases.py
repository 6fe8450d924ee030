"""The purchase side of the Tally books: Purchase Order, Purchase and Debit Note vouchers, vendors.

A purchase mirrors a sale: the vendor is credited with the document total, the items are debited to
the purchase ledger of their GST rate and the GST to the input tax ledgers (input tax credit). A debit
note (a vendor credit note: goods returned or a price cut) reverses a purchase and is settled against
the vendor's bill. Vendors are ledgers under Sundry Creditors.
"""

import dataclasses

from . import masters
from .config import TallyCompanyConfig
from .documents import DEBIT_NOTE, PURCHASE, PURCHASE_KINDS, PURCHASE_ORDER, PartyMaster, Voucher


def is_purchase(voucher: Voucher) -> bool:
    """True for a Purchase Order, Purchase or Debit Note voucher."""
    return voucher.kind in PURCHASE_KINDS


def purchase_voucher_type(voucher: Voucher, config: TallyCompanyConfig) -> str:
    """Return the Tally voucher type configured for a purchase-side voucher."""
    return {
        PURCHASE_ORDER: config.purchase_order_voucher_type,
        PURCHASE: config.purchase_voucher_type,
        DEBIT_NOTE: config.debit_note_voucher_type,
    }[voucher.kind]


def item_ledger(voucher: Voucher, line, config: TallyCompanyConfig) -> str:
    """Return the ledger an item line is booked to: purchase or sales ledger of its GST rate."""
    if is_purchase(voucher):
        return config.purchase_ledger_for(line.gst_rate)
    return config.sales_ledger_for(line.gst_rate)


def bill_name(voucher: Voucher) -> str:
    """Name of the bill a Purchase voucher opens: the vendor's bill number, else our own number.

    The vendor's number is what the accountant matches payments and GSTR-2B against.
    """
    return voucher.reference or voucher.number


def build_vendor_ledger(party: PartyMaster, config: TallyCompanyConfig):
    """Return the vendor's ledger under the creditor group (Sundry Creditors), with its GST details."""
    return masters.build_party_ledger(party, dataclasses.replace(config, party_group=config.creditor_group))
