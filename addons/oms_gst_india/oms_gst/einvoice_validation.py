"""Checks an IRN payload against the rules the IRP enforces, before it is sent.

:func:`validate_irn_payload` returns every problem at once, so the user can correct the invoice
in one pass instead of learning the IRP's errors one round trip at a time. An issue carries the
IRP's own error code where the IRP has one for the rule (2172, 2182, 2189, 2193), otherwise a
short name ('doc_number', 'hsn', ...).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import ZERO, round_amount
from .einvoice_payload import SCHEMA_VERSION
from .gst_document import IGST_ONLY_SUPPLY_TYPES, SUPPLY_TYPES, UNREGISTERED_GSTIN, ZERO_RATED_SUPPLY_TYPES
from .gst_document import IRN_DOC_TYPES as DOC_TYPES
from .gstin import GstinError, validate_gstin
from .hsn import HsnError, check_hsn, line_label
from .nic_dates import parse_nic_date
from .rounding import MAX_ROUND_OFF

MAX_LINES = 1000
ALLOWED_GST_RATES = tuple(
    Decimal(rate) for rate in ("0", "0.1", "0.25", "1", "1.5", "3", "5", "6", "7.5", "12", "18", "28", "40")
)
DOC_NUMBER_PATTERN = re.compile(r"^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$")
TOTAL_TOLERANCE = Decimal("1")
_EXPORT_SUPPLY_TYPES = frozenset({"EXPWP", "EXPWOP"})
# (payload key, label, min length, max length) of the party fields whose lengths the IRP checks.
_PARTY_LENGTHS = (("Addr1", "address line 1", 1, 100), ("Loc", "location", 3, 50))
_PARTY_BLOCKS = (
    ("SellerDtls", "Seller", "LglNm", True),
    ("BuyerDtls", "Buyer", "LglNm", True),
    ("DispDtls", "Dispatch-from", "Nm", False),
    ("ShipDtls", "Ship-to", "LglNm", False),
)
# Amount keys of an item that make up TotItemVal.
_ITEM_VALUE_PARTS = (
    "AssAmt",
    "IgstAmt",
    "CgstAmt",
    "SgstAmt",
    "CesAmt",
    "CesNonAdvlAmt",
    "StateCesAmt",
    "StateCesNonAdvlAmt",
    "OthChrg",
)
_THREE_DECIMALS = frozenset({"Qty", "UnitPrice", "GstRt", "CesRt", "StateCesRt"})
# Ad valorem cess amount -> its rate: the amount is the assessable amount at the rate (within the tolerance).
_CESS_RATES = {"CesAmt": ("CesRt", "cess"), "StateCesAmt": ("StateCesRt", "state cess")}
_NEVER_NEGATIVE = ("Qty", "UnitPrice", "TotAmt", "Discount", *_ITEM_VALUE_PARTS, "TotItemVal")
# ValDtls key -> the item keys it sums (IRP error 2182 when they differ).
_HEADER_SUMS = {
    "AssVal": ("AssAmt",),
    "CgstVal": ("CgstAmt",),
    "SgstVal": ("SgstAmt",),
    "IgstVal": ("IgstAmt",),
    "CesVal": ("CesAmt", "CesNonAdvlAmt"),
    "StCesVal": ("StateCesAmt", "StateCesNonAdvlAmt"),
}


@dataclass(frozen=True)
class ValidationIssue:
    """One problem: ``code`` (IRP error code or rule name), ``field`` (payload path), ``message``."""

    code: str
    field: str
    message: str

    def __str__(self):
        return f"[{self.code}] {self.message}"


def format_issues(issues):
    """Return the issues as one text, a line each, for a UserError or a chatter message."""
    return "\n".join(str(issue) for issue in issues)


def validate_irn_payload(payload, sandbox=False):
    """Return the list of :class:`ValidationIssue` of ``payload``; an empty list means none found.

    ``sandbox=True`` accepts the NIC sandbox test GSTINs (see :func:`oms_gst.gstin.validate_gstin`).
    """
    issues = []

    def add(code, field, message):
        issues.append(ValidationIssue(code, field, message))

    _check_document(payload, add)
    _check_parties(payload, add, sandbox)
    items = payload.get("ItemList") or []
    if not items:
        add("line_count", "ItemList", "The invoice has no lines; the IRP needs at least one")
    elif len(items) > MAX_LINES:
        add(
            "line_count",
            "ItemList",
            f"The invoice has {len(items)} lines; the IRP accepts at most {MAX_LINES}",
        )
    for index, item in enumerate(items):
        _check_item(payload, index, item, add)
    _check_totals(payload, items, add)
    _check_free_text(payload, "", add)
    return issues


def _check_document(payload, add):
    if payload.get("Version") != SCHEMA_VERSION:
        add("version", "Version", f"Schema version must be {SCHEMA_VERSION}, not {payload.get('Version')!r}")
    transaction = payload.get("TranDtls") or {}
    if transaction.get("SupTyp") not in SUPPLY_TYPES:
        add(
            "supply_type",
            "TranDtls.SupTyp",
            f"Supply type {transaction.get('SupTyp')!r} is not one of {', '.join(SUPPLY_TYPES)}",
        )
    document = payload.get("DocDtls") or {}
    if document.get("Typ") not in DOC_TYPES:
        add(
            "doc_type",
            "DocDtls.Typ",
            f"Document type {document.get('Typ')!r} is not one of {', '.join(DOC_TYPES)}",
        )
    number = str(document.get("No") or "")
    if not DOC_NUMBER_PATTERN.match(number):
        add(
            "doc_number",
            "DocDtls.No",
            f"Document number {number!r} must be 1 to 16 letters, digits, '/' or '-', and may not "
            "start with 0, '/' or '-'",
        )
    date_text = str(document.get("Dt") or "")
    try:
        parse_nic_date(date_text)
    except ValueError:
        add("doc_date", "DocDtls.Dt", f"Document date {date_text!r} must be a date written dd/mm/yyyy")


def _check_parties(payload, add, sandbox):
    supply_type = (payload.get("TranDtls") or {}).get("SupTyp")
    for key, role, name_key, required in _PARTY_BLOCKS:
        block = payload.get(key)
        if block is None:
            if required:
                add("missing", key, f"{role} details are missing")
            continue
        _check_length(add, f"{key}.{name_key}", f"{role} name", block.get(name_key), 3, 100)
        for field, label, low, high in _PARTY_LENGTHS:
            _check_length(add, f"{key}.{field}", f"{role} {label}", block.get(field), low, high)
        pin = block.get("Pin")
        if isinstance(pin, bool) or not isinstance(pin, int) or not 100000 <= pin <= 999999:
            add("pincode", f"{key}.Pin", f"{role} PIN code {pin!r} must be a 6-digit number (999999 abroad)")
        _check_state(add, f"{key}.Stcd", f"{role} state code", block.get("Stcd"))
        gstin = block.get("Gstin")
        if key in ("SellerDtls", "BuyerDtls") or gstin:
            _check_party_gstin(add, key, role, gstin, supply_type, sandbox)
    buyer = payload.get("BuyerDtls") or {}
    _check_state(add, "BuyerDtls.Pos", "Place of supply", buyer.get("Pos"))


def _check_party_gstin(add, key, role, gstin, supply_type, sandbox):
    text = str(gstin or "").strip().upper()
    if key != "SellerDtls" and text == UNREGISTERED_GSTIN:
        if key == "BuyerDtls" and supply_type not in _EXPORT_SUPPLY_TYPES:
            add("gstin", f"{key}.Gstin", f"{role} GSTIN URP (unregistered) is allowed only on exports")
        return
    try:
        validate_gstin(text, sandbox=sandbox)
    except GstinError as error:
        add("gstin", f"{key}.Gstin", f"{role}: {error}")


def _check_item(payload, index, item, add):
    path = f"ItemList[{index}]"
    label = line_label(item.get("SlNo") or index + 1, item.get("PrdDesc"))
    _check_length(add, f"{path}.PrdDesc", f"{label}: description", item.get("PrdDesc"), 3, 300)
    try:
        check_hsn(
            item.get("HsnCd"), 4, line_number=item.get("SlNo") or index + 1, product=item.get("PrdDesc")
        )
    except HsnError as error:
        add("hsn", f"{path}.HsnCd", str(error))
    amounts = {
        key: _amount(item.get(key), 3 if key in _THREE_DECIMALS else 2)
        for key in (*_NEVER_NEGATIVE, "GstRt", "CesRt", "StateCesRt")
    }
    for key in _NEVER_NEGATIVE:
        if amounts[key] < 0:
            add(
                "negative_amount",
                f"{path}.{key}",
                f"{label}: {key} {amounts[key]} is negative; the IRP refuses negative lines, so deduct it "
                "as a discount on a line with the same HSN and rate, or issue a credit note",
            )
    if amounts["GstRt"] not in ALLOWED_GST_RATES:
        allowed = ", ".join(str(rate) for rate in ALLOWED_GST_RATES)
        add("gst_rate", f"{path}.GstRt", f"{label}: GST rate {amounts['GstRt']}% is not one of {allowed}")
    expected = amounts["TotAmt"] - amounts["Discount"]
    if amounts["AssAmt"] != expected:
        add(
            "2193",
            f"{path}.AssAmt",
            f"{label}: assessable amount {amounts['AssAmt']} must equal total amount {amounts['TotAmt']} "
            f"minus discount {amounts['Discount']} ({expected})",
        )
    item_value = sum((amounts[key] for key in _ITEM_VALUE_PARTS), ZERO)
    if abs(amounts["TotItemVal"] - item_value) > TOTAL_TOLERANCE:
        add(
            "item_value",
            f"{path}.TotItemVal",
            f"{label}: item value {amounts['TotItemVal']} must equal the assessable amount plus taxes, "
            f"cess and other charges ({item_value})",
        )
    if (payload.get("TranDtls") or {}).get("SupTyp") not in ZERO_RATED_SUPPLY_TYPES:
        _check_cess(path, label, amounts, add)
    _check_tax_kind(payload, path, label, amounts, add)


def _check_cess(path, label, amounts, add):
    # GstRt is GST alone: cess has its own rate and amount, and the amount must follow from the rate
    # (zero-rated supplies keep their rates and charge nothing, so they are not checked).
    for amount_key, (rate_key, what) in _CESS_RATES.items():
        expected = round_amount(amounts["AssAmt"] * amounts[rate_key] / 100)
        if abs(amounts[amount_key] - expected) > TOTAL_TOLERANCE:
            add(
                "cess",
                f"{path}.{amount_key}",
                f"{label}: {what} {amounts[amount_key]} is not {amounts[rate_key]}% of the assessable amount "
                f"{amounts['AssAmt']} ({expected}); report a fixed or formula {what} as its non-ad valorem "
                "amount instead",
            )


def _check_tax_kind(payload, path, label, amounts, add):
    transaction = payload.get("TranDtls") or {}
    seller_state = str((payload.get("SellerDtls") or {}).get("Stcd") or "")
    place = str((payload.get("BuyerDtls") or {}).get("Pos") or "")
    intra_state = seller_state == place
    igst_on_intra = transaction.get("IgstOnIntra") == "Y"
    if intra_state and not igst_on_intra and amounts["IgstAmt"] > 0:
        add(
            "2172",
            f"{path}.IgstAmt",
            f"{label}: IGST {amounts['IgstAmt']} is charged although seller and place of supply are both "
            f"in state {seller_state}; charge CGST and SGST, or set IgstOnIntra to Y where IGST applies "
            "by law (e.g. SEZ)",
        )
    igst_only = not intra_state or igst_on_intra or transaction.get("SupTyp") in IGST_ONLY_SUPPLY_TYPES
    if igst_only and (amounts["CgstAmt"] > 0 or amounts["SgstAmt"] > 0):
        add(
            "cgst_on_inter_state",
            f"{path}.CgstAmt",
            f"{label}: CGST/SGST are charged on a supply that takes IGST (inter-state, SEZ or export); "
            "charge IGST instead",
        )


def _check_totals(payload, items, add):
    values = payload.get("ValDtls") or {}
    for key, parts in _HEADER_SUMS.items():
        expected = sum((_amount(item.get(part)) for item in items for part in parts), ZERO)
        header = _amount(values.get(key))
        if header != expected:
            add(
                "2182",
                f"ValDtls.{key}",
                f"Invoice total {key} {header} must equal the sum of the lines ({expected})",
            )
    round_off = _amount(values.get("RndOffAmt"))
    if abs(round_off) > MAX_ROUND_OFF:
        add("round_off", "ValDtls.RndOffAmt", f"Round-off {round_off} must lie between -99.99 and 99.99")
    expected_total = (
        sum((_amount(item.get("TotItemVal")) for item in items), ZERO)
        + _amount(values.get("OthChrg"))
        - _amount(values.get("Discount"))
        + round_off
    )
    total = _amount(values.get("TotInvVal"))
    if abs(total - expected_total) > TOTAL_TOLERANCE:
        add(
            "2189",
            "ValDtls.TotInvVal",
            f"Invoice value {total} must equal the line values plus other charges, minus discount, plus "
            f"round-off ({expected_total}), give or take 1 rupee",
        )


def _check_free_text(value, path, add):
    # A quote or a backslash breaks the IRP's JSON handling ("Application Error"), whatever the field.
    if isinstance(value, dict):
        for key, child in value.items():
            _check_free_text(child, f"{path}.{key}" if path else key, add)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_free_text(child, f"{path}[{index}]", add)
    elif isinstance(value, str) and ('"' in value or "\\" in value):
        add("characters", path, f"{path} {value!r} may not contain a double quote or a backslash")


def _check_length(add, path, label, value, low, high):
    length = len(str(value or "").strip())
    if not low <= length <= high:
        add("length", path, f"{label} must have {low} to {high} characters, it has {length}")


def _check_state(add, path, label, value):
    text = str(value or "")
    if not (len(text) == 2 and text.isdigit() and text != "00"):
        add("state_code", path, f"{label} {value!r} must be a 2-digit GST state code")


def _amount(value, places=2):
    # A missing or malformed amount counts as zero here; the totals checks then point at it.
    try:
        return round_amount(value if value is not None else ZERO, places)
    except ValueError:
        return ZERO
