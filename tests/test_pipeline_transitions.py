"""Transition engine: default rules, role gates, skips, guards."""

import pytest
from pipeline_fixtures import CHECKS_ON_LEAVING, EVERY_CONDITIONAL_STAGE, NEEDS_PURCHASE

from oms_pipeline import roles, transitions
from oms_pipeline.applicability import OrderFacts
from oms_pipeline.stages import CANCELLED, STAGE_CODES, STAGE_NAMES
from oms_pipeline.transitions import TransitionRule, decide_move, default_rules, guards_for_move

RULES = default_rules(CHECKS_ON_LEAVING)
EVERYTHING = OrderFacts(applicable=EVERY_CONDITIONAL_STAGE, fully_dispatched=True)
FROM_STOCK = OrderFacts()
ALL_GUARDS_PASS = {name: [] for names in CHECKS_ON_LEAVING.values() for name in names}

OWNER_BY_TARGET = {
    "purchase_order": "Procurement",
    "factory_order": "Production",
    "assembly_plan": "Production",
    "finished_products": "Production",
    "invoice": "Finance",
    "tax_invoice": "Finance",
    "shipment": "Dispatch",
    "eway_bill": "Dispatch",
    "partial_dispatch": "Dispatch",
    "complete_dispatch": "Dispatch",
    "customer_feedback": "Sales",
}
GROUP_BY_NAME = {name: xmlid for xmlid, name in roles.GROUP_NAMES.items()}


def _previous(target):
    return STAGE_CODES[STAGE_CODES.index(target) - 1]


def _move(current, target, groups, facts=EVERYTHING, guards=None, rules=RULES):
    results = ALL_GUARDS_PASS if guards is None else guards
    return decide_move(current, target, rules, groups, facts, results)


@pytest.mark.parametrize("target", list(OWNER_BY_TARGET))
@pytest.mark.parametrize("role", ["Sales", "Procurement", "Production", "Finance", "Dispatch"])
def test_role_by_target_matrix(role, target):
    decision = _move(_previous(target), target, {GROUP_BY_NAME[role]})
    stage = STAGE_NAMES[target]
    if role == OWNER_BY_TARGET[target]:
        assert decision.allowed, decision.reason
        assert decision.reason is None
        assert decision.rule.to_code == target
    else:
        assert not decision.allowed
        assert decision.reason.template == transitions.MSG_ONLY_GROUP
        assert decision.reason.params["group"] == OWNER_BY_TARGET[target]
        assert decision.reason == f"Only {OWNER_BY_TARGET[target]} may move an order to {stage}"


def test_only_finance_message_is_plain_english():
    decision = _move("invoice", "tax_invoice", {roles.GROUP_DISPATCH})
    assert decision.reason == "Only Finance may move an order to Tax Invoice"


@pytest.mark.parametrize("target", list(OWNER_BY_TARGET))
def test_manager_is_always_allowed(target):
    assert _move(_previous(target), target, {roles.GROUP_MANAGER}).allowed


def test_manager_allowed_even_when_rule_names_another_group():
    rules = (TransitionRule("finished_products", "invoice", frozenset({roles.GROUP_SALES})),)
    assert _move("finished_products", "invoice", {roles.GROUP_MANAGER}, rules=rules).allowed
    assert not _move("finished_products", "invoice", {roles.GROUP_FINANCE}, rules=rules).allowed


def test_user_without_any_group_is_refused():
    decision = _move("sale_order", "purchase_order", set())
    assert decision.reason == "Only Procurement may move an order to Purchase Order"


def test_no_rule_refusal_names_both_stages():
    decision = _move("sale_order", "tax_invoice", {roles.GROUP_MANAGER})
    assert not decision.allowed
    assert decision.reason == "No rule allows moving from Sale Order to Tax Invoice"
    assert decision.reason.template == transitions.MSG_NO_RULE


def test_backward_move_has_no_default_rule():
    decision = _move("invoice", "sale_order", {roles.GROUP_MANAGER})
    assert decision.reason == "No rule allows moving from Commercial Invoice to Sale Order"


def test_default_rules_jump_only_over_skippable_stages():
    pairs = {(rule.from_code, rule.to_code) for rule in RULES}
    assert ("sale_order", "finished_products") in pairs
    assert ("sale_order", "factory_order") in pairs
    assert ("purchase_order", "finished_products") in pairs
    assert ("shipment", "partial_dispatch") in pairs
    assert ("partial_dispatch", "partial_dispatch") in pairs
    assert ("partial_dispatch", "complete_dispatch") in pairs
    assert ("complete_dispatch", "customer_feedback") in pairs
    assert ("sale_order", "invoice") not in pairs
    assert ("partial_dispatch", "customer_feedback") not in pairs
    assert ("finished_products", "tax_invoice") not in pairs
    assert len(pairs) == len(RULES)


def test_default_rules_require_the_target_owner_and_leaving_guards():
    for rule in RULES:
        assert rule.group_xmlids == frozenset({roles.STAGE_OWNER_GROUP[rule.to_code]})
        assert rule.guard_names == CHECKS_ON_LEAVING.get(rule.from_code, ())


def test_skip_allowed_when_stages_do_not_apply():
    decision = _move("sale_order", "finished_products", {roles.GROUP_PRODUCTION}, FROM_STOCK)
    assert decision.allowed
    assert decision.skipped_codes == ("purchase_order", "factory_order", "assembly_plan")


def test_skip_refused_when_stage_applies():
    facts = NEEDS_PURCHASE
    decision = _move("sale_order", "finished_products", {roles.GROUP_PRODUCTION}, facts)
    assert not decision.allowed
    assert decision.reason == "Purchase Order can only be skipped when it does not apply to this order"


def test_shipment_cannot_be_skipped_message():
    rules = (TransitionRule("tax_invoice", "eway_bill", frozenset({roles.GROUP_DISPATCH})),)
    decision = _move("tax_invoice", "eway_bill", {roles.GROUP_DISPATCH}, FROM_STOCK, rules=rules)
    assert decision.reason == "Shipment can only be skipped when it does not apply to this order"


def test_eway_bill_skipped_when_not_required():
    decision = _move("shipment", "partial_dispatch", {roles.GROUP_DISPATCH}, FROM_STOCK)
    assert decision.allowed
    assert decision.skipped_codes == ("eway_bill",)


def test_partial_dispatch_repeats():
    decision = _move("partial_dispatch", "partial_dispatch", {roles.GROUP_DISPATCH}, FROM_STOCK)
    assert decision.allowed
    assert decision.skipped_codes == ()


def test_complete_dispatch_needs_full_dispatch():
    decision = _move("partial_dispatch", "complete_dispatch", {roles.GROUP_MANAGER}, FROM_STOCK)
    assert not decision.allowed
    assert decision.reason.startswith("Complete Dispatch needs every line fully dispatched")


def test_failing_guards_refuse_with_their_messages_joined():
    guards = dict(ALL_GUARDS_PASS)
    guards["order_header_complete"] = ["Customer PO reference is missing", "Agreed date is missing"]
    guards["credit_approved"] = ["Credit limit exceeded"]
    decision = _move("sale_order", "purchase_order", {roles.GROUP_PROCUREMENT}, guards=guards)
    assert not decision.allowed
    assert decision.reason == (
        "The order cannot move to Purchase Order yet:\n"
        "Customer PO reference is missing\nAgreed date is missing\nCredit limit exceeded"
    )


def test_guard_not_evaluated_refuses():
    guards = {"order_header_complete": [], "order_has_lines": [], "credit_approved": []}
    decision = _move("sale_order", "purchase_order", {roles.GROUP_MANAGER}, guards=guards)
    assert not decision.allowed
    assert "duplicates_acknowledged" in decision.reason


def test_guards_of_unrelated_stages_are_ignored():
    guards = {"order_header_complete": [], "order_has_lines": [], "credit_approved": []}
    guards |= {"duplicates_acknowledged": [], "tax_invoice_posted": ["not posted"]}
    assert _move("sale_order", "purchase_order", {roles.GROUP_PROCUREMENT}, guards=guards).allowed


def test_guards_for_move_lists_what_to_evaluate():
    assert guards_for_move("shipment", "eway_bill", RULES) == ("shipment_planned", "delivery_note_exists")
    assert guards_for_move("sale_order", "tax_invoice", RULES) == ()


def test_cancelled_order_cannot_move():
    decision = _move(CANCELLED, "shipment", {roles.GROUP_MANAGER})
    assert decision.reason == "The order is cancelled and cannot move to Shipment"


def test_cancel_is_not_a_move():
    decision = _move("shipment", CANCELLED, {roles.GROUP_MANAGER})
    assert decision.reason == "Use Cancel, with a reason, to cancel an order"


def test_rule_without_groups_is_open_to_everyone():
    rules = (TransitionRule("sale_order", "purchase_order"),)
    assert _move("sale_order", "purchase_order", set(), rules=rules, guards={}).allowed


def test_any_of_several_rule_groups_may_move():
    groups = frozenset({roles.GROUP_FINANCE, roles.GROUP_SALES})
    rules = (TransitionRule("invoice", "tax_invoice", groups),)
    assert _move("invoice", "tax_invoice", {roles.GROUP_SALES}, rules=rules).allowed
    refused = _move("invoice", "tax_invoice", {roles.GROUP_DISPATCH}, rules=rules)
    assert refused.reason == "Only Finance or Sales may move an order to Tax Invoice"


def test_translated_names_are_used_in_messages():
    decision = decide_move(
        "invoice",
        "tax_invoice",
        RULES,
        {roles.GROUP_SALES},
        EVERYTHING,
        ALL_GUARDS_PASS,
        stage_names={"tax_invoice": "Steuerrechnung"},
        group_names={roles.GROUP_FINANCE: "Finanzen"},
    )
    assert decision.reason == "Only Finanzen may move an order to Steuerrechnung"
    assert decision.reason.params == {"group": "Finanzen", "stage": "Steuerrechnung"}


class _NamesNeverRead(dict):
    """Names that fail the test when looked up: an allowed move must not need them (they cost queries)."""

    def get(self, key, default=None):
        raise AssertionError(f"display name of {key!r} looked up for an allowed move")

    __getitem__ = get

    def __bool__(self):
        return True


def test_an_allowed_move_never_looks_names_up():
    decision = decide_move(
        "invoice",
        "tax_invoice",
        RULES,
        {roles.GROUP_FINANCE},
        EVERYTHING,
        ALL_GUARDS_PASS,
        stage_names=_NamesNeverRead(),
        group_names=_NamesNeverRead(),
    )
    assert decision.allowed


def test_unknown_stage_code_is_an_error():
    with pytest.raises(ValueError):
        _move("sale_order", "shipped", {roles.GROUP_MANAGER})
