"""Which GST applies: place of supply, CGST+SGST or IGST, and the e-invoice supply type.

The GST treatment values are those of Odoo's ``l10n_in`` (``l10n_in_gst_treatment``).
"""

from dataclasses import dataclass
from decimal import Decimal

from .amounts import ZERO, round_amount, to_decimal

INTRA = "intra"
INTER = "inter"
CGST_SGST = "cgst_sgst"
IGST = "igst"
ZERO_RATED = "zero_rated"

# State code the IRP expects as place of supply for exports ("other country").
EXPORT_STATE_CODE = "96"

GST_TREATMENTS = frozenset(
    {
        "regular",
        "composition",
        "unregistered",
        "consumer",
        "overseas",
        "special_economic_zone",
        "deemed_export",
        "uin_holders",
    }
)
# Odoo's l10n_in_edi sends an IRN only for these buyers; B2C buyers and UIN holders get a tax
# invoice without one.
_B2B_TREATMENTS = frozenset({"regular", "composition"})
_NO_IRN_TREATMENTS = frozenset({"unregistered", "consumer", "uin_holders"})


@dataclass(frozen=True)
class SupplyDecision:
    """Outcome of :func:`decide_supply`.

    ``sup_typ`` is the e-invoice ``TranDtls.SupTyp`` and is ``None`` exactly when
    ``einvoice_applies`` is false. ``place_of_supply`` is the 2-digit code to report.
    """

    supply_kind: str
    tax_kind: str
    sup_typ: str | None
    einvoice_applies: bool
    place_of_supply: str


@dataclass(frozen=True)
class TaxSplit:
    """GST amounts of one taxable value: CGST and SGST, or IGST, the others being zero."""

    cgst: Decimal
    sgst: Decimal
    igst: Decimal

    @property
    def total(self):
        """The full tax: CGST + SGST + IGST."""
        return self.cgst + self.sgst + self.igst


def normalise_state_code(code, what="state code"):
    """Return a state code as two digits ('7' and 7 become '07'); raise ValueError otherwise."""
    text = str(code).strip() if code is not None else ""
    if not text.isdigit() or not 1 <= len(text) <= 2 or text in ("0", "00"):
        raise ValueError(f"The {what} must be a 2-digit GST state code such as 27, got {code!r}")
    return text.zfill(2)


def decide_supply(supplier_state, place_of_supply, gst_treatment, lut=False):
    """Decide the supply kind, the tax kind and the e-invoice supply type of a sale.

    ``supplier_state`` and ``place_of_supply`` are GST state codes; ``gst_treatment`` is the
    buyer's ``l10n_in`` treatment; ``lut`` says the supplier has a Letter of Undertaking, which
    zero-rates exports and SEZ supplies (it has no effect on domestic supplies).

    * SEZ supplies are inter-state whatever the states: IGST (SEZWP) or zero-rated (SEZWOP).
    * Overseas buyers are exports with place of supply 96: IGST (EXPWP) or zero-rated (EXPWOP).
    * Deemed exports pay tax like a domestic sale and are reported as DEXP.
    * Otherwise the supply is intra-state (CGST + SGST) when the states are equal, else IGST.
    """
    if gst_treatment not in GST_TREATMENTS:
        known = ", ".join(sorted(GST_TREATMENTS))
        raise ValueError(f"Unknown GST treatment {gst_treatment!r}; expected one of {known}")
    supplier = normalise_state_code(supplier_state, "supplier state code")
    if gst_treatment == "overseas":
        tax_kind = ZERO_RATED if lut else IGST
        sup_typ = "EXPWOP" if lut else "EXPWP"
        return SupplyDecision(INTER, tax_kind, sup_typ, True, EXPORT_STATE_CODE)
    place = normalise_state_code(place_of_supply, "place of supply")
    if gst_treatment == "special_economic_zone":
        tax_kind = ZERO_RATED if lut else IGST
        sup_typ = "SEZWOP" if lut else "SEZWP"
        return SupplyDecision(INTER, tax_kind, sup_typ, True, place)
    supply_kind = INTRA if supplier == place else INTER
    tax_kind = CGST_SGST if supply_kind == INTRA else IGST
    if gst_treatment == "deemed_export":
        return SupplyDecision(supply_kind, tax_kind, "DEXP", True, place)
    if gst_treatment in _B2B_TREATMENTS:
        return SupplyDecision(supply_kind, tax_kind, "B2B", True, place)
    # Remaining treatments (_NO_IRN_TREATMENTS): a tax invoice without IRN.
    return SupplyDecision(supply_kind, tax_kind, None, False, place)


def split_tax(taxable_amount, rate, supply_kind):
    """Return the :class:`TaxSplit` of ``taxable_amount`` at ``rate`` percent (18 means 18 %).

    The full tax is rounded half up to the paisa first; intra-state, CGST is half of it rounded
    half up and SGST the rest, so that the two always add up to the full tax.
    """
    taxable = to_decimal(taxable_amount, "taxable amount")
    percent = to_decimal(rate, "GST rate")
    if percent < 0:
        raise ValueError(f"The GST rate cannot be negative, got {rate}")
    full = round_amount(taxable * percent / 100)
    zero = round_amount(ZERO)
    if supply_kind == INTRA:
        cgst = round_amount(full / 2)
        return TaxSplit(cgst=cgst, sgst=full - cgst, igst=zero)
    if supply_kind == INTER:
        return TaxSplit(cgst=zero, sgst=zero, igst=full)
    raise ValueError(f"The supply kind must be {INTRA!r} or {INTER!r}, got {supply_kind!r}")


def place_of_supply_for_goods(bill_to_state, ship_to_state, bill_to_ship_to):
    """Return the place of supply of goods as a 2-digit state code.

    Goods are supplied where their movement ends, the ship-to state. When the buyer has the goods
    delivered to a third party (bill-to/ship-to, IGST Act s.10(1)(b)), it is the bill-to party's
    state instead. Without a ship-to state the bill-to state is used.
    """
    if bill_to_ship_to or ship_to_state in (None, ""):
        return normalise_state_code(bill_to_state, "bill-to state code")
    return normalise_state_code(ship_to_state, "ship-to state code")
