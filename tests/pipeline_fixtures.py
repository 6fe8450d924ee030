"""Facts and checks of the architecture's stage table ("applies when", "may be left when"), as the add-ons
register them in the Odoo layer: the pure core knows neither, it is given them."""

from oms_pipeline.applicability import OrderFacts
from oms_pipeline.stages import CONDITIONAL_STAGES

# The checks each add-on registers on leaving a built-in stage (oms.check, leave_stage_ids).
CHECKS_ON_LEAVING = {
    "sale_order": ("order_header_complete", "order_has_lines", "credit_approved", "duplicates_acknowledged"),
    "purchase_order": ("purchase_receipts_complete",),
    "factory_order": ("production_complete",),
    "assembly_plan": ("assembly_plan_complete",),
    "finished_products": ("finished_goods_ready",),
    "invoice": ("commercial_invoice_issued",),
    "tax_invoice": ("tax_invoice_posted",),
    "shipment": ("shipment_planned", "delivery_note_exists"),
    "eway_bill": ("eway_bill_generated",),
}

# oms_dispatch: a traded line not covered by stock; oms_dispatch_mrp: a manufactured line.
NEEDS_PURCHASE = OrderFacts(applicable=frozenset({"purchase_order"}))
MANUFACTURED = OrderFacts(applicable=frozenset({"factory_order", "assembly_plan"}))
EVERY_CONDITIONAL_STAGE = frozenset(CONDITIONAL_STAGES)
