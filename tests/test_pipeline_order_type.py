"""Stages an order type leaves out: optional for the company, skipped by the orders of that type only, and
never one of the stages the law or the movement of goods needs."""

from dataclasses import replace

from pipeline_fixtures import CHECKS_ON_LEAVING

from oms_pipeline.applicability import OrderFacts, next_applicable_stage, stage_applies
from oms_pipeline.stages import DEFAULT_PIPELINE, MANDATORY_STAGES, Pipeline
from oms_pipeline.transitions import MSG_CANNOT_SKIP, decide_move, default_pairs, default_rules

SALES = "oms_handover.group_oms_sales"


def pipeline_with_optional(*codes):
    """The default pipeline where some order type of the company skips ``codes``."""
    return Pipeline(
        tuple(replace(spec, optional_by_type=spec.code in codes) for spec in DEFAULT_PIPELINE.stages)
    )


def test_an_optional_stage_is_left_out_only_by_orders_whose_type_skips_it():
    pipeline = pipeline_with_optional("finished_products", "invoice")
    standard = OrderFacts()
    counter = OrderFacts(left_out=frozenset({"finished_products", "invoice"}))
    assert stage_applies("invoice", standard, pipeline)
    assert not stage_applies("invoice", counter, pipeline)
    conditional = ("purchase_order", "factory_order", "assembly_plan")
    assert next_applicable_stage("sale_order", counter, pipeline) == (
        "tax_invoice",
        (*conditional, "finished_products", "invoice"),
    )
    assert next_applicable_stage("sale_order", standard, pipeline) == ("finished_products", conditional)


def test_a_type_cannot_leave_out_a_stage_the_company_did_not_make_optional():
    facts = OrderFacts(left_out=frozenset({"invoice"}))
    assert stage_applies("invoice", facts, DEFAULT_PIPELINE)


def test_mandatory_stages_are_never_left_out_whatever_the_configuration_says():
    pipeline = pipeline_with_optional(*MANDATORY_STAGES)
    facts = OrderFacts(left_out=MANDATORY_STAGES, applicable=frozenset({"eway_bill"}))
    for code in MANDATORY_STAGES:
        assert stage_applies(code, facts, pipeline), code
        assert not pipeline.spec(code).optional
    assert {"tax_invoice", "eway_bill", "shipment"} <= MANDATORY_STAGES


def test_default_rules_jump_an_optional_stage_and_the_engine_records_it_as_skipped():
    pipeline = pipeline_with_optional("invoice")
    assert ("finished_products", "tax_invoice") in default_pairs(pipeline)
    assert ("finished_products", "tax_invoice") not in default_pairs(DEFAULT_PIPELINE)
    rules = default_rules(CHECKS_ON_LEAVING, pipeline)
    guards = {name: () for rule in rules for name in rule.guard_names}
    leaving = OrderFacts(left_out=frozenset({"invoice"}))
    decision = decide_move(
        "finished_products",
        "tax_invoice",
        rules,
        {SALES, "oms_handover.group_oms_finance"},
        leaving,
        guards,
        pipeline=pipeline,
    )
    assert decision.allowed and decision.skipped_codes == ("invoice",)
    # The same jump for an order whose type does not skip the stage: refused, naming it.
    decision = decide_move(
        "finished_products",
        "tax_invoice",
        rules,
        {SALES, "oms_handover.group_oms_finance"},
        OrderFacts(),
        guards,
        pipeline=pipeline,
    )
    assert not decision.allowed and decision.reason.template == MSG_CANNOT_SKIP
