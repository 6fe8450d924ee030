"""A company's own pipeline: disabled stages, a custom stage, another order (issue 14, point 1)."""

import pytest
from pipeline_fixtures import CHECKS_ON_LEAVING, MANUFACTURED

from oms_pipeline.applicability import OrderFacts, next_applicable_stage, stage_applies
from oms_pipeline.stages import DEFAULT_PIPELINE, Pipeline, StageSpec, board_column, customer_status
from oms_pipeline.transitions import (
    MSG_CANNOT_SKIP,
    TransitionRule,
    decide_move,
    default_pairs,
    default_rules,
)


def trader_pipeline():
    """A trader: no production stages (disabled), an "Advance Received" stage after Sale Order."""
    specs = []
    for spec in DEFAULT_PIPELINE.stages:
        if spec.code in ("factory_order", "assembly_plan", "finished_products"):
            spec = StageSpec(spec.code, spec.board_column, spec.customer_status, enabled=False)
        specs.append(spec)
        if spec.code == "sale_order":
            specs.append(StageSpec("advance_received", "new", "received"))
    return Pipeline(tuple(specs))


def rules_for(pipeline):
    return tuple(TransitionRule(a, b) for a, b in default_pairs(pipeline))


def test_default_pairs_of_the_builtin_pipeline_are_the_default_rules():
    assert (
        tuple((rule.from_code, rule.to_code) for rule in default_rules(CHECKS_ON_LEAVING)) == default_pairs()
    )


def test_a_disabled_stage_applies_to_no_order_and_a_custom_stage_to_every_order():
    pipeline = trader_pipeline()
    facts = MANUFACTURED
    assert not stage_applies("factory_order", facts, pipeline)
    assert stage_applies("factory_order", facts)  # in the built-in pipeline it does
    assert stage_applies("advance_received", OrderFacts(), pipeline)


def test_next_follows_the_configured_order_and_skips_disabled_stages():
    pipeline = trader_pipeline()
    assert next_applicable_stage("sale_order", OrderFacts(), pipeline) == ("advance_received", ())
    assert next_applicable_stage("advance_received", OrderFacts(), pipeline) == (
        "invoice",
        ("purchase_order", "factory_order", "assembly_plan", "finished_products"),
    )


def test_default_pairs_enter_the_custom_stage_and_never_a_disabled_one():
    pairs = default_pairs(trader_pipeline())
    assert ("sale_order", "advance_received") in pairs
    assert ("sale_order", "invoice") not in pairs  # the custom stage always applies: no jumping over it
    assert ("advance_received", "invoice") in pairs
    assert not [pair for pair in pairs if "finished_products" in pair or "factory_order" in pair]


def test_an_order_cannot_jump_over_the_custom_stage():
    pipeline = trader_pipeline()
    rules = (TransitionRule("sale_order", "invoice"),)
    decision = decide_move("sale_order", "invoice", rules, set(), OrderFacts(), {}, pipeline=pipeline)
    assert not decision.allowed
    assert decision.reason.template == MSG_CANNOT_SKIP
    assert decision.reason.params["stage"] == "advance_received"


def test_a_move_over_disabled_stages_records_them_as_skipped():
    pipeline = trader_pipeline()
    decision = decide_move(
        "advance_received", "invoice", rules_for(pipeline), set(), OrderFacts(), {}, pipeline=pipeline
    )
    assert decision.allowed
    assert decision.skipped_codes == ("purchase_order", "factory_order", "assembly_plan", "finished_products")


def test_reordering_changes_what_next_means():
    codes = list(DEFAULT_PIPELINE.codes)
    codes.remove("invoice")
    codes.insert(codes.index("sale_order") + 1, "invoice")  # commercial invoice straight after the order
    pipeline = Pipeline(tuple(DEFAULT_PIPELINE.spec(code) for code in codes))
    assert next_applicable_stage("sale_order", OrderFacts(), pipeline) == ("invoice", ())
    assert next_applicable_stage("invoice", OrderFacts(), pipeline)[0] == "finished_products"
    # The old forward move is now a backward one, and no default rule offers it.
    assert ("finished_products", "invoice") not in default_pairs(pipeline)


def test_views_come_from_the_configured_stage():
    pipeline = trader_pipeline()
    assert board_column("advance_received", pipeline=pipeline) == "new"
    assert customer_status("advance_received", pod_received=True, pipeline=pipeline) == "delivered"
    with pytest.raises(ValueError):
        board_column("advance_received")  # the built-in pipeline has no such stage


def test_allowed_targets_follow_rule_role_and_applicability():
    from oms_pipeline.roles import GROUP_FINANCE, GROUP_MANAGER, GROUP_SALES
    from oms_pipeline.transitions import allowed_targets

    rules = default_rules(CHECKS_ON_LEAVING)
    facts = OrderFacts()
    # Finance owns Commercial Invoice: at Finished Products it may move there, Sales may not.
    assert allowed_targets("finished_products", rules, {GROUP_FINANCE}, facts) == ("invoice",)
    assert allowed_targets("finished_products", rules, {GROUP_SALES}, facts) == ()
    # Nothing needs buying or making: the manager may jump from Sale Order straight to Finished Products,
    # never to a stage that applies (with manufactured lines, only Factory Order is offered).
    assert allowed_targets("sale_order", rules, {GROUP_MANAGER}, facts) == ("finished_products",)
    assert allowed_targets("sale_order", rules, {GROUP_MANAGER}, MANUFACTURED) == ("factory_order",)
    # Complete Dispatch needs every line dispatched; another tranche is not a target of the bar.
    assert allowed_targets("partial_dispatch", rules, {GROUP_MANAGER}, facts) == ()
    assert allowed_targets("cancelled", rules, {GROUP_MANAGER}, facts) == ()
