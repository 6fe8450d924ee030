"""Cancel rules (seed 002, "Cancelling an order"), over plain values.

Cancel is a terminal status reachable from any open stage. It is refused once anything has been
dispatched (goods on the road cannot be un-ordered), without a reason, and from a closed order (already
cancelled, or finished at Customer Feedback). Group restriction and side effects (flagging POs, voiding
draft invoices) belong to the Odoo layer.
"""

# The core has no Odoo environment: `_` only marks templates for extraction (see messages._).
# pylint: disable=prefer-env-translation
from .messages import Message, _
from .stages import CANCELLED, DEFAULT_PIPELINE, stage_name

MSG_ALREADY_CANCELLED = _("Order is already cancelled")
MSG_ORDER_CLOSED = _("Order cannot be cancelled: it is closed at %(stage)s")
MSG_ALREADY_DISPATCHED = _("Order cannot be cancelled: goods have already been dispatched")
MSG_REASON_REQUIRED = _("Choose a cancel reason to cancel the order")

# Stages from which an order is no longer open.
CLOSED_STAGES = frozenset({"customer_feedback"})


def check_cancel(
    current_code, dispatched_quantity_total, reason_given, stage_names=None, pipeline=DEFAULT_PIPELINE
):
    """Return the refusal :class:`Message` for cancelling an order, or None when it may be cancelled.

    ``current_code``: the order's stage code, ``"cancelled"``, or None (handover pending, still
    cancellable). ``dispatched_quantity_total``: quantity dispatched so far over all lines.
    ``reason_given``: whether a cancel reason was chosen. Raises ``ValueError`` for a stage code the
    company's ``pipeline`` does not have.
    """
    if current_code == CANCELLED:
        return Message(MSG_ALREADY_CANCELLED)
    if current_code is not None:
        pipeline.position(current_code)  # validates the code
    if current_code in CLOSED_STAGES:
        return Message(MSG_ORDER_CLOSED, stage=stage_name(current_code, stage_names))
    if dispatched_quantity_total and dispatched_quantity_total > 0:
        return Message(MSG_ALREADY_DISPATCHED)
    if not reason_given:
        return Message(MSG_REASON_REQUIRED)
    return None
