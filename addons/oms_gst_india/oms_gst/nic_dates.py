"""NIC's dates in one place: India Standard Time, the dd/mm/yyyy dates of the IRP and EWB payloads, and the
date-times their replies carry.

Both NIC systems count days in IST and write dates day first; every builder, client and validator of the
suite formats and reads them through these functions.
"""

from datetime import date, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")
NIC_DATE_FORMAT = "%d/%m/%Y"
# IRP replies write ``2025-05-11 12:52:00``; EWB replies ``11/05/2025 12:52:00 PM`` (seconds or not).
_NIC_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %I:%M %p",
)


def nic_date(value, empty=""):
    """Return ``value`` written as NIC dates are (dd/mm/yyyy).

    A date (or datetime) is formatted; text is passed through as already formatted; a missing value
    gives ``empty`` ("" for the EWB payload, None where an empty field must be left out).
    """
    if isinstance(value, date):
        return value.strftime(NIC_DATE_FORMAT)
    return str(value) if value else empty


def parse_nic_date(text):
    """Return the date of a dd/mm/yyyy text; raise ValueError for anything else (2025-07-01, 1/7/25)."""
    text = str(text or "").strip()
    if len(text) != 10:
        raise ValueError(f"NIC dates are written dd/mm/yyyy, got {text!r}")
    return datetime.strptime(text, NIC_DATE_FORMAT).date()


def parse_nic_datetime(text):
    """Parse NIC's date-times (IRP ``2025-05-11 12:52:00``, EWB ``11/05/2025 12:52:00 PM``) as IST."""
    for pattern in _NIC_DATETIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=IST)
        except ValueError:
            continue
    raise ValueError(f"unrecognised NIC date-time {text!r}")


def now_ist():
    """Current time as an aware datetime in IST."""
    return datetime.now(IST)


def today_ist():
    """Today's date in IST, the day NIC's document-age rules count from."""
    return now_ist().date()


def nic_to_utc(text):
    """NIC's IST date-time text (IRP or EWB reply) as the naive UTC datetime Odoo stores; False for none."""
    if not text:
        return False
    return parse_nic_datetime(text).astimezone(timezone.utc).replace(tzinfo=None)


def utc_aware(value):
    """A datetime Odoo stores (naive UTC) as an aware one, for the rules that compare it with NIC's; None
    for none."""
    return value.replace(tzinfo=timezone.utc) if value else None
