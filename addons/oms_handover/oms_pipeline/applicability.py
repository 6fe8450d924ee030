"""Which stages apply to an order, and where "next" leads once non-applicable stages are skipped.

Four built-in stages depend on the order (ARCHITECTURE.md, "applies when"): Purchase Order, Factory Order,
Assembly Plan and E-Way Bill. The core does not know why: the add-on owning each of them decides it from
the order (oms_dispatch: some traded line is not covered by stock; oms_dispatch_mrp: some line is
manufactured; oms_gst_india: an e-way bill is required) and says so in ``OrderFacts.applicable``. Such a
stage applies to no order while no add-on says it does. Every other stage applies to every order, custom
stages included, unless the company disabled it: a disabled stage applies to no order.

Complete Dispatch applies to every order too, but it can only be ENTERED once every line is fully
dispatched: it is never skipped, so an order cannot reach Customer Feedback while goods are still owed.
Partial Dispatch is repeatable: "next" from it is itself until the order is fully dispatched.
"""

from dataclasses import dataclass, field, replace

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _
from .stages import CANCELLED, CONDITIONAL_STAGES, DEFAULT_PIPELINE, stage_name

MSG_NOT_FULLY_DISPATCHED = _(
    "%(stage)s needs every line fully dispatched; record the remaining quantities as a partial dispatch first"
)


@dataclass(frozen=True)
class OrderFacts:
    """Plain facts about one order, computed by the Odoo layer, that decide which stages apply.

    ``applicable``: the conditional stages that apply to this order, each added by the add-on owning the
    stage (see :meth:`with_stage`). ``fully_dispatched``: every goods line is delivered. ``left_out``: the
    stages the order's type skips; only those the company's pipeline marks optional are left out (a
    mandatory stage never is). The defaults describe the simplest order: no conditional stage, nothing
    dispatched yet, nothing left out.
    """

    applicable: frozenset = field(default_factory=frozenset)
    fully_dispatched: bool = False
    left_out: frozenset = field(default_factory=frozenset)

    def with_stage(self, stage_code, applies):
        """These facts with the conditional stage ``stage_code`` applying to the order or not."""
        applicable = self.applicable | {stage_code} if applies else self.applicable - {stage_code}
        return replace(self, applicable=frozenset(applicable))


# Stages whose applicability depends on the order; the default rules may jump over exactly these (and
# over the stages a company disabled).
SKIPPABLE_STAGES = CONDITIONAL_STAGES


def may_be_skipped(stage_code, pipeline=DEFAULT_PIPELINE):
    """True when some order may jump over ``stage_code``: it is disabled, depends on the order, or an order
    type of the company leaves it out."""
    spec = pipeline.spec(stage_code)
    return not spec.enabled or spec.conditional or spec.optional


def stage_applies(stage_code, facts, pipeline=DEFAULT_PIPELINE):
    """Return True when ``stage_code`` applies to an order with these ``facts`` in this ``pipeline``.

    Raises ``ValueError`` for a code the pipeline does not have.
    """
    spec = pipeline.spec(stage_code)
    if not spec.enabled:
        return False
    if spec.optional and stage_code in facts.left_out:
        return False
    return stage_code in facts.applicable if spec.conditional else True


def applicable_stages(facts, pipeline=DEFAULT_PIPELINE):
    """Return the stage codes that apply to an order with these ``facts``, in pipeline order."""
    return tuple(code for code in pipeline.codes if stage_applies(code, facts, pipeline))


def entry_refusal(stage_code, facts, stage_names=None):
    """Return a :class:`Message` when the order may not enter ``stage_code`` yet, else None.

    Only Complete Dispatch has such a condition in the core: every line must be fully dispatched.
    """
    if stage_code == "complete_dispatch" and not facts.fully_dispatched:
        return Message(MSG_NOT_FULLY_DISPATCHED, stage=stage_name(stage_code, stage_names))
    return None


def next_applicable_stage(current, facts, pipeline=DEFAULT_PIPELINE):
    """Return ``(next_code, skipped_codes)``: the next stage that applies after ``current`` and the
    non-applicable stages passed on the way (the Odoo layer records them as skipped in the history).

    ``current`` None (handover pending) leads to Sale Order. Partial Dispatch leads to itself until the
    order is fully dispatched, then to Complete Dispatch. Customer Feedback and Cancelled lead nowhere:
    ``(None, ())``.
    """
    if current is None:
        return ("sale_order", ())
    if current == CANCELLED:
        return (None, ())
    position = pipeline.position(current)
    if current == "partial_dispatch" and not facts.fully_dispatched:
        return ("partial_dispatch", ())
    skipped = []
    for code in pipeline.codes[position:]:
        if stage_applies(code, facts, pipeline):
            return (code, tuple(skipped))
        skipped.append(code)
    return (None, ())
