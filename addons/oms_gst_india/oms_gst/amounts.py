"""Money arithmetic shared by the GST cores.

Amounts are ``decimal.Decimal`` throughout, because binary floats cannot hold paise exactly and
the IRP compares totals to the paisa. GST practice rounds half up, not half to even.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PAISA = Decimal("0.01")
ZERO = Decimal("0")


def to_decimal(value, what="amount"):
    """Return ``value`` (Decimal, int, str or float) as a Decimal.

    Floats go through ``str`` so that ``0.1`` becomes ``Decimal("0.1")``, not its binary expansion.
    ``what`` names the value in the error raised for anything that is not a number.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        # bool is an int subclass and None is Odoo's "empty"; both hide a missing value.
        raise ValueError(f"The {what} must be a number, got {value!r}")
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise ValueError(f"The {what} must be a number, got {value!r}") from None
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        raise ValueError(f"The {what} must be a number, got {value!r}")
    if not result.is_finite():
        raise ValueError(f"The {what} must be a finite number, got {value!r}")
    return result


def round_amount(value, places=2):
    """Round ``value`` half up to ``places`` decimals (2 for rupees and paise, 3 for quantities)."""
    exponent = Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def json_number(value, places=2):
    """``value`` rounded half up to ``places`` decimals as a JSON number (float), never ``-0.0``."""
    number = float(round_amount(value, places))
    return number if number else 0.0
