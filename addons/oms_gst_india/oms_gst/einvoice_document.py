"""Input of the e-invoice builder: the document, its parties and lines as plain frozen values.

The Odoo layer fills these from ``account.move``; :mod:`.einvoice_payload` turns them into the
IRP's JSON and :mod:`.einvoice_validation` checks that JSON.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .amounts import ZERO

SCHEMA_VERSION = "1.1"
DOC_TYPES = ("INV", "CRN", "DBN")
SUPPLY_TYPES = ("B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP")
# Supplies to SEZ and exports are inter-state by law, whatever the two state codes are.
IGST_ONLY_SUPPLY_TYPES = frozenset({"SEZWP", "SEZWOP", "EXPWP", "EXPWOP"})
# "Without payment" supplies are zero-rated under a Letter of Undertaking: no tax is charged.
ZERO_RATED_SUPPLY_TYPES = frozenset({"SEZWOP", "EXPWOP"})
UNREGISTERED_GSTIN = "URP"


class EinvoiceError(ValueError):
    """An invoice that cannot be turned into an IRN payload; the message names the line."""


@dataclass(frozen=True, kw_only=True)
class Party:
    """Seller, buyer, dispatch-from or ship-to party.

    An overseas buyer has ``gstin`` "URP", ``pincode`` 999999 and ``state_code`` "96". For
    dispatch-from only the name and the address are used.
    """

    gstin: str = ""
    legal_name: str
    trade_name: str = ""
    address1: str
    address2: str = ""
    location: str
    pincode: int | str
    state_code: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class InvoiceLine:
    """One invoice line. ``discount`` is an amount in rupees, rates are percentages (18 = 18 %).

    ``unit`` is a UQC code (NOS, KGS, MTR, ...; OTH when none applies). A line whose amount
    (quantity x unit price - discount) is negative is folded into the discount of positive lines
    with the same HSN, GST rate and cess rate.
    """

    description: str
    is_service: bool = False
    hsn: str
    quantity: Decimal | int | str
    unit: str = "OTH"
    unit_price: Decimal | int | str
    discount: Decimal | int | str = ZERO
    gst_rate: Decimal | int | str
    cess_rate: Decimal | int | str = ZERO
    cess_non_advol_amount: Decimal | int | str = ZERO
    state_cess_rate: Decimal | int | str = ZERO
    state_cess_non_advol_amount: Decimal | int | str = ZERO
    other_charges: Decimal | int | str = ZERO


@dataclass(frozen=True, kw_only=True)
class InvoiceDocument:
    """An invoice, credit note (CRN) or debit note (DBN) to register with the IRP.

    ``igst_on_intra`` charges IGST although seller and place of supply are in the same state.
    ``discount`` and ``other_charges`` are invoice-level amounts outside the lines; ``round_off``
    is the rounding to the rupee (see :func:`oms_gst.rounding.round_invoice_total`).
    """

    doc_type: str = "INV"
    number: str
    date: datetime.date
    supply_type: str = "B2B"
    reverse_charge: bool = False
    igst_on_intra: bool = False
    seller: Party
    buyer: Party
    place_of_supply: str
    dispatch_from: Party | None = None
    ship_to: Party | None = None
    lines: tuple = ()
    discount: Decimal | int | str = ZERO
    other_charges: Decimal | int | str = ZERO
    round_off: Decimal | int | str = ZERO

    def __post_init__(self):
        object.__setattr__(self, "lines", tuple(self.lines))
