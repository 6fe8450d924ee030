"""The EWB simulator's own validation of a GENEWAYBILL payload (independent of ``oms_gst``).

Codes and wording follow NIC's published e-way bill error list.
"""

import re
from datetime import datetime, timedelta

from simulators.nic_base import IST, gstin_checksum_ok

DOCUMENT_NUMBER = re.compile(r"^[a-zA-Z0-9/-]{1,16}$")
HSN_CODE = re.compile(r"^[0-9]{4,8}$")
STATE_CODES = {str(code) for code in range(1, 39)} | {"96", "97", "99"}
DOCUMENT_TYPES = {"INV", "BIL", "BOE", "CHL", "CNT", "OTH"}
# The e-way bill system's table of the documents each outward sub-supply type may travel on.
OUTWARD_DOCUMENTS = {
    "1": {"INV", "BIL"},
    "3": {"INV", "BIL"},
    "4": {"CHL"},
    "5": {"CHL"},
    "8": {"CHL", "OTH"},
    "9": {"INV", "BIL", "CHL"},
    "10": {"CHL"},
    "11": {"CHL", "OTH"},
    "12": {"CHL"},
}
ROAD, NON_ROAD_MODES = "1", {"2", "3", "4"}
MAX_DOCUMENT_AGE = timedelta(days=180)
# The GST rate alone (IGST, or CGST + SGST); cess has cessRate and cessNonadvol.
GST_RATES = {0, 0.1, 0.25, 1, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40}
TOLERANCE = 1

MESSAGES = {
    "201": "Invalid Supply Type",
    "202": "Invalid Sub-supply Type",
    "204": "Invalid Document type",
    "206": "Invaild Invoice Number",
    "207": "Invalid Invoice Date",
    "208": "Invalid Supplier GSTIN",
    "210": "Invalid or Blank Supplier PIN Code",
    "211": "Invalid or Blank Supplier state Code",
    "212": "Invalid Consignee GSTIN",
    "214": "Invalid Consignee PIN Code",
    "215": "Invalid Consignee State Code",
    "216": "Invalid HSN Code",
    "218": "Invalid Tax Rate for Intra State Transaction",
    "219": "Invalid Tax Rate for Inter State Transaction",
    "220": "Invalid Trans mode",
    "221": "Invalid Approximate Distance",
    "222": "Invalid Transporter Id",
    "226": "Both Transaction and Vehicle Number Blank",
    "233": "Eway bill does not contains any items",
    "251": "CGST nad SGST TaxRate should be same",
    "359": "User GSTIN should match to GSTIN(from) for outward transactions",
    "361": "Invalid Vehicle Type",
    "394": "For other than Road Transport, TransDoc number is required",
    "612": "Invalid transaction type",
    "619": "Transporter Id is mandatory for generation of Part A slip",
    "620": "Total invoice value cannot be less than the sum of total assessible value and tax values",
    "621": "trans mode is mandatory since vehicle number is present",
    "634": "Vehicle type should not be ODC when transmode is other than road",
    "820": "You cannot generate e-Waybill with document date earlier than 180 days",
    # NIC's codes for these are unconfirmed; the simulator names the rule.
    "DOC_FOR_SUB_SUPPLY": "Document type is not allowed for the sub supply type",
    "SUB_SUPPLY_DESC": "Sub supply description is required for sub supply type Others",
    "CESS_VALUE": "Cess value is not the items' taxable amounts at their cess rates",
    "CESS_NON_ADVOL_VALUE": "Cess non-advol value is not the sum of the items' cessNonadvol",
}


def _number(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return -1.0


def _document_codes(payload, today):
    codes = []
    if payload.get("supplyType") not in {"O", "I"}:
        codes.append("201")
    if str(payload.get("subSupplyType")) not in {str(code) for code in range(1, 13)}:
        codes.append("202")
    if payload.get("docType") not in DOCUMENT_TYPES:
        codes.append("204")
    elif payload.get("supplyType") == "O" and payload.get("docType") not in OUTWARD_DOCUMENTS.get(
        str(payload.get("subSupplyType")), DOCUMENT_TYPES
    ):
        codes.append("DOC_FOR_SUB_SUPPLY")
    if str(payload.get("subSupplyType")) == "8" and not str(payload.get("subSupplyDesc") or "").strip():
        codes.append("SUB_SUPPLY_DESC")
    if not DOCUMENT_NUMBER.match(str(payload.get("docNo") or "")):
        codes.append("206")
    try:
        issued = datetime.strptime(str(payload.get("docDate")), "%d/%m/%Y").date()
    except ValueError:
        codes.append("207")
    else:
        if issued > today:
            codes.append("207")
        elif today - issued > MAX_DOCUMENT_AGE:
            codes.append("820")
    if str(payload.get("transactionType")) not in {"1", "2", "3", "4"}:
        codes.append("612")
    return codes


def _party_codes(payload, user_gstin):
    codes = []
    for side, gstin_code, pin_code, state_code in (
        ("from", "208", "210", "211"),
        ("to", "212", "214", "215"),
    ):
        gstin = str(payload.get(f"{side}Gstin") or "")
        if gstin != "URP" and not gstin_checksum_ok(gstin):
            codes.append(gstin_code)
        if not 100000 <= int(_number(payload.get(f"{side}Pincode"))) <= 999999:
            codes.append(pin_code)
        if str(payload.get(f"{side}StateCode")) not in STATE_CODES:
            codes.append(state_code)
    if payload.get("supplyType") == "O" and payload.get("fromGstin") != user_gstin:
        codes.append("359")
    return codes


def _transport_codes(payload, route_km):
    codes = []
    mode = str(payload.get("transMode") or "")
    vehicle, transport_document = payload.get("vehicleNo"), payload.get("transDocNo")
    if mode and mode != ROAD and mode not in NON_ROAD_MODES:
        codes.append("220")
    if vehicle and not mode:
        codes.append("621")
    if mode == ROAD and not vehicle and not transport_document:
        codes.append("226")
    if mode in NON_ROAD_MODES and not transport_document:
        codes.append("394")
    if payload.get("vehicleType") not in (None, "", "R", "O"):
        codes.append("361")
    if payload.get("vehicleType") == "O" and mode != ROAD:
        codes.append("634")
    transporter = payload.get("transporterId")
    if not mode and not vehicle and not transporter:
        codes.append("619")
    if transporter and not gstin_checksum_ok(transporter):
        codes.append("222")
    distance = int(_number(payload.get("transDistance")))
    same_pincode = payload.get("fromPincode") == payload.get("toPincode")
    if distance < 0 or distance > 4000 or (same_pincode and not 1 <= distance <= 100):
        codes.append("221")
    elif route_km is not None and distance > route_km * 1.1:
        codes.append("221")  # entered distance may exceed the system's by 10% at most
    elif route_km is None and distance == 0 and not same_pincode:
        codes.append("221")  # nothing to compute the distance from
    return codes


def _item_codes(payload):
    items = payload.get("itemList") or []
    if not items:
        return ["233"]
    codes = []
    intra_state = str(payload.get("fromStateCode")) == str(payload.get("toStateCode"))
    for item in items:
        if not HSN_CODE.match(str(item.get("hsnCode") or "")):
            codes.append("216")
        central, state, integrated = (
            _number(item.get(name)) for name in ("cgstRate", "sgstRate", "igstRate")
        )
        if intra_state and integrated > 0:
            codes.append("218")
        if not intra_state and (central > 0 or state > 0):
            codes.append("219")
        if central != state:
            codes.append("251")
        if (central + state + integrated) not in GST_RATES:
            codes.append("218" if intra_state else "219")
    codes += _cess_codes(payload, items)
    if "totalValue" in payload:
        taxes = sum(
            _number(payload.get(name))
            for name in ("cgstValue", "sgstValue", "igstValue", "cessValue", "cessNonAdvolValue")
        )
        floor = _number(payload.get("totalValue")) + taxes + _number(payload.get("otherValue"))
        if _number(payload.get("totInvValue")) + 1 < floor:
            codes.append("620")
    return codes


def _cess_codes(payload, items):
    """Cess arithmetic: the header's cess is the items' taxable amounts at their cess rates, and the header's
    non-advol cess the sum of the items' (within a rupee)."""
    codes = []
    cess = sum(_number(item.get("taxableAmount")) * _number(item.get("cessRate")) / 100 for item in items)
    if abs(_number(payload.get("cessValue")) - cess) > TOLERANCE:
        codes.append("CESS_VALUE")
    non_advol = sum(_number(item.get("cessNonadvol")) for item in items)
    if abs(_number(payload.get("cessNonAdvolValue")) - non_advol) > TOLERANCE:
        codes.append("CESS_NON_ADVOL_VALUE")
    return codes


def check_generate(payload, user_gstin, now, route_km=None):
    """Return the sorted, de-duplicated error codes NIC would give for this GENEWAYBILL payload."""
    if not isinstance(payload, dict):
        return ["100"]
    today = now.astimezone(IST).date()
    codes = (
        _document_codes(payload, today)
        + _party_codes(payload, user_gstin)
        + _transport_codes(payload, route_km)
        + _item_codes(payload)
    )
    return sorted(set(codes), key=codes.index)
