"""Dispatch tranches never exceed the ordered quantity."""

from decimal import Decimal

import pytest

from oms_logistics.dispatch_quantities import (
    MSG_OVER_DISPATCH,
    DispatchQuantityError,
    is_fully_dispatched,
    plan_tranche,
    remaining_quantities,
)

ORDERED = {"L1": 10, "L2": 4}


def test_tranche_within_ordered_drops_zero_lines():
    assert plan_tranche(ORDERED, {"L1": 6}, {"L1": 4, "L2": 0}) == {"L1": 4}


def test_over_dispatch_is_refused_naming_the_line():
    with pytest.raises(DispatchQuantityError) as caught:
        plan_tranche(ORDERED, {"L1": 6}, {"L1": 5}, line_labels={"L1": "1 (Widget 10mm)"})
    assert str(caught.value) == (
        "Line 1 (Widget 10mm): dispatching 5 would bring the dispatched total to 11, above the 10 ordered"
        " (4 remain)"
    )
    assert caught.value.template == MSG_OVER_DISPATCH


def test_over_dispatch_on_second_line_refuses_whole_tranche():
    with pytest.raises(DispatchQuantityError, match="Line L2"):
        plan_tranche(ORDERED, {}, {"L1": 1, "L2": 5})


def test_negative_quantity_is_refused():
    with pytest.raises(DispatchQuantityError, match="Line L1: the quantity to dispatch cannot be negative"):
        plan_tranche(ORDERED, {}, {"L1": -1, "L2": 2})


@pytest.mark.parametrize("requested", [{}, {"L1": 0}, {"L1": 0, "L2": Decimal("0.000")}])
def test_nothing_to_dispatch(requested):
    with pytest.raises(DispatchQuantityError, match="Nothing to dispatch"):
        plan_tranche(ORDERED, {}, requested)


def test_line_not_on_order():
    with pytest.raises(DispatchQuantityError, match="Line L9 is not on the order"):
        plan_tranche(ORDERED, {}, {"L9": 1})


def test_rounding_tolerance_like_odoo():
    assert plan_tranche({"L1": 10.0}, {"L1": 9.7}, {"L1": 0.3}) == {
        "L1": 0.3
    }  # 9.7 + 0.3 = 10.000000000000002
    assert plan_tranche({"L1": 10.0}, {}, {"L1": 10.004}) == {"L1": 10.004}
    with pytest.raises(DispatchQuantityError):
        plan_tranche({"L1": 10.0}, {}, {"L1": 10.006})
    with pytest.raises(DispatchQuantityError):
        plan_tranche({"L1": 10.0}, {}, {"L1": 10.004}, rounding=0.001)


def test_decimal_quantities_and_per_line_rounding():
    ordered = {"L1": Decimal("2.5"), "L2": Decimal("3")}
    assert plan_tranche(ordered, {"L1": Decimal("1.5")}, {"L1": Decimal("1.0")}, rounding={"L1": 0.1}) == {
        "L1": Decimal("1.0")
    }
    with pytest.raises(DispatchQuantityError, match="above the 3 ordered"):
        plan_tranche(ordered, {}, {"L2": Decimal("4")}, rounding={"L2": 1})


def test_fully_dispatched():
    assert is_fully_dispatched(ORDERED, {"L1": 10, "L2": 4})
    assert not is_fully_dispatched(ORDERED, {"L1": 10, "L2": 3})
    assert not is_fully_dispatched(ORDERED, {"L1": 10})
    assert is_fully_dispatched({"L1": 1.0}, {"L1": 0.996})
    assert is_fully_dispatched({"L1": 5, "L2": 0}, {"L1": 5})
    assert not is_fully_dispatched({}, {})


def test_remaining_quantities():
    assert remaining_quantities(ORDERED, {"L1": 6, "L2": 5}) == {"L1": 4, "L2": 0}
