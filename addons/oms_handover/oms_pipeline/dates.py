"""Order-date rules (seed 004): limited back-dating and the default requested date."""

from datetime import date, datetime, timedelta

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _

DEFAULT_MAX_BACKDATE_DAYS = 90
DEFAULT_LEAD_DAYS = 3

MSG_BACKDATED = _(
    "Order date %(order_date)s is %(days)s days in the past; an order may be back-dated by at most"
    " %(max_days)s days (earliest allowed date: %(earliest)s)"
)


def _as_date(value):
    """Date part of a date or datetime (a datetime is also a date, so test it first)."""
    return value.date() if isinstance(value, datetime) else value


def check_backdating(order_date, today, max_days=DEFAULT_MAX_BACKDATE_DAYS):
    """Return a :class:`Message` when ``order_date`` is more than ``max_days`` before ``today``, else None.

    Exactly ``max_days`` back is still allowed; future dates are not back-dating and pass. Accepts dates or
    datetimes (only the date part counts).
    """
    order_day, today_day = _as_date(order_date), _as_date(today)
    days_back = (today_day - order_day).days
    if days_back <= max_days:
        return None
    earliest = today_day - timedelta(days=max_days)
    return Message(
        MSG_BACKDATED,
        order_date=order_day.isoformat(),
        days=days_back,
        max_days=max_days,
        earliest=earliest.isoformat(),
    )


def default_requested_date(order_date, lead_days=DEFAULT_LEAD_DAYS):
    """Default requested (delivery) date: ``order_date`` plus ``lead_days`` calendar days.

    Keeps the type given: a date gives a date, a datetime a datetime.
    """
    if not isinstance(order_date, date):
        raise TypeError(f"order_date must be a date or datetime, not {type(order_date).__name__}")
    return order_date + timedelta(days=lead_days)
