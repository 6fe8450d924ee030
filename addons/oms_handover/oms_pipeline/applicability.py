"""Which stages apply to an order, and where "next" leads once non-applicable stages are skipped.

Four stages depend on the order (ARCHITECTURE.md, "applies when"): Purchase Order (some traded line is not
covered by stock), Factory Order and Assembly Plan (some manufactured line) and E-Way Bill (value above the
threshold with the regime on). Every other stage applies to every order, custom stages included, unless
the company disabled it: a disabled stage applies to no order.

Complete Dispatch applies to every order too, but it can only be ENTERED once every line is fully
dispatched: it is never skipped, so an order cannot reach Customer Feedback while goods are still owed.
Partial Dispatch is repeatable: "next" from it is itself until the order is fully dispatched.
"""

from dataclasses import dataclass

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

    The defaults describe the simplest order: everything in stock, nothing manufactured, no e-way bill,
    nothing dispatched yet.
    """

    has_traded_lines_needing_purchase: bool = False
    has_manufactured_lines: bool = False
    ewaybill_required: bool = False
    fully_dispatched: bool = False


# Stages whose applicability depends on the order; the default rules may jump over exactly these (and
# over the stages a company disabled).
SKIPPABLE_STAGES = CONDITIONAL_STAGES


def may_be_skipped(stage_code, pipeline=DEFAULT_PIPELINE):
    """True when some order may jump over ``stage_code``: it is disabled or depends on the order."""
    spec = pipeline.spec(stage_code)
    return not spec.enabled or spec.conditional


def stage_applies(stage_code, facts, pipeline=DEFAULT_PIPELINE):
    """Return True when ``stage_code`` applies to an order with these ``facts`` in this ``pipeline``.

    Raises ``ValueError`` for a code the pipeline does not have.
    """
    if not pipeline.spec(stage_code).enabled:
        return False
    if stage_code == "purchase_order":
        return facts.has_traded_lines_needing_purchase
    if stage_code in ("factory_order", "assembly_plan"):
        return facts.has_manufactured_lines
    if stage_code == "eway_bill":
        return facts.ewaybill_required
    return True


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
