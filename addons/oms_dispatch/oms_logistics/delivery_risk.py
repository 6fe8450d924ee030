"""Delivery risk of an open order against the date agreed with the customer."""

from datetime import datetime

ON_TIME = "on_time"
AT_RISK = "at_risk"
LATE = "late"
DELIVERY_STATUSES = (ON_TIME, AT_RISK, LATE)


def _as_date(value):
    """Date part of a date or datetime (a datetime is also a date, so test it first)."""
    return value.date() if isinstance(value, datetime) else value


def delivery_status(agreed_date, today, expected_ready_date=None, at_risk_days=2, done=False):
    """Return ``'on_time'``, ``'at_risk'`` or ``'late'``.

    Rule, first match wins:

    1. ``done`` (delivered) or no ``agreed_date``: ``on_time``; nothing is left to be late;
    2. ``today`` after ``agreed_date``: ``late``;
    3. ``agreed_date`` within ``at_risk_days`` days of ``today`` (the agreed day itself included), or an
       ``expected_ready_date`` after ``agreed_date``: ``at_risk``;
    4. otherwise ``on_time``.

    Dates or datetimes are accepted; only the date part counts.
    """
    if done or not agreed_date:
        return ON_TIME
    agreed, current = _as_date(agreed_date), _as_date(today)
    if current > agreed:
        return LATE
    if (agreed - current).days <= at_risk_days:
        return AT_RISK
    if expected_ready_date and _as_date(expected_ready_date) > agreed:
        return AT_RISK
    return ON_TIME
