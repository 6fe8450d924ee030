"""The IRP simulator's own validation of an INV-01 1.1 invoice (independent of ``oms_gst``).

Each check answers with the IRP's code. Schema-level failures (lengths, patterns,
ranges) are reported under one code, as the IRP does for JSON-schema errors.
"""

import re
from datetime import datetime
from decimal import Decimal

from simulators.nic_base import IST, gstin_checksum_ok

SCHEMA_ERROR = "5002"  # JSON schema violation (code unconfirmed; the IRP lists the failing path)
GSTIN_INVALID = "3028"
IGST_ON_INTRA = "2172"
HEADER_NOT_SUM = "2182"
TOTAL_INVOICE_VALUE = "2189"
ASSESSABLE_AMOUNT = "2193"
# A tax or cess amount that is not its rate applied to the assessable amount (the IRP's code is unconfirmed;
# the simulator names the rule instead of guessing a number).
TAX_AMOUNT = "TAX_AMOUNT"

DOCUMENT_NUMBER = re.compile(r"^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$")
HSN_CODE = re.compile(r"^[0-9]{4,8}$")
SUPPLY_TYPES = {"B2B", "SEZWP", "SEZWOP", "EXPWP", "EXPWOP", "DEXP"}
EXPORT_TYPES = {"EXPWP", "EXPWOP"}
MAX_LINES = 1000
# GstRt is the GST rate alone (IGST, or CGST + SGST): an enum of the schema. Cess has its own fields.
GST_RATES = {
    Decimal(rate) for rate in ("0", "0.1", "0.25", "1", "1.5", "3", "5", "6", "7.5", "12", "18", "28", "40")
}
ZERO_RATED_TYPES = {"SEZWOP", "EXPWOP"}
TOLERANCE = Decimal("1")
# ValDtls total -> the item amounts it adds up (2182 when it does not).
HEADER_SUMS = {
    "AssVal": ("AssAmt",),
    "CgstVal": ("CgstAmt",),
    "SgstVal": ("SgstAmt",),
    "IgstVal": ("IgstAmt",),
    "CesVal": ("CesAmt", "CesNonAdvlAmt"),
    "StCesVal": ("StateCesAmt", "StateCesNonAdvlAmt"),
}
AMOUNT_FIELDS = (
    "Qty",
    "UnitPrice",
    "TotAmt",
    "Discount",
    "AssAmt",
    "GstRt",
    "IgstAmt",
    "CgstAmt",
    "SgstAmt",
    "CesRt",
    "CesAmt",
    "CesNonAdvlAmt",
    "StateCesRt",
    "StateCesAmt",
    "StateCesNonAdvlAmt",
    "TotItemVal",
)


def money(value):
    """Exact decimal of a JSON number (floats go through str to keep their printed value)."""
    return Decimal(str(value if value is not None else 0))


def _length_ok(value, low, high):
    return isinstance(value, str) and low <= len(value) <= high


def _free_text_problems(node, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _free_text_problems(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _free_text_problems(value, f"{path}[{index}]")
    elif isinstance(node, str) and ('"' in node or "\\" in node):
        yield (SCHEMA_ERROR, f'{path}: the characters " and \\ are not allowed')


def _party_problems(party, label, allow_unregistered, check_gstin):
    problems = []
    if not isinstance(party, dict):
        return [(SCHEMA_ERROR, f"{label}: required")]
    gstin = str(party.get("Gstin") or "")
    if not (allow_unregistered and gstin == "URP") and check_gstin and not gstin_checksum_ok(gstin):
        problems.append((GSTIN_INVALID, f"GSTIN - {gstin} is invalid"))
    if not _length_ok(party.get("LglNm"), 3, 100):
        problems.append((SCHEMA_ERROR, f"{label}.LglNm: length must be 3-100"))
    if not _length_ok(party.get("Addr1"), 1, 100):
        problems.append((SCHEMA_ERROR, f"{label}.Addr1: length must be 1-100"))
    if not _length_ok(party.get("Loc"), 3, 50):
        problems.append((SCHEMA_ERROR, f"{label}.Loc: length must be 3-50"))
    pin = party.get("Pin")
    if not isinstance(pin, int) or not 100000 <= pin <= 999999:
        problems.append((SCHEMA_ERROR, f"{label}.Pin: must be a number from 100000 to 999999"))
    return problems


def _rate_problems(line, index, zero_rated):
    """GstRt one of the GST rates; GST and ad valorem cess amounts follow from their rates (within 1 rupee)."""
    problems = []
    if money(line.get("GstRt")) not in GST_RATES:
        problems.append((SCHEMA_ERROR, f"ItemList[{index}].GstRt: {line.get('GstRt')} is not a GST rate"))
    if zero_rated:
        return problems  # supplies under LUT keep their rates and charge nothing
    assessable = money(line.get("AssAmt"))
    gst = sum((money(line.get(name)) for name in ("IgstAmt", "CgstAmt", "SgstAmt")), Decimal(0))
    checks = (
        ("IgstAmt+CgstAmt+SgstAmt", gst, "GstRt"),
        ("CesAmt", money(line.get("CesAmt")), "CesRt"),
        ("StateCesAmt", money(line.get("StateCesAmt")), "StateCesRt"),
    )
    for name, amount, rate in checks:
        if abs(amount - assessable * money(line.get(rate)) / 100) > TOLERANCE:
            problems.append((TAX_AMOUNT, f"ItemList[{index}].{name}: must be AssAmt x {rate} / 100"))
    return problems


def _line_problems(line, index):
    problems = []
    if not HSN_CODE.match(str(line.get("HsnCd") or "")):
        problems.append((SCHEMA_ERROR, f"ItemList[{index}].HsnCd: must be 4 to 8 digits"))
    if line.get("PrdDesc") is not None and not _length_ok(line.get("PrdDesc"), 3, 300):
        problems.append((SCHEMA_ERROR, f"ItemList[{index}].PrdDesc: length must be 3-300"))
    for name in AMOUNT_FIELDS:
        if money(line.get(name)) < 0:
            problems.append((SCHEMA_ERROR, f"ItemList[{index}].{name}: must not be negative"))
    if money(line.get("AssAmt")) != money(line.get("TotAmt")) - money(line.get("Discount")):
        problems.append(
            (
                ASSESSABLE_AMOUNT,
                f"For HSN - {line.get('HsnCd')} and Sl. No - {line.get('SlNo')}, "
                "AssAmt value should be equal to (TotAmt - Discount)",
            )
        )
    return problems


def _document_problems(document):
    problems = []
    if document.get("Typ") not in {"INV", "CRN", "DBN"}:
        problems.append((SCHEMA_ERROR, "DocDtls.Typ: must be INV, CRN or DBN"))
    if not DOCUMENT_NUMBER.match(str(document.get("No") or "")):
        problems.append((SCHEMA_ERROR, "DocDtls.No: does not match ^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$"))
    try:
        datetime.strptime(str(document.get("Dt")), "%d/%m/%Y")
    except ValueError:
        problems.append((SCHEMA_ERROR, "DocDtls.Dt: must be dd/mm/yyyy"))
    return problems


def check_invoice(invoice, check_gstin=True):
    """Return ``[(code, message), ...]`` for everything the IRP would refuse; empty when valid."""
    if not isinstance(invoice, dict):
        return [(SCHEMA_ERROR, "$: a JSON object is required")]
    problems = list(_free_text_problems(invoice))
    if invoice.get("Version") != "1.1":
        problems.append((SCHEMA_ERROR, "Version: must be 1.1"))
    transaction = invoice.get("TranDtls") or {}
    supply_type = transaction.get("SupTyp")
    if transaction.get("TaxSch") != "GST" or supply_type not in SUPPLY_TYPES:
        problems.append((SCHEMA_ERROR, "TranDtls: TaxSch must be GST and SupTyp a known supply type"))
    document = invoice.get("DocDtls") or {}
    problems += _document_problems(document)
    seller, buyer = invoice.get("SellerDtls"), invoice.get("BuyerDtls")
    problems += _party_problems(seller, "SellerDtls", False, check_gstin)
    problems += _party_problems(buyer, "BuyerDtls", supply_type in EXPORT_TYPES, check_gstin)
    lines = invoice.get("ItemList") or []
    if not 1 <= len(lines) <= MAX_LINES:
        problems.append((SCHEMA_ERROR, "ItemList: 1 to 1000 lines are required"))
    for index, line in enumerate(lines):
        problems += _line_problems(line, index)
        problems += _rate_problems(line, index, supply_type in ZERO_RATED_TYPES)
    totals = invoice.get("ValDtls") or {}
    if abs(money(totals.get("RndOffAmt"))) > Decimal("99.99"):
        problems.append((SCHEMA_ERROR, "ValDtls.RndOffAmt: must lie within -99.99 and 99.99"))
    for total, parts in HEADER_SUMS.items():
        if money(totals.get(total)) != sum(
            (money(line.get(part)) for line in lines for part in parts), Decimal(0)
        ):
            problems.append(
                (HEADER_NOT_SUM, f"ValDtls.{total} must equal the sum of the items' {' + '.join(parts)}")
            )
    expected_total = (
        sum((money(line.get("TotItemVal")) for line in lines), Decimal(0))
        + money(totals.get("OthChrg"))
        + money(totals.get("RndOffAmt"))
        - money(totals.get("Discount"))
    )
    if abs(money(totals.get("TotInvVal")) - expected_total) > 1:
        problems.append((TOTAL_INVOICE_VALUE, "Invalid total invoice value"))
    seller_state = str((seller or {}).get("Stcd") or "")
    place_of_supply = str((buyer or {}).get("Pos") or "")
    charges_igst = any(money(line.get("IgstAmt")) > 0 for line in lines)
    if seller_state == place_of_supply and charges_igst and transaction.get("IgstOnIntra") != "Y":
        problems.append((IGST_ON_INTRA, "IGST on an intra-state supply needs IgstOnIntra Y"))
    return problems


def financial_year(document_date_text):
    """``2025-26`` for a dd/mm/yyyy date in that April-March year."""
    issued = datetime.strptime(document_date_text, "%d/%m/%Y").replace(tzinfo=IST)
    start = issued.year if issued.month >= 4 else issued.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def check_ewb_by_irn(request):
    """The IRP's checks of a Generate-EWB-by-IRN request: the IRN, a distance, a transporter or vehicle.

    The 40xx codes other than 4002 are unconfirmed; what matters is that the request is refused.
    """
    if not isinstance(request, dict):
        return [(SCHEMA_ERROR, "Request is not a JSON object")]
    problems = []
    if not request.get("Irn"):
        problems.append((SCHEMA_ERROR, "Irn is required"))
    distance = request.get("Distance")
    if not isinstance(distance, int) or isinstance(distance, bool) or not 0 <= distance <= 4000:
        problems.append(("4019", "Distance is required and must be 0-4000 km"))
    mode = str(request.get("TransMode") or "")
    if mode and mode not in {"1", "2", "3", "4"}:
        problems.append((SCHEMA_ERROR, "TransMode must be 1-4"))
    if not (request.get("TransId") or request.get("VehNo") or request.get("TransDocNo")):
        problems.append(("4007", "Transporter Id, vehicle number or transport document is required"))
    if mode == "1" and not request.get("VehNo") and not request.get("TransDocNo"):
        problems.append(("4009", "Vehicle number is required for road transport"))
    if mode in {"2", "3", "4"} and not request.get("TransDocNo"):
        problems.append(("4010", "Transport document number is required for rail, air or ship"))
    if request.get("TransId") and not gstin_checksum_ok(request["TransId"]):
        problems.append(("4011", "Invalid transporter Id"))
    if request.get("VehType") == "O" and mode != "1":
        problems.append(("4013", "Over-dimensional cargo travels by road only"))
    return problems
