"""The 12 built-in pipeline stages, a company's configured pipeline, and the two read-only views of a stage.

A company's pipeline (:class:`Pipeline`) orders the built-in stages and its own custom ones, and may disable
some; the engine follows that order. Without configuration it is :data:`DEFAULT_PIPELINE`, the table of
ARCHITECTURE.md.

Views (ARCHITECTURE.md, "Views of the same stage"): the operations board column and the customer / sales
status bar are both derived from the stage alone, plus two flags the stage cannot express (proof of delivery
received, handover still pending).
"""

from dataclasses import dataclass

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

# Built-in stage code -> (board column, customer status), as in the architecture table.
DEFAULT_VIEWS = {
    "sale_order": ("new", "received"),
    "purchase_order": ("pending_purchase", "placed_to_vendor"),
    "factory_order": ("pending_purchase", "placed_to_vendor"),
    "assembly_plan": ("pending_purchase", "placed_to_vendor"),
    "finished_products": ("ready_to_bill", "ready_for_dispatch"),
    "invoice": ("ready_to_bill", "ready_for_dispatch"),
    "tax_invoice": ("dispatched", "invoiced"),
    "shipment": ("dispatched", "invoiced"),
    "eway_bill": ("dispatched", "invoiced"),
    "partial_dispatch": ("dispatched", "invoiced"),
    "complete_dispatch": ("dispatched", "invoiced"),
    "customer_feedback": ("delivered", "delivered"),
}
_PENDING_VIEWS = ("new", "received")
_DELIVERED_VIEWS = ("delivered", "delivered")

# Built-in stages whose applicability depends on the order's facts (see applicability.stage_applies).
CONDITIONAL_STAGES = frozenset({"purchase_order", "factory_order", "assembly_plan", "eway_bill"})

# Stages no order type may leave out: the order's entry, the documents the law wants before goods move (tax
# invoice or challan, e-way bill, the shipment's delivery note), the movement itself, and the terminal stage.
# (Whether the e-way bill applies stays decided by the consignment's value, never by the order's type.)
MANDATORY_STAGES = frozenset(
    {
        "sale_order",
        "tax_invoice",
        "shipment",
        "eway_bill",
        "partial_dispatch",
        "complete_dispatch",
        "customer_feedback",
    }
)


@dataclass(frozen=True)
class StageSpec:
    """One stage as a company configured it: its place comes from its position in :class:`Pipeline`."""

    code: str
    board_column: str = "dispatched"
    customer_status: str = "invoiced"
    enabled: bool = True
    # Some orders of the company leave this stage out: an order type of the company skips it. Never true
    # of a mandatory stage, whatever the configuration says (see :data:`MANDATORY_STAGES`).
    optional_by_type: bool = False

    @property
    def conditional(self):
        return self.code in CONDITIONAL_STAGES

    @property
    def optional(self):
        return self.optional_by_type and self.code not in MANDATORY_STAGES


@dataclass(frozen=True)
class Pipeline:
    """A company's pipeline: its stages in the configured order, disabled ones included (an order
    jumping over a disabled stage records it as skipped)."""

    stages: tuple

    @property
    def codes(self):
        return tuple(spec.code for spec in self.stages)

    def spec(self, stage_code):
        for spec in self.stages:
            if spec.code == stage_code:
                return spec
        raise ValueError(f"Unknown pipeline stage code: {stage_code!r}")

    def position(self, stage_code):
        """1-based position of ``stage_code``; ``ValueError`` if the company has no such stage."""
        try:
            return self.codes.index(stage_code) + 1
        except ValueError:
            raise ValueError(f"Unknown pipeline stage code: {stage_code!r}") from None

    def between(self, from_code, to_code):
        """Codes strictly between two stages; none for a backward or repeated move."""
        start, end = self.position(from_code), self.position(to_code)
        return self.codes[start : end - 1] if end > start else ()


def default_pipeline():
    """The twelve built-in stages in the architecture's order, all enabled: the default a company starts
    with."""
    return Pipeline(tuple(StageSpec(code, *DEFAULT_VIEWS[code]) for code in STAGE_CODES))


DEFAULT_PIPELINE = default_pipeline()


def stage_position(stage_code, pipeline=DEFAULT_PIPELINE):
    """Return the 1-based position of ``stage_code`` in the pipeline; raise ``ValueError`` if unknown."""
    return pipeline.position(stage_code)


def stage_name(stage_code, stage_names=None):
    """Display name of a stage, from ``stage_names`` when given (e.g. translated names), else English."""
    names = stage_names or STAGE_NAMES
    return names.get(stage_code) or STAGE_NAMES.get(stage_code) or str(stage_code)


def _views(stage_code, pod_received, handover_pending, pipeline):
    """Shared lookup behind :func:`board_column` and :func:`customer_status`."""
    if stage_code == CANCELLED:
        # A cancelled order drops out of the board and the status bar; the Odoo layer shows "Cancelled".
        return (None, None)
    # A lead handed over but not yet confirmed has no stage; it waits in "New Orders".
    if handover_pending or stage_code is None:
        return _PENDING_VIEWS
    spec = pipeline.spec(stage_code)
    # Proof of delivery wins over the stage: goods reached the customer even if the paperwork lags.
    if pod_received:
        return _DELIVERED_VIEWS
    return (spec.board_column, spec.customer_status)


def board_column(stage_code, pod_received=False, handover_pending=False, pipeline=DEFAULT_PIPELINE):
    """Operations board column of an order: new, pending_purchase, ready_to_bill, dispatched or delivered.

    ``stage_code`` None or ``handover_pending`` means no confirmed order yet (column ``new``). Returns None
    for a cancelled order. The column of a stage is the company's configuration (``pipeline``). Raises
    ``ValueError`` for an unknown stage code.
    """
    return _views(stage_code, pod_received, handover_pending, pipeline)[0]


def customer_status(stage_code, pod_received=False, handover_pending=False, pipeline=DEFAULT_PIPELINE):
    """Customer / sales status of an order: received, placed_to_vendor, ready_for_dispatch, invoiced or
    delivered; same inputs and rules as :func:`board_column`."""
    return _views(stage_code, pod_received, handover_pending, pipeline)[1]
