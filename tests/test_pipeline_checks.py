"""Duplicate orders, back-dating, requested date and cancel rules."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from oms_pipeline.cancel import MSG_ALREADY_DISPATCHED, check_cancel
from oms_pipeline.dates import check_backdating, default_requested_date
from oms_pipeline.duplicates import duplicate_warning, find_duplicates
from oms_pipeline.stages import CANCELLED, STAGE_CODES

# --- duplicates -------------------------------------------------------------------------------------------

THIS_ORDER = [(1, 5), (2, 10)]


def test_same_lines_in_any_order_and_number_type_are_duplicates():
    others = [
        ("S001", [(2, 10.0), (1, Decimal("5.00"))]),
        ("S002", [(1, 5), (2, 11)]),
        ("S003", [(1, 5)]),
        ("S004", [(1, 5), (2, 10), (3, 1)]),
        ("S005", [(1, 5), (2, 10)]),
    ]
    assert find_duplicates(THIS_ORDER, others) == ("S001", "S005")


def test_multiset_counts_repeated_lines():
    assert find_duplicates([(1, 5), (1, 5)], [("S1", [(1, 5)]), ("S2", [(1, 5), (1, 5)])]) == ("S2",)
    assert find_duplicates([(1, 5), (1, 5)], [("S3", [(1, 10)])]) == ()


def test_empty_order_is_never_a_duplicate():
    assert find_duplicates([], [("S1", [])]) == ()


def test_duplicate_warning_names_the_orders():
    assert duplicate_warning(()) is None
    warning = duplicate_warning(("S001", "S005"))
    assert "S001, S005" in warning
    assert warning.params == {"orders": "S001, S005"}


# --- dates ------------------------------------------------------------------------------------------------

TODAY = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("order_date", "refused"),
    [
        (date(2025, 6, 30), False),
        (date(2025, 7, 5), False),
        (date(2025, 4, 1), False),  # exactly 90 days back
        (date(2025, 3, 31), True),  # 91 days back
        (datetime(2025, 3, 31, 23, 59), True),
    ],
)
def test_backdating_limit(order_date, refused):
    assert (check_backdating(order_date, TODAY) is not None) is refused


def test_backdating_message_is_clear():
    message = check_backdating(date(2025, 3, 1), TODAY)
    assert message == (
        "Order date 2025-03-01 is 121 days in the past; an order may be back-dated by at most 90 days"
        " (earliest allowed date: 2025-04-01)"
    )


def test_backdating_limit_is_configurable():
    assert check_backdating(date(2025, 6, 20), TODAY, max_days=7) is not None
    assert check_backdating(date(2025, 6, 23), TODAY, max_days=7) is None


def test_default_requested_date():
    assert default_requested_date(date(2025, 12, 30)) == date(2026, 1, 2)
    assert default_requested_date(date(2025, 6, 30), lead_days=10) == date(2025, 7, 10)
    assert default_requested_date(datetime(2025, 2, 27, 9, 0)) == datetime(2025, 3, 2, 9, 0)
    with pytest.raises(TypeError):
        default_requested_date("2025-06-30")


# --- cancel -----------------------------------------------------------------------------------------------

OPEN_STAGES = [code for code in STAGE_CODES if code != "customer_feedback"]


@pytest.mark.parametrize("code", [None, *OPEN_STAGES])
def test_open_order_with_reason_and_nothing_dispatched_can_be_cancelled(code):
    assert check_cancel(code, 0, True) is None


@pytest.mark.parametrize("code", ["partial_dispatch", "complete_dispatch", "eway_bill"])
def test_cancel_blocked_after_dispatch(code):
    message = check_cancel(code, 0.5, True)
    assert message == "Order cannot be cancelled: goods have already been dispatched"
    assert message.template == MSG_ALREADY_DISPATCHED


def test_cancel_needs_a_reason():
    assert check_cancel("shipment", 0, False) == "Choose a cancel reason to cancel the order"


def test_cancel_refused_from_closed_orders():
    assert check_cancel(CANCELLED, 0, True) == "Order is already cancelled"
    assert check_cancel("customer_feedback", 0, True) == (
        "Order cannot be cancelled: it is closed at Customer Feedback"
    )


def test_cancel_unknown_stage_is_an_error():
    with pytest.raises(ValueError):
        check_cancel("shipped", 0, True)
