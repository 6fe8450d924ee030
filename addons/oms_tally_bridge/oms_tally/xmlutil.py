"""Small formatting helpers shared by the XML builders."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

PAISA = Decimal("0.01")

# Tally writes some system values as "&#4; Any", which is not legal XML, so lxml cannot
# hold it: builders use this private-use character and serialisation turns it into &#4;.
SYSTEM_NAME_MARKER = "\ue004"

_ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value) -> str:
    """Return ``value`` as text without the control characters XML 1.0 forbids."""
    if value is None:
        return ""
    return _ILLEGAL_XML_CHARS.sub("", str(value))


def to_decimal(value) -> Decimal:
    """Convert ints, strings, floats and Decimals to Decimal without float noise."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value if value is not None else 0))


def money(value) -> Decimal:
    """Round an amount to the paisa, half up, as accounting does."""
    return to_decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def format_amount(value) -> str:
    """Tally amount: two decimals, sign kept (``-1180.00``)."""
    return f"{money(value):f}"


def format_date(value: datetime.date) -> str:
    """Tally date: ``YYYYMMDD``."""
    return value.strftime("%Y%m%d")


def _plain_number(value) -> str:
    text = f"{to_decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_quantity(quantity, unit: str) -> str:
    """Tally quantity: a leading space, the number and the unit (``" 100 Nos"``)."""
    return f" {_plain_number(quantity)} {unit}"


def format_rate(rate, unit: str) -> str:
    """Tally rate: at least two decimals, then ``/unit`` (``"100.00/Nos"``)."""
    value = to_decimal(rate)
    if value == value.quantize(PAISA):
        value = value.quantize(PAISA)
    return f"{value:f}/{unit}"


def format_percent(rate) -> str:
    """A GST rate without trailing zeros (``18``, ``0.25``)."""
    return _plain_number(rate)


def yes_no(flag: bool) -> str:
    """Tally logical value."""
    return "Yes" if flag else "No"


def add(parent, tag: str, text=None, **attributes):
    """Append a child element with cleaned text and attributes; return it."""
    element = etree.SubElement(parent, tag, {key: clean_text(val) for key, val in attributes.items()})
    if text is not None:
        element.text = clean_text(text)
    return element
