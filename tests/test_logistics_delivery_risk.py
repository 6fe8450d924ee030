"""Delivery risk against the agreed date."""

from datetime import date, datetime

import pytest

from oms_logistics.delivery_risk import AT_RISK, LATE, ON_TIME, delivery_status

TODAY = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("agreed", "expected_ready", "at_risk_days", "done", "status"),
    [
        (date(2025, 7, 10), None, 2, False, ON_TIME),
        (date(2025, 7, 3), None, 2, False, ON_TIME),
        (date(2025, 7, 2), None, 2, False, AT_RISK),
        (date(2025, 7, 1), None, 2, False, AT_RISK),
        (date(2025, 6, 30), None, 2, False, AT_RISK),  # due today, not late yet
        (date(2025, 6, 29), None, 2, False, LATE),
        (date(2025, 6, 29), None, 2, True, ON_TIME),  # delivered: nothing left to be late
        (date(2025, 7, 10), date(2025, 7, 11), 2, False, AT_RISK),  # will be ready after the agreed date
        (date(2025, 7, 10), date(2025, 7, 10), 2, False, ON_TIME),
        (date(2025, 7, 10), None, 10, False, AT_RISK),
        (date(2025, 7, 1), None, 0, False, ON_TIME),
        (None, None, 2, False, ON_TIME),
        (datetime(2025, 6, 29, 23, 0), None, 2, False, LATE),
    ],
)
def test_delivery_status_table(agreed, expected_ready, at_risk_days, done, status):
    assert delivery_status(agreed, TODAY, expected_ready, at_risk_days=at_risk_days, done=done) == status


def test_today_as_datetime():
    assert delivery_status(date(2025, 6, 30), datetime(2025, 6, 30, 18, 0)) == AT_RISK
