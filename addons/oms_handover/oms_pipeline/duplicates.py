"""Duplicate-order check (seed 004): another open order of the same customer with the same lines.

Two orders are duplicates when they hold the same multiset of (product, quantity) pairs: same products,
same quantities, same number of lines for each, in any order. ``5``, ``5.0`` and ``Decimal("5.00")`` are
the same quantity. An order without lines is never a duplicate.
"""

from collections import Counter

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _

MSG_DUPLICATE_ORDERS = _(
    "Possible duplicate: %(orders)s has the same products and quantities as this order."
    " Check with the customer, then acknowledge the warning to continue."
)


def _line_multiset(lines):
    """Counter of (product_id, quantity) pairs; equal numbers hash alike, so 5 and 5.0 count as one."""
    return Counter((product_id, quantity) for product_id, quantity in lines)


def find_duplicates(this_order_lines, other_open_orders):
    """Return the names of the other open orders whose lines duplicate this order's, in the given order.

    ``this_order_lines``: iterable of ``(product_id, quantity)``. ``other_open_orders``: iterable of
    ``(order_name, lines)``, lines in the same shape (the caller restricts them to the same customer).
    """
    this_lines = _line_multiset(this_order_lines)
    if not this_lines:
        return ()
    return tuple(name for name, lines in other_open_orders if _line_multiset(lines) == this_lines)


def duplicate_warning(order_names):
    """Return the warning :class:`Message` naming the duplicate orders, or None when there are none."""
    if not order_names:
        return None
    return Message(MSG_DUPLICATE_ORDERS, orders=", ".join(order_names))
