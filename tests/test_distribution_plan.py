"""Distribution runs: which customers get an order and why the others are refused (oms_pipeline)."""

from oms_pipeline.distribution import ListLine, Party, plan_run

COMPANY = 1
CUSTOMERS = {
    10: Party(10, "Peenya Dealer"),
    11: Party(11, "Closed Shop", active=False),
    12: Party(12, "Other Company Buyer", company_id=2),
    13: Party(13, "Shared Buyer", company_id=None),
}
PRODUCTS = {
    1: Party(1, "Bearing"),
    2: Party(2, "Belt", company_id=COMPANY),
    3: Party(3, "Withdrawn Seal", sale_ok=False),
    4: Party(4, "Other Company Oil", company_id=2),
}


def plans_by_customer(lines):
    return {plan.customer_id: plan for plan in plan_run(lines, CUSTOMERS, PRODUCTS, COMPANY)}


def test_customers_keep_the_lists_order_and_their_lines():
    lines = [ListLine(13, 1, 2), ListLine(10, 2, 5), ListLine(13, 2, 1.5)]
    plans = plan_run(lines, CUSTOMERS, PRODUCTS, COMPANY)
    assert [plan.customer_id for plan in plans] == [13, 10]
    assert plans[0].lines == ((1, 2), (2, 1.5))
    assert not plans[0].refused


def test_one_bad_line_refuses_the_whole_customer_with_every_reason():
    plans = plans_by_customer([ListLine(10, 1, 5), ListLine(10, 3, 1), ListLine(10, 4, 0)])
    plan = plans[10]
    assert plan.refused and plan.lines == ()
    assert plan.refusals == (
        "Withdrawn Seal is archived or not for sale.",
        "Other Company Oil belongs to another company than the list's.",
        "Other Company Oil: the quantity must be above zero (0).",
    )


def test_archived_and_foreign_customers_are_refused():
    plans = plans_by_customer([ListLine(11, 1, 1), ListLine(12, 1, 1)])
    assert plans[11].refusals == ("Closed Shop is archived.",)
    assert plans[12].refusals == ("Other Company Buyer belongs to another company than the list's.",)


def test_a_reason_repeated_on_two_lines_is_given_once():
    plans = plans_by_customer([ListLine(10, 3, 1), ListLine(10, 3, 2)])
    assert plans[10].refusals == ("Withdrawn Seal is archived or not for sale.",)
