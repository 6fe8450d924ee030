"""The transition engine's decision logic over plain values.

A move is allowed only by an explicit :class:`TransitionRule` (rules are data a consultant edits in Odoo).
:func:`decide_move` checks, in this order, and stops at the first refusal:

1. the order is not cancelled and the target is a stage (cancelling has its own action);
2. a rule exists from the current stage to the target;
3. the user belongs to one of the rule's groups (a manager always does);
4. every stage jumped over does not apply to this order (facts are evaluated now, not when the rule was
   written, which is why the default rules may jump over any conditional or disabled stage);
5. the target may be entered (Complete Dispatch needs full dispatch);
6. every guard named by the rule passed. Guards are evaluated by the Odoo layer, which passes their failure
   messages in ``guard_results``; a guard missing from it counts as failed, so a forgotten check never
   opens the gate.
"""

from dataclasses import dataclass, field

from .applicability import entry_refusal, may_be_skipped, stage_applies

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _
from .roles import GROUP_MANAGER, STAGE_OWNER_GROUP, group_name
from .stages import CANCELLED, DEFAULT_PIPELINE, stage_name

MSG_NO_RULE = _("No rule allows moving from %(from_stage)s to %(to_stage)s")
MSG_ONLY_GROUP = _("Only %(group)s may move an order to %(stage)s")
MSG_CANNOT_SKIP = _("%(stage)s can only be skipped when it does not apply to this order")
MSG_GUARDS_FAILED = _("The order cannot move to %(stage)s yet:\n%(failures)s")
MSG_GUARD_NOT_CHECKED = _("The check %(guard)s was not run, so the move to %(stage)s is refused")
MSG_ORDER_CANCELLED = _("The order is cancelled and cannot move to %(stage)s")
MSG_USE_CANCEL = _("Use Cancel, with a reason, to cancel an order")
# Joins group names in MSG_ONLY_GROUP when a rule names several groups.
GROUP_SEPARATOR = " or "


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


def default_pairs(pipeline=DEFAULT_PIPELINE):
    """The (from, to) moves a company's pipeline allows by default, in pipeline order.

    Each stage may move to the next stage and to every later stage reachable by jumping only over stages
    that may be skipped (conditional on the order, or disabled); plus Partial Dispatch to itself (another
    tranche). A disabled stage is neither left nor entered.
    """
    codes = pipeline.codes
    pairs = []
    for position, from_code in enumerate(codes[:-1]):
        if not pipeline.spec(from_code).enabled:
            continue
        for to_code in codes[position + 1 :]:
            if pipeline.spec(to_code).enabled:
                pairs.append((from_code, to_code))
            if not may_be_skipped(to_code, pipeline):
                break
    if "partial_dispatch" in codes and pipeline.spec("partial_dispatch").enabled:
        pairs.append(("partial_dispatch", "partial_dispatch"))
    return tuple(pairs)


def default_rules(checks_on_leaving, pipeline=DEFAULT_PIPELINE):
    """Return the default rule set of a pipeline of built-in stages as a tuple of :class:`TransitionRule`:
    the moves of :func:`default_pairs`; the group is the owner of the target stage; the guards are the
    checks of the stage being left, from ``checks_on_leaving`` (stage code -> check codes). The core does
    not know the checks: each add-on registers its own (``oms.check`` in the Odoo layer, which links them to
    the default rules it creates)."""
    return tuple(
        TransitionRule(
            from_code=from_code,
            to_code=to_code,
            group_xmlids=frozenset({STAGE_OWNER_GROUP[to_code]}),
            guard_names=tuple(checks_on_leaving.get(from_code, ())),
        )
        for from_code, to_code in default_pairs(pipeline)
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
    pipeline=DEFAULT_PIPELINE,
):
    """Decide whether an order at ``current_code`` may move to ``target_code``.

    ``rules``: iterable of :class:`TransitionRule`. ``user_group_xmlids``: the user's groups as xmlids.
    ``facts``: :class:`~.applicability.OrderFacts`. ``guard_results``: mapping guard name -> list of failure
    messages (empty list: passed). ``stage_names`` / ``group_names``: optional display names (e.g.
    translated) used in the messages. ``pipeline``: the company's :class:`~.stages.Pipeline` (order and
    disabled stages). Returns a :class:`MoveDecision`; see the module docstring for the
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
    skipped = pipeline.between(current_code, target_code)

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
        if stage_applies(code, facts, pipeline):
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


def allowed_targets(current_code, rules, user_group_xmlids, facts, pipeline=DEFAULT_PIPELINE):
    """The stages a user may move an order to now, the rules' checks aside (they run on the click, and
    refuse with their reasons): a rule from ``current_code``, the user's role, a target that applies to the
    order, no applicable stage jumped over, the target's entry condition. In pipeline order; the stage itself (another tranche) is left out,
    as its own action enters it again. None for an order that is cancelled or not in the pipeline."""
    if current_code in (None, CANCELLED):
        return ()
    targets = []
    for rule in rules:
        target = rule.to_code
        if rule.from_code != current_code or target == current_code or target in targets:
            continue
        if not stage_applies(target, facts, pipeline):
            continue  # a stage that does not apply to the order is not offered
        passing = dict.fromkeys(guards_for_move(current_code, target, rules), ())
        decision = decide_move(
            current_code, target, rules, user_group_xmlids, facts, passing, pipeline=pipeline
        )
        if decision.allowed:
            targets.append(target)
    return tuple(sorted(targets, key=pipeline.position))
