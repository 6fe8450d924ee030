"""The transition engine's decision logic over plain values.

A move is allowed only by an explicit :class:`TransitionRule` (rules are data a consultant edits in Odoo).
:func:`decide_move` checks, in this order, and stops at the first refusal:

1. the order is not cancelled and the target is a stage (cancelling has its own action);
2. a rule exists from the current stage to the target;
3. the user belongs to one of the rule's groups (a manager always does);
4. every stage jumped over does not apply to this order (facts are evaluated now, not when the rule was
   written, which is why the default rules may jump over any stage in ``SKIPPABLE_STAGES``);
5. the target may be entered (Complete Dispatch needs full dispatch);
6. every guard named by the rule passed. Guards are evaluated by the Odoo layer, which passes their failure
   messages in ``guard_results``; a guard missing from it counts as failed, so a forgotten check never
   opens the gate.
"""

from dataclasses import dataclass, field

from .applicability import SKIPPABLE_STAGES, entry_refusal, stage_applies

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _
from .roles import GROUP_MANAGER, STAGE_OWNER_GROUP, group_name
from .stages import CANCELLED, STAGE_CODES, stage_name, stage_position

MSG_NO_RULE = _("No rule allows moving from %(from_stage)s to %(to_stage)s")
MSG_ONLY_GROUP = _("Only %(group)s may move an order to %(stage)s")
MSG_CANNOT_SKIP = _("%(stage)s can only be skipped when it does not apply to this order")
MSG_GUARDS_FAILED = _("The order cannot move to %(stage)s yet:\n%(failures)s")
MSG_GUARD_NOT_CHECKED = _("The check %(guard)s was not run, so the move to %(stage)s is refused")
MSG_ORDER_CANCELLED = _("The order is cancelled and cannot move to %(stage)s")
MSG_USE_CANCEL = _("Use Cancel, with a reason, to cancel an order")
# Joins group names in MSG_ONLY_GROUP when a rule names several groups.
GROUP_SEPARATOR = " or "

# Guards checked when an order LEAVES a stage ("may be left when" in ARCHITECTURE.md). The Odoo layer maps
# each name to a small ``_check_oms_<name>`` method returning failure messages.
GUARDS_ON_LEAVING = {
    "sale_order": ("order_header_complete", "order_has_lines", "credit_approved", "duplicates_acknowledged"),
    "purchase_order": ("purchase_receipts_complete",),
    "factory_order": ("production_complete",),
    "assembly_plan": ("assembly_plan_complete",),
    "finished_products": ("finished_goods_ready",),
    "invoice": ("commercial_invoice_issued",),
    "tax_invoice": ("tax_invoice_posted",),
    "shipment": ("shipment_planned", "delivery_note_exists"),
    "eway_bill": ("eway_bill_generated",),
    "partial_dispatch": (),
    "complete_dispatch": (),
    "customer_feedback": (),
}


@dataclass(frozen=True)
class TransitionRule:
    """One allowed move: from ``from_code`` to ``to_code``, by members of ``group_xmlids`` (empty: anyone,
    as with Odoo's own ``groups``), once the guards named in ``guard_names`` pass."""

    from_code: str
    to_code: str
    group_xmlids: frozenset = field(default_factory=frozenset)
    guard_names: tuple = ()


@dataclass(frozen=True)
class MoveDecision:
    """Outcome of :func:`decide_move`.

    ``allowed``: whether the move may happen. ``skipped_codes``: stages jumped over (to record as skipped).
    ``reason``: the refusal as a :class:`Message` (None when allowed). ``rule``: the rule that allowed it.
    """

    allowed: bool
    skipped_codes: tuple = ()
    reason: Message | None = None
    rule: TransitionRule | None = None


def _stages_between(from_code, to_code):
    """Stage codes strictly between two stages; none for a backward or repeated move."""
    start, end = stage_position(from_code), stage_position(to_code)
    return STAGE_CODES[start : end - 1] if end > start else ()


def default_rules():
    """Return the default rule set as a tuple of :class:`TransitionRule`.

    Each stage may move to the next stage and to every later stage reachable by jumping only over stages
    in ``SKIPPABLE_STAGES``; plus Partial Dispatch to itself (another tranche). The group is the owner of
    the target stage; the guards are those of the stage being left.
    """
    rules = []
    for position, from_code in enumerate(STAGE_CODES[:-1]):
        for to_code in STAGE_CODES[position + 1 :]:
            rules.append(_default_rule(from_code, to_code))
            if to_code not in SKIPPABLE_STAGES:
                break
    rules.append(_default_rule("partial_dispatch", "partial_dispatch"))
    return tuple(rules)


def _default_rule(from_code, to_code):
    """Default rule between two stages: owner group of the target, guards of the stage left."""
    return TransitionRule(
        from_code=from_code,
        to_code=to_code,
        group_xmlids=frozenset({STAGE_OWNER_GROUP[to_code]}),
        guard_names=GUARDS_ON_LEAVING[from_code],
    )


def find_rules(current_code, target_code, rules):
    """Return the rules from ``current_code`` to ``target_code`` (a consultant may have several)."""
    return tuple(rule for rule in rules if rule.from_code == current_code and rule.to_code == target_code)


def guards_for_move(current_code, target_code, rules):
    """Return the guard names the Odoo layer must evaluate before calling :func:`decide_move`."""
    names = []
    for rule in find_rules(current_code, target_code, rules):
        names.extend(name for name in rule.guard_names if name not in names)
    return tuple(names)


def user_may_use(rule, user_group_xmlids):
    """Return True when a user with these group xmlids may use ``rule``; a manager always may."""
    groups = frozenset(user_group_xmlids)
    return GROUP_MANAGER in groups or not rule.group_xmlids or bool(rule.group_xmlids & groups)


def decide_move(
    current_code,
    target_code,
    rules,
    user_group_xmlids,
    facts,
    guard_results,
    stage_names=None,
    group_names=None,
):
    """Decide whether an order at ``current_code`` may move to ``target_code``.

    ``rules``: iterable of :class:`TransitionRule`. ``user_group_xmlids``: the user's groups as xmlids.
    ``facts``: :class:`~.applicability.OrderFacts`. ``guard_results``: mapping guard name -> list of failure
    messages (empty list: passed). ``stage_names`` / ``group_names``: optional display names (e.g.
    translated) used in the messages. Returns a :class:`MoveDecision`; see the module docstring for the
    order of checks. Raises ``ValueError`` for an unknown stage code.
    """

    def refuse(template, **params):
        return MoveDecision(allowed=False, skipped_codes=skipped, reason=Message(template, **params))

    skipped = ()

    def target_name():
        # Only a refusal names the stage: an allowed move never looks a display name up.
        return stage_name(target_code, stage_names)

    if target_code == CANCELLED:
        return refuse(MSG_USE_CANCEL)
    if current_code == CANCELLED:
        return refuse(MSG_ORDER_CANCELLED, stage=target_name())
    skipped = _stages_between(current_code, target_code)

    candidates = find_rules(current_code, target_code, rules)
    if not candidates:
        return refuse(MSG_NO_RULE, from_stage=stage_name(current_code, stage_names), to_stage=target_name())
    usable = [rule for rule in candidates if user_may_use(rule, user_group_xmlids)]
    if not usable:
        needed = []
        for rule in candidates:
            needed.extend(xmlid for xmlid in sorted(rule.group_xmlids) if xmlid not in needed)
        names = GROUP_SEPARATOR.join(group_name(xmlid, group_names) for xmlid in needed)
        return refuse(MSG_ONLY_GROUP, group=names, stage=target_name())

    for code in skipped:
        if stage_applies(code, facts):
            return refuse(MSG_CANNOT_SKIP, stage=stage_name(code, stage_names))
    refusal = entry_refusal(target_code, facts, stage_names)
    if refusal:
        return MoveDecision(allowed=False, skipped_codes=skipped, reason=refusal)

    # Several usable rules: the move is allowed when any one of them has all its guards passing.
    first_failure = None
    for rule in usable:
        failure = _guard_failure(rule, guard_results, target_name)
        if failure is None:
            return MoveDecision(allowed=True, skipped_codes=skipped, rule=rule)
        first_failure = first_failure or failure
    return MoveDecision(allowed=False, skipped_codes=skipped, reason=first_failure)


def _guard_failure(rule, guard_results, target_name):
    """Return the refusal Message for the rule's failing or missing guards, or None when all passed.
    ``target_name``: a callable giving the target stage's display name (looked up only for a refusal)."""
    failures = []
    for name in rule.guard_names:
        if name not in guard_results:
            return Message(MSG_GUARD_NOT_CHECKED, guard=name, stage=target_name())
        failures.extend(str(message) for message in guard_results[name] or ())
    if not failures:
        return None
    return Message(MSG_GUARDS_FAILED, stage=target_name(), failures="\n".join(failures))
