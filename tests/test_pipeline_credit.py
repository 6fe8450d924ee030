"""Credit ageing buckets and the credit-limit / overdue hold."""

from datetime import date
from decimal import Decimal

import pytest

from oms_pipeline.credit import (
    AGEING_BUCKETS,
    MSG_LIMIT_EXCEEDED,
    ageing_buckets,
    credit_check,
    oldest_overdue_days,
)

TODAY = date(2025, 6, 30)


def test_buckets_on_fixed_dates():
    invoices = [
        (Decimal("100"), date(2025, 7, 15)),  # not due
        (Decimal("50"), date(2025, 6, 30)),  # due today: not overdue yet
        (Decimal("10"), None),  # no due date: not due
        (Decimal("200"), date(2025, 6, 29)),  # 1 day
        (Decimal("300"), date(2025, 5, 31)),  # 30 days
        (Decimal("400"), date(2025, 5, 30)),  # 31 days
        (Decimal("500"), date(2025, 5, 1)),  # 60 days
        (Decimal("600"), date(2025, 4, 30)),  # 61 days
        (Decimal("700"), date(2025, 4, 1)),  # 90 days
        (Decimal("800"), date(2025, 3, 31)),  # 91 days
        (Decimal("-25"), date(2025, 3, 1)),  # credit note, 121 days
    ]
    assert ageing_buckets(invoices, TODAY) == {
        "not_due": Decimal("160"),
        "0-30": Decimal("500"),
        "31-60": Decimal("900"),
        "61-90": Decimal("1300"),
        "90+": Decimal("775"),
    }


def test_empty_buckets_are_zero():
    assert ageing_buckets([], TODAY) == dict.fromkeys(AGEING_BUCKETS, 0)


def test_buckets_with_floats():
    assert ageing_buckets([(10.5, date(2025, 6, 1)), (0.25, date(2025, 6, 20))], TODAY)["0-30"] == 10.75


def test_oldest_overdue_days_ignores_credits_and_not_due():
    invoices = [(100, date(2025, 7, 10)), (-50, date(2025, 1, 1)), (20, date(2025, 6, 10))]
    assert oldest_overdue_days(invoices, TODAY) == 20
    assert oldest_overdue_days([(100, date(2025, 7, 10))], TODAY) == 0
    assert oldest_overdue_days([], TODAY) == 0


def test_within_limit_passes():
    result = credit_check(100000, 40000, 30000, 30000, 0, 30)
    assert result.passed
    assert result.exposure == 100000
    assert result.reasons == ()


def test_over_limit_is_held_with_amounts():
    result = credit_check(Decimal("100000"), Decimal("60000"), Decimal("30000"), Decimal("30000"), 10, 30)
    assert not result.passed
    assert result.exposure == Decimal("120000")
    assert result.reasons == (
        "Credit limit exceeded: exposure 120,000.00 (receivable 60,000.00 + open orders 30,000.00"
        " + this order 30,000.00) is above the limit of 100,000.00 by 20,000.00",
    )
    assert result.reasons[0].template == MSG_LIMIT_EXCEEDED


@pytest.mark.parametrize("limit", [0, None])
def test_no_limit(limit):
    assert credit_check(limit, 10**9, 10**9, 10**9, 0, None).passed


def test_overdue_beyond_allowed_is_held():
    result = credit_check(None, 0, 0, 500, 45, 30, overdue_amount=1234.5)
    assert not result.passed
    assert result.reasons == (
        "Oldest unpaid invoice is 45 days overdue; at most 30 days are allowed"
        " (overdue receivable: 1,234.50)",
    )


def test_overdue_exactly_allowed_passes_and_no_ageing_rule_passes():
    assert credit_check(None, 0, 0, 500, 30, 30).passed
    assert credit_check(None, 0, 0, 500, 400, None).passed


def test_both_reasons_are_given():
    result = credit_check(1000, 900, 0, 200, 61, 60)
    assert not result.passed
    assert len(result.reasons) == 2
    assert result.reasons[1] == "Oldest unpaid invoice is 61 days overdue; at most 60 days are allowed"


def test_negative_limit_is_an_error():
    with pytest.raises(ValueError):
        credit_check(-1, 0, 0, 0, 0, None)
