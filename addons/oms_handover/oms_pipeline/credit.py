"""Credit checks: receivable ageing and the credit-limit / overdue hold (seeds 001 and 004).

Ageing buckets, by days past the due date on ``today``:

* ``not_due``: due today or later (nothing is overdue on its due date);
* ``0-30``: 1 to 30 days overdue (the label is the one accountants expect on an ageing report);
* ``31-60``, ``61-90``: 31 to 60 and 61 to 90 days overdue;
* ``90+``: more than 90 days overdue.

Amounts may be ``Decimal`` or ``float`` (use one type per call); negative residuals (credit notes, advances)
are kept and reduce their bucket.
"""

from dataclasses import dataclass

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _, format_amount

AGEING_BUCKETS = ("not_due", "0-30", "31-60", "61-90", "90+")

MSG_LIMIT_EXCEEDED = _(
    "Credit limit exceeded: exposure %(exposure)s (receivable %(receivable)s + open orders %(open_orders)s"
    " + this order %(this_order)s) is above the limit of %(limit)s by %(excess)s"
)
MSG_OVERDUE = _(
    "Oldest unpaid invoice is %(days)s days overdue; at most %(allowed)s days are allowed"
    " (overdue receivable: %(amount)s)"
)
MSG_OVERDUE_NO_AMOUNT = _(
    "Oldest unpaid invoice is %(days)s days overdue; at most %(allowed)s days are allowed"
)


def days_overdue(due_date, today):
    """Days past ``due_date`` on ``today``; zero or negative when not yet overdue, 0 without a due date."""
    if due_date is None:
        return 0
    return (today - due_date).days


def _bucket_for(days):
    """Ageing bucket label for a number of days overdue."""
    if days <= 0:
        return "not_due"
    if days <= 30:
        return "0-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


def ageing_buckets(open_invoices, today):
    """Sum open invoices into ageing buckets.

    ``open_invoices``: iterable of ``(amount_residual, due_date)``; ``due_date`` None counts as not due.
    Returns a dict with every key of ``AGEING_BUCKETS`` (zero when empty), see the module docstring.
    """
    buckets = dict.fromkeys(AGEING_BUCKETS, 0)
    for amount_residual, due_date in open_invoices:
        label = _bucket_for(days_overdue(due_date, today))
        buckets[label] = buckets[label] + amount_residual
    return buckets


def oldest_overdue_days(open_invoices, today):
    """Days overdue of the oldest open invoice with a positive residual; 0 when nothing is overdue."""
    days = [days_overdue(due, today) for amount, due in open_invoices if amount > 0]
    return max([0, *days])


@dataclass(frozen=True)
class CreditResult:
    """Outcome of :func:`credit_check`: ``passed``, total ``exposure`` and the ``reasons`` for a hold
    (tuple of :class:`Message`, empty when passed)."""

    passed: bool
    exposure: object
    reasons: tuple = ()


def credit_check(
    limit,
    receivable,
    open_uninvoiced_orders,
    this_order,
    oldest_overdue_days,
    allowed_overdue_days,
    overdue_amount=None,
):
    """Check a customer's credit before an order leaves Sale Order.

    ``exposure = receivable + open_uninvoiced_orders + this_order``, where ``open_uninvoiced_orders`` is
    the total of the customer's other confirmed orders not yet invoiced. The order is held when
    ``limit`` is set (None or 0 means no limit) and exposure is above it, or when ``oldest_overdue_days``
    is above ``allowed_overdue_days`` (None means no ageing check). ``overdue_amount``, when given, is
    quoted in the overdue reason. Raises ``ValueError`` for a negative limit.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"Credit limit cannot be negative: {limit}")
    exposure = receivable + open_uninvoiced_orders + this_order
    reasons = []
    if limit and exposure > limit:
        reasons.append(
            Message(
                MSG_LIMIT_EXCEEDED,
                exposure=format_amount(exposure),
                receivable=format_amount(receivable),
                open_orders=format_amount(open_uninvoiced_orders),
                this_order=format_amount(this_order),
                limit=format_amount(limit),
                excess=format_amount(exposure - limit),
            )
        )
    if allowed_overdue_days is not None and oldest_overdue_days > allowed_overdue_days:
        params = {"days": oldest_overdue_days, "allowed": allowed_overdue_days}
        if overdue_amount is None:
            reasons.append(Message(MSG_OVERDUE_NO_AMOUNT, **params))
        else:
            reasons.append(Message(MSG_OVERDUE, amount=format_amount(overdue_amount), **params))
    return CreditResult(passed=not reasons, exposure=exposure, reasons=tuple(reasons))
