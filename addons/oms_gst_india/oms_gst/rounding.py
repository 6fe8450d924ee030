"""Rounding of an invoice total to the rupee, as GST invoices are usually issued.

The IRP accepts a round-off (``ValDtls.RndOffAmt``) only within plus or minus 99.99.
"""

from decimal import ROUND_HALF_UP, Decimal

from .amounts import round_amount, to_decimal

MAX_ROUND_OFF = Decimal("99.99")
_RUPEE = Decimal("1")


class RoundingError(ValueError):
    """A round-off outside what the IRP accepts."""


def round_invoice_total(total):
    """Round ``total`` to the nearest rupee, half up; return ``(rounded_total, round_off)``.

    ``total`` is first taken to the paisa, so ``rounded_total == total + round_off`` holds for
    the amount printed on the invoice. 1234.50 gives (1235, 0.50); 1234.49 gives (1234, -0.49).
    """
    exact = round_amount(total)
    rounded = exact.quantize(_RUPEE, rounding=ROUND_HALF_UP)
    round_off = check_round_off(rounded - exact)
    return round_amount(rounded), round_off


def check_round_off(round_off):
    """Return ``round_off`` to the paisa, or raise :class:`RoundingError` beyond plus or minus 99.99."""
    amount = round_amount(to_decimal(round_off, "round-off"))
    if abs(amount) > MAX_ROUND_OFF:
        raise RoundingError(
            f"Round-off {amount} is outside the range the IRP accepts (-99.99 to 99.99); "
            "correct the invoice total or the rounding line"
        )
    return amount
