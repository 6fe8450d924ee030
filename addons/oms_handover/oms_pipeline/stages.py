"""The 12 pipeline stages, their display names, and the two read-only views of a stage.

Views (ARCHITECTURE.md, "Views of the same stage"): the operations board column and the customer / sales
status bar are both derived from the stage alone, plus two flags the stage cannot express (proof of delivery
received, handover still pending).
"""

STAGE_CODES = (
    "sale_order",
    "purchase_order",
    "factory_order",
    "assembly_plan",
    "finished_products",
    "invoice",
    "tax_invoice",
    "shipment",
    "eway_bill",
    "partial_dispatch",
    "complete_dispatch",
    "customer_feedback",
)

# Terminal status, deliberately not a stage: it is reached from any open stage and leaves the pipeline.
CANCELLED = "cancelled"

STAGE_NAMES = {
    "sale_order": "Sale Order",
    "purchase_order": "Purchase Order",
    "factory_order": "Factory Order",
    "assembly_plan": "Assembly Plan",
    "finished_products": "Finished Products",
    "invoice": "Commercial Invoice",
    "tax_invoice": "Tax Invoice",
    "shipment": "Shipment",
    "eway_bill": "E-Way Bill",
    "partial_dispatch": "Partial Dispatch",
    "complete_dispatch": "Complete Dispatch",
    "customer_feedback": "Customer Feedback",
    CANCELLED: "Cancelled",
}

BOARD_COLUMNS = ("new", "pending_purchase", "ready_to_bill", "dispatched", "delivered")
BOARD_COLUMN_NAMES = {
    "new": "New Orders",
    "pending_purchase": "Pending Purchase",
    "ready_to_bill": "Ready to Bill",
    "dispatched": "Dispatched",
    "delivered": "Delivered",
}

CUSTOMER_STATUSES = ("received", "placed_to_vendor", "ready_for_dispatch", "invoiced", "delivered")
CUSTOMER_STATUS_NAMES = {
    "received": "Order Received",
    "placed_to_vendor": "Placed to Vendor",
    "ready_for_dispatch": "Ready for Dispatch",
    "invoiced": "Invoiced",
    "delivered": "Delivered",
}

# Stage position (1-based, as in the architecture table) -> (board column, customer status).
_VIEW_BY_POSITION = {
    1: ("new", "received"),
    2: ("pending_purchase", "placed_to_vendor"),
    3: ("pending_purchase", "placed_to_vendor"),
    4: ("pending_purchase", "placed_to_vendor"),
    5: ("ready_to_bill", "ready_for_dispatch"),
    6: ("ready_to_bill", "ready_for_dispatch"),
    7: ("dispatched", "invoiced"),
    8: ("dispatched", "invoiced"),
    9: ("dispatched", "invoiced"),
    10: ("dispatched", "invoiced"),
    11: ("dispatched", "invoiced"),
    12: ("delivered", "delivered"),
}


def stage_position(stage_code):
    """Return the 1-based position of ``stage_code`` in the pipeline; raise ``ValueError`` if unknown."""
    try:
        return STAGE_CODES.index(stage_code) + 1
    except ValueError:
        raise ValueError(f"Unknown pipeline stage code: {stage_code!r}") from None


def stage_name(stage_code, stage_names=None):
    """Display name of a stage, from ``stage_names`` when given (e.g. translated names), else English."""
    names = stage_names or STAGE_NAMES
    return names.get(stage_code) or STAGE_NAMES.get(stage_code) or str(stage_code)


def _views(stage_code, pod_received, handover_pending):
    """Shared lookup behind :func:`board_column` and :func:`customer_status`."""
    if stage_code == CANCELLED:
        # A cancelled order drops out of the board and the status bar; the Odoo layer shows "Cancelled".
        return (None, None)
    # A lead handed over but not yet confirmed has no stage; it waits in "New Orders".
    if handover_pending or stage_code is None:
        return _VIEW_BY_POSITION[1]
    position = stage_position(stage_code)
    # Proof of delivery wins over the stage: goods reached the customer even if the paperwork lags.
    if pod_received:
        return _VIEW_BY_POSITION[12]
    return _VIEW_BY_POSITION[position]


def board_column(stage_code, pod_received=False, handover_pending=False):
    """Operations board column of an order: new, pending_purchase, ready_to_bill, dispatched or delivered.

    ``stage_code`` None or ``handover_pending`` means no confirmed order yet (column ``new``). Returns None
    for a cancelled order. Raises ``ValueError`` for an unknown stage code.
    """
    return _views(stage_code, pod_received, handover_pending)[0]


def customer_status(stage_code, pod_received=False, handover_pending=False):
    """Customer / sales status of an order: received, placed_to_vendor, ready_for_dispatch, invoiced or
    delivered; same inputs and rules as :func:`board_column`."""
    return _views(stage_code, pod_received, handover_pending)[1]
