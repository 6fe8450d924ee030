"""E-way bill rules: validity, time windows, threshold, reason codes and the checks of a GENEWAYBILL payload
(built by :mod:`.ewb_payload`).

Pure functions over plain values. Date-times must be timezone-aware; results are
in IST (UTC+5:30), the zone NIC counts days in.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from .nic_dates import IST, parse_nic_date, today_ist

KM_PER_VALIDITY_DAY = 200
ODC_KM_PER_VALIDITY_DAY = 20
EXTENSION_WINDOW = timedelta(hours=8)
CANCEL_WINDOW = timedelta(hours=24)
MAX_DOCUMENT_AGE_DAYS = 180
SAME_PINCODE_MAX_KM = 100
INTERSTATE_THRESHOLD = 50000


class IrnCancelReason(IntEnum):
    """``CnlRsn`` of the IRP's cancel API. 2 and 3 are swapped compared to :class:`EwbCancelReason`."""

    DUPLICATE = 1
    DATA_ENTRY_MISTAKE = 2
    ORDER_CANCELLED = 3
    OTHERS = 4


class EwbCancelReason(IntEnum):
    """``cancelRsnCode`` of CANEWB. 2 and 3 are swapped compared to :class:`IrnCancelReason`."""

    DUPLICATE = 1
    ORDER_CANCELLED = 2
    DATA_ENTRY_MISTAKE = 3
    OTHERS = 4


class VehicleUpdateReason(IntEnum):
    """``reasonCode`` of VEHEWB (update Part-B)."""

    BREAKDOWN = 1
    TRANSSHIPMENT = 2
    OTHERS = 3
    FIRST_TIME = 4


class ExtensionReason(IntEnum):
    """``extnRsnCode`` of EXTENDVALIDITY (3 is not used by NIC)."""

    NATURAL_CALAMITY = 1
    LAW_AND_ORDER = 2
    TRANSSHIPMENT = 4
    ACCIDENT = 5
    OTHERS = 99


class TransportMode(IntEnum):
    """``transMode`` codes."""

    ROAD = 1
    RAIL = 2
    AIR = 3
    SHIP = 4


class TransactionType(IntEnum):
    """``transactionType`` codes."""

    REGULAR = 1
    BILL_TO_SHIP_TO = 2
    BILL_FROM_DISPATCH_FROM = 3
    BILL_TO_SHIP_TO_AND_BILL_FROM_DISPATCH_FROM = 4


def _require_aware(moment, name):
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(IST)


def validity_days(distance_km, odc=False):
    """Days of validity: 1 per 200 km or part of it (1 per 20 km for over-dimensional cargo), at least 1."""
    per_day = ODC_KM_PER_VALIDITY_DAY if odc else KM_PER_VALIDITY_DAY
    return max(1, math.ceil(max(0, distance_km) / per_day))


def validity_until(generated_at, distance_km, odc=False):
    """End of validity: 23:59:59 IST of the last valid day.

    A day runs to midnight of the day after generation (rule 138(10)), so a
    1-day bill made on the 1st at 10:00 is valid until the 2nd, 23:59:59.
    """
    generated_ist = _require_aware(generated_at, "generated_at")
    last_day = generated_ist.date() + timedelta(days=validity_days(distance_km, odc))
    return datetime.combine(last_day, time(23, 59, 59), tzinfo=IST)


def can_extend(valid_until, now):
    """True from 8 h before to 8 h after the expiry, the only time NIC accepts EXTENDVALIDITY."""
    expiry = _require_aware(valid_until, "valid_until")
    current = _require_aware(now, "now")
    return expiry - EXTENSION_WINDOW <= current <= expiry + EXTENSION_WINDOW


def can_cancel(generated_at, now):
    """True within 24 h of generation (the same window applies to IRNs and e-way bills)."""
    generated = _require_aware(generated_at, "generated_at")
    return timedelta(0) <= _require_aware(now, "now") - generated <= CANCEL_WINDOW


@dataclass
class EwbThresholds:
    """Values above which a consignment needs an e-way bill; ``None`` for a state means never intra-state."""

    interstate: float = INTERSTATE_THRESHOLD
    intrastate_default: float = INTERSTATE_THRESHOLD
    intrastate_by_state: dict = field(default_factory=dict)


def ewb_threshold(interstate, state_code, thresholds=None):
    """The value above which a consignment needs an e-way bill (None: never, intra-state in that state).

    ``state_code`` is the GST state code ("27" or 27) where an intra-state move happens.
    """
    thresholds = thresholds or EwbThresholds()
    if interstate:
        return thresholds.interstate
    key = f"{int(state_code):02d}" if str(state_code).isdigit() else str(state_code)
    return thresholds.intrastate_by_state.get(key, thresholds.intrastate_default)


def is_ewb_required(value, interstate, state_code, thresholds=None):
    """True when a consignment of ``value`` rupees needs an e-way bill (see :func:`ewb_threshold`)."""
    limit = ewb_threshold(interstate, state_code, thresholds)
    return limit is not None and value > limit


@dataclass
class EwbTransport:
    """Part-B. Leave ``mode`` None and ``vehicle_number`` empty for a Part-A-only bill."""

    distance_km: int
    mode: int = None
    transporter_id: str = ""
    transporter_name: str = ""
    document_number: str = ""
    document_date: date = None
    vehicle_number: str = ""
    odc: bool = False


_DOCUMENT_NUMBER = re.compile(r"^[A-Za-z0-9/-]{1,16}$")


def validate_ewb_payload(payload, today=None):
    """Return the list of rule violations of a GENEWAYBILL payload (empty when it may be sent).

    Each message names the rule and the fix. ``today`` (a date) defaults to today in IST.
    """
    today = today or today_ist()
    problems = []
    mode = str(payload.get("transMode") or "")
    vehicle = payload.get("vehicleNo") or ""
    if mode == str(TransportMode.ROAD) and not vehicle:
        problems.append("Transport by road needs a vehicle number: enter the vehicle or leave Part-B empty.")
    if mode in {str(TransportMode.RAIL), str(TransportMode.AIR), str(TransportMode.SHIP)} and not payload.get(
        "transDocNo"
    ):
        problems.append("Transport by rail, air or ship needs the transport document number (RR/AWB/BL).")
    if payload.get("vehicleType") == "O" and mode != str(TransportMode.ROAD):
        problems.append("Over-dimensional cargo can only travel by road: set the transport mode to road.")
    if not mode and not vehicle and not payload.get("transporterId"):
        problems.append("A Part-A-only e-way bill needs the transporter's GSTIN/TRANSIN as transporter ID.")
    if not _DOCUMENT_NUMBER.match(str(payload.get("docNo") or "")):
        problems.append("Document number must be 1-16 letters, digits, '/' or '-'.")
    try:
        document_date = parse_nic_date(payload.get("docDate"))
    except ValueError:
        problems.append("Document date must be given as dd/mm/yyyy.")
    else:
        if document_date > today:
            problems.append("Document date cannot be in the future.")
        elif (today - document_date).days > MAX_DOCUMENT_AGE_DAYS:
            problems.append("The document is older than 180 days; NIC refuses e-way bills for it.")
    distance = int(payload.get("transDistance") or 0)
    if payload.get("fromPincode") == payload.get("toPincode") and not 1 <= distance <= SAME_PINCODE_MAX_KM:
        problems.append("Same pincode at both ends: enter a distance between 1 and 100 km.")
    if not payload.get("itemList"):
        problems.append("An e-way bill needs at least one item line.")
    problems += _sub_supply_problems(payload)
    return problems


# NIC's table of the document types each outward sub-supply type accepts (e-way bill system, "Supply type and
# document type mapping"): a supply on an invoice or bill of supply; goods moved without a supply on a
# delivery challan ("Others" also on an other document).
OUTWARD_DOCUMENT_TYPES = {
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
SUB_SUPPLY_OTHERS = "8"


def _sub_supply_problems(payload):
    if payload.get("supplyType") != "O":
        return []
    sub_supply = str(payload.get("subSupplyType") or "")
    allowed = OUTWARD_DOCUMENT_TYPES.get(sub_supply)
    problems = []
    if allowed is None:
        problems.append(f"Sub-supply type {sub_supply!r} is not one of NIC's outward sub-supply types.")
    elif payload.get("docType") not in allowed:
        problems.append(
            f"Document type {payload.get('docType')} does not go with sub-supply type {sub_supply}: use "
            f"{' or '.join(sorted(allowed))}."
        )
    if sub_supply == SUB_SUPPLY_OTHERS and not str(payload.get("subSupplyDesc") or "").strip():
        problems.append("Sub-supply type 8 (Others) needs a description of why the goods move.")
    return problems
