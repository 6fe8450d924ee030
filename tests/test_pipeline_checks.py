"""Duplicate orders, back-dating, requested date and cancel rules."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from oms_pipeline.cancel import MSG_ALREADY_DISPATCHED, check_cancel
from oms_pipeline.dates import check_backdating, default_requested_date
from oms_pipeline.duplicates import (
    SAME_REFERENCE,
    SIMILAR_LINES,
    DuplicateMatch,
    OrderFacts,
    duplicate_warning,
    find_duplicates,
    normalise_reference,
)
from oms_pipeline.stages import CANCELLED, STAGE_CODES

# --- duplicates -------------------------------------------------------------------------------------------

THIS_DAY = date(2025, 6, 30)


def facts(name="S000", lines=((1, 5), (2, 10)), reference=None, day=THIS_DAY):
    return OrderFacts(name, reference, day, tuple(lines))


THIS_ORDER = facts()


def names(matches):
    return tuple(match.name for match in matches)


def test_same_lines_in_any_order_and_number_type_are_duplicates():
    others = [
        facts("S001", [(2, 10.0), (1, Decimal("5.00"))]),
        facts("S002", [(1, 5), (2, 11)]),
        facts("S003", [(1, 5)]),
        facts("S004", [(1, 5), (2, 10), (3, 1)]),
        facts("S005", [(1, 5), (2, 10)]),
    ]
    assert names(find_duplicates(THIS_ORDER, others)) == ("S001", "S005")


def test_quantities_within_the_tolerance_are_similar():
    others = [facts("S001", [(1, 5), (2, 11)]), facts("S002", [(1, 5), (2, 12)])]
    # 10 vs 11 differ by 9.1% of 11; 10 vs 12 by 16.7% of 12.
    assert names(find_duplicates(THIS_ORDER, others, tolerance_percent=10)) == ("S001",)
    assert names(find_duplicates(THIS_ORDER, others, tolerance_percent=0)) == ()


def test_lines_of_one_product_count_as_their_total():
    assert names(find_duplicates(facts(lines=[(1, 5), (1, 5)]), [facts("S1", [(1, 10)])])) == ("S1",)
    assert names(find_duplicates(facts(lines=[(1, 5), (1, 5)]), [facts("S2", [(1, 5)])])) == ()


def test_similar_lines_count_only_within_the_window():
    others = [
        facts("S001", day=date(2025, 6, 1)),  # 29 days earlier
        facts("S002", day=date(2025, 5, 30)),  # 31 days earlier
        facts("S003", day=None),
    ]
    assert names(find_duplicates(THIS_ORDER, others, window_days=30)) == ("S001", "S003")
    assert names(find_duplicates(THIS_ORDER, others, window_days=0)) == ("S001", "S002", "S003")


def test_same_po_reference_is_a_duplicate_whatever_the_lines_and_date():
    this = facts(reference="PO/4711 ")
    others = [
        facts("S001", lines=[(9, 1)], reference="po/ 4711", day=date(2024, 1, 1)),
        facts("S002", lines=[(9, 1)], reference="PO/4712"),
        facts("S003", lines=[(9, 1)], reference=None),
    ]
    matches = find_duplicates(this, others, window_days=30)
    assert matches == (DuplicateMatch("S001", SAME_REFERENCE, "PO/4711"),)


def test_empty_reference_and_empty_order_match_nothing():
    assert find_duplicates(facts(lines=[], reference=""), [facts("S1", lines=[], reference="")]) == ()
    assert normalise_reference(None) == ""


def test_duplicate_warning_names_each_order_and_why():
    assert duplicate_warning(()) is None
    warning = duplicate_warning(
        (DuplicateMatch("S001", SAME_REFERENCE, "PO-1"), DuplicateMatch("S005", SIMILAR_LINES))
    )
    assert "S001 has the same customer PO reference (PO-1); S005 has the same products" in warning
    assert "add this order's lines to the earlier order" in warning


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
