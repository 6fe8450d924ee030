"""Which stages apply to an order and what "next" skips."""

import pytest
from pipeline_fixtures import EVERY_CONDITIONAL_STAGE, MANUFACTURED, NEEDS_PURCHASE

from oms_pipeline.applicability import (
    SKIPPABLE_STAGES,
    OrderFacts,
    applicable_stages,
    entry_refusal,
    next_applicable_stage,
    stage_applies,
)
from oms_pipeline.stages import CANCELLED, STAGE_CODES

EVERYTHING = OrderFacts(applicable=EVERY_CONDITIONAL_STAGE)
FROM_STOCK = OrderFacts()


def test_everything_applies_to_a_mixed_order_with_eway_bill():
    assert applicable_stages(EVERYTHING) == STAGE_CODES


def test_order_from_stock_without_eway_bill():
    assert applicable_stages(FROM_STOCK) == (
        "sale_order",
        "finished_products",
        "invoice",
        "tax_invoice",
        "shipment",
        "partial_dispatch",
        "complete_dispatch",
        "customer_feedback",
    )


def test_only_the_four_conditional_stages_can_be_skipped():
    not_applying = set(STAGE_CODES) - set(applicable_stages(FROM_STOCK))
    assert (
        not_applying == SKIPPABLE_STAGES == {"purchase_order", "factory_order", "assembly_plan", "eway_bill"}
    )


def test_facts_are_frozen():
    with pytest.raises(AttributeError):
        FROM_STOCK.fully_dispatched = True


@pytest.mark.parametrize(
    ("facts", "current", "expected"),
    [
        (
            FROM_STOCK,
            "sale_order",
            ("finished_products", ("purchase_order", "factory_order", "assembly_plan")),
        ),
        (NEEDS_PURCHASE, "sale_order", ("purchase_order", ())),
        (
            NEEDS_PURCHASE,
            "purchase_order",
            ("finished_products", ("factory_order", "assembly_plan")),
        ),
        (MANUFACTURED, "sale_order", ("factory_order", ("purchase_order",))),
        (MANUFACTURED, "factory_order", ("assembly_plan", ())),
        (EVERYTHING, "purchase_order", ("factory_order", ())),
        (FROM_STOCK, "shipment", ("partial_dispatch", ("eway_bill",))),
        (EVERYTHING, "shipment", ("eway_bill", ())),
        (EVERYTHING, "eway_bill", ("partial_dispatch", ())),
        (FROM_STOCK, "partial_dispatch", ("partial_dispatch", ())),
        (OrderFacts(fully_dispatched=True), "partial_dispatch", ("complete_dispatch", ())),
        (FROM_STOCK, "complete_dispatch", ("customer_feedback", ())),
        (FROM_STOCK, "customer_feedback", (None, ())),
        (FROM_STOCK, CANCELLED, (None, ())),
        (FROM_STOCK, None, ("sale_order", ())),
        (FROM_STOCK, "invoice", ("tax_invoice", ())),
    ],
)
def test_next_applicable_stage(facts, current, expected):
    assert next_applicable_stage(current, facts) == expected


def test_complete_dispatch_always_applies_but_needs_full_dispatch_to_enter():
    assert stage_applies("complete_dispatch", FROM_STOCK)
    refusal = entry_refusal("complete_dispatch", FROM_STOCK)
    assert refusal == (
        "Complete Dispatch needs every line fully dispatched; "
        "record the remaining quantities as a partial dispatch first"
    )
    assert refusal.params == {"stage": "Complete Dispatch"}
    assert entry_refusal("complete_dispatch", OrderFacts(fully_dispatched=True)) is None
    assert entry_refusal("shipment", FROM_STOCK) is None


def test_unknown_stage_is_an_error():
    with pytest.raises(ValueError):
        stage_applies("packing", FROM_STOCK)
    with pytest.raises(ValueError):
        next_applicable_stage("packing", FROM_STOCK)
