"""Duplicate-order check: is this order another copy of an open order of the same customer?

Two rules, each enough on its own:

- **Same customer PO reference.** The customer's purchase order number is unique on the customer's side,
  so a second open order carrying it is almost always the same order keyed twice. References are compared
  without case and extra spaces (``po/ 4711`` is ``PO/4711``); an empty reference matches nothing. No time
  window applies: only open orders are compared, and a customer that restarts its numbering each financial
  year has closed last year's orders by then.
- **Similar lines within a window.** The same products, each in a total quantity within a tolerance of
  the other order's (``tolerance_percent`` of the larger quantity; 0 means equal), ordered within
  ``window_days`` of each other (0 means any time). Several lines of one product count as their total, and
  ``5``, ``5.0`` and ``Decimal("5.00")`` are the same quantity. An order without lines never matches on
  lines.

The caller gives the other open orders of the same customer and company; what to do with a match
(acknowledge it, or add this order's lines to the earlier one) is the Odoo layer's.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _

SAME_REFERENCE = "same_reference"
SIMILAR_LINES = "similar_lines"

MSG_DUPLICATE_ORDERS = _(
    "Possible duplicate: %(matches)s. Check with the customer, then acknowledge the warning or add this"
    " order's lines to the earlier order."
)
MSG_SAME_REFERENCE = _("%(order)s has the same customer PO reference (%(reference)s)")
MSG_SIMILAR_LINES = _("%(order)s has the same products in similar quantities")


@dataclass(frozen=True)
class OrderFacts:
    """What the check compares of one order. ``lines``: iterable of ``(product_id, quantity)``."""

    name: str
    po_reference: str | None
    order_date: date | None
    lines: tuple


@dataclass(frozen=True)
class DuplicateMatch:
    name: str
    rule: str
    reference: str = ""


def normalise_reference(reference):
    """``" po/ 4711 "`` -> ``"PO/4711"``: case and spaces are how the same number gets keyed differently."""
    return "".join((reference or "").split()).upper()


def _quantities(lines):
    totals = defaultdict(float)
    for product_id, quantity in lines:
        totals[product_id] += float(quantity)
    return dict(totals)


def similar_lines(these, those, tolerance_percent=0.0):
    """True when both hold the same products, each total within the tolerance of the other's."""
    mine, theirs = _quantities(these), _quantities(those)
    if not mine or mine.keys() != theirs.keys():
        return False
    for product_id, quantity in mine.items():
        other = theirs[product_id]
        allowed = max(abs(quantity), abs(other)) * tolerance_percent / 100.0
        if abs(quantity - other) > allowed + 1e-9:
            return False
    return True


def _within_window(this_date, other_date, window_days):
    if not window_days or this_date is None or other_date is None:
        return True
    return abs((this_date - other_date).days) <= window_days


def find_duplicates(order, others, window_days=0, tolerance_percent=0.0):
    """The matches among ``others`` (``OrderFacts``), in their given order; the reference rule first."""
    reference = normalise_reference(order.po_reference)
    matches = []
    for other in others:
        if reference and normalise_reference(other.po_reference) == reference:
            matches.append(DuplicateMatch(other.name, SAME_REFERENCE, order.po_reference.strip()))
        elif _within_window(order.order_date, other.order_date, window_days) and similar_lines(
            order.lines, other.lines, tolerance_percent
        ):
            matches.append(DuplicateMatch(other.name, SIMILAR_LINES))
    return tuple(matches)


def duplicate_warning(matches):
    """The warning :class:`Message` naming each match and its rule, or None when there are none."""
    if not matches:
        return None
    described = "; ".join(
        Message(MSG_SAME_REFERENCE, order=match.name, reference=match.reference)
        if match.rule == SAME_REFERENCE
        else Message(MSG_SIMILAR_LINES, order=match.name)
        for match in matches
    )
    return Message(MSG_DUPLICATE_ORDERS, matches=described)
