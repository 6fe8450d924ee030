"""Dispatch tranches: cumulative dispatched never exceeds ordered on any line (seed 002, Partial Dispatch).

Quantities are ``Decimal`` or ``float`` (one type per call). ``rounding`` is the unit of measure's rounding
(Odoo's ``uom.rounding``), a number for every line or a mapping line key -> number: like Odoo's
``float_compare``, two quantities closer than half of it count as equal, so 10.004 of 10 ordered at a
rounding of 0.01 is not an over-dispatch.
"""

from collections.abc import Mapping

# The core has no Odoo environment: `_` only marks templates for extraction (see errors._).
# pylint: disable=prefer-env-translation
from .errors import LogisticsError, _

DEFAULT_ROUNDING = 0.01

MSG_UNKNOWN_LINE = _("Line %(line)s is not on the order")
MSG_NEGATIVE = _("Line %(line)s: the quantity to dispatch cannot be negative (%(quantity)s)")
MSG_NOTHING_TO_DISPATCH = _("Nothing to dispatch: enter a quantity on at least one line")
MSG_OVER_DISPATCH = _(
    "Line %(line)s: dispatching %(quantity)s would bring the dispatched total to %(total)s,"
    " above the %(ordered)s ordered (%(remaining)s remain)"
)


class DispatchQuantityError(LogisticsError):
    """Raised when a dispatch tranche is empty, negative, or would dispatch more than was ordered."""


def _rounding_for(line_key, rounding):
    """Rounding of one line: from the mapping when one is given, else the single number."""
    if isinstance(rounding, Mapping):
        return rounding.get(line_key, DEFAULT_ROUNDING)
    return rounding or 0


def _is_above(value, limit, rounding):
    """True when ``value`` exceeds ``limit`` by at least half the rounding (exact compare without one)."""
    excess = value - limit
    return excess >= rounding / 2 if rounding else excess > 0


def _quantity_text(quantity):
    """Quantity for messages: ``5`` rather than ``5.0``; a Decimal as written."""
    if isinstance(quantity, float) and quantity.is_integer():
        return str(int(quantity))
    return str(quantity)


def plan_tranche(ordered, already_dispatched, requested, rounding=DEFAULT_ROUNDING, line_labels=None):
    """Validate one dispatch tranche and return it as ``{line_key: quantity}`` without its zero lines.

    ``ordered``, ``already_dispatched`` and ``requested`` map line keys to quantities (a line missing from
    ``already_dispatched`` has dispatched nothing). ``line_labels`` optionally maps line keys to the names
    used in messages (e.g. ``"3 (Widget 10mm)"``). Raises :class:`DispatchQuantityError` naming the line when
    a line is not ordered, a quantity is negative, every quantity is zero, or the cumulative dispatched
    quantity would exceed the ordered one.
    """
    labels = line_labels or {}
    tranche = {}
    for line_key, quantity in requested.items():
        label = labels.get(line_key, line_key)
        if line_key not in ordered:
            raise DispatchQuantityError(MSG_UNKNOWN_LINE, line=label)
        if quantity < 0:
            raise DispatchQuantityError(MSG_NEGATIVE, line=label, quantity=_quantity_text(quantity))
        if not quantity:
            continue
        dispatched = already_dispatched.get(line_key, 0)
        total = dispatched + quantity
        if _is_above(total, ordered[line_key], _rounding_for(line_key, rounding)):
            raise DispatchQuantityError(
                MSG_OVER_DISPATCH,
                line=label,
                quantity=_quantity_text(quantity),
                total=_quantity_text(total),
                ordered=_quantity_text(ordered[line_key]),
                remaining=_quantity_text(max(ordered[line_key] - dispatched, 0)),
            )
        tranche[line_key] = quantity
    if not tranche:
        raise DispatchQuantityError(MSG_NOTHING_TO_DISPATCH)
    return tranche


def remaining_quantities(ordered, dispatched):
    """Return ``{line_key: ordered - dispatched}`` for every ordered line, never below zero."""
    return {key: max(quantity - dispatched.get(key, 0), 0) for key, quantity in ordered.items()}


def is_fully_dispatched(ordered, dispatched, rounding=DEFAULT_ROUNDING):
    """Return True when every line with a positive ordered quantity is dispatched in full (within half the
    rounding). An order without such lines is not "fully dispatched": there was nothing to dispatch."""
    lines = [key for key, quantity in ordered.items() if quantity > 0]
    if not lines:
        return False
    return all(
        not _is_above(ordered[key], dispatched.get(key, 0), _rounding_for(key, rounding)) for key in lines
    )
