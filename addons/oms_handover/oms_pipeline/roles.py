"""Role groups of the pipeline and the stage each one owns by default (seed 002, "Role gates")."""

GROUP_SALES = "oms_handover.group_oms_sales"
GROUP_PROCUREMENT = "oms_handover.group_oms_procurement"
GROUP_PRODUCTION = "oms_handover.group_oms_production"
GROUP_FINANCE = "oms_handover.group_oms_finance"
GROUP_DISPATCH = "oms_handover.group_oms_dispatch"
GROUP_MANAGER = "oms_handover.group_oms_manager"
# Not a team: who may cancel orders in the pipeline (with a reason).
GROUP_CANCEL = "oms_handover.group_oms_cancel"

ROLE_GROUPS = (GROUP_SALES, GROUP_PROCUREMENT, GROUP_PRODUCTION, GROUP_FINANCE, GROUP_DISPATCH)

GROUP_NAMES = {
    GROUP_SALES: "Sales",
    GROUP_PROCUREMENT: "Procurement",
    GROUP_PRODUCTION: "Production",
    GROUP_FINANCE: "Finance",
    GROUP_DISPATCH: "Dispatch",
    GROUP_MANAGER: "Manager",
}

# The group that may move an order INTO a stage: the team that does that stage's work.
STAGE_OWNER_GROUP = {
    "sale_order": GROUP_SALES,
    "purchase_order": GROUP_PROCUREMENT,
    "factory_order": GROUP_PRODUCTION,
    "assembly_plan": GROUP_PRODUCTION,
    "finished_products": GROUP_PRODUCTION,
    "invoice": GROUP_FINANCE,
    "tax_invoice": GROUP_FINANCE,
    "shipment": GROUP_DISPATCH,
    "eway_bill": GROUP_DISPATCH,
    "partial_dispatch": GROUP_DISPATCH,
    "complete_dispatch": GROUP_DISPATCH,
    "customer_feedback": GROUP_SALES,
}


def group_name(group_xmlid, group_names=None):
    """Display name of a group, from ``group_names`` when given, else English, else the xmlid itself."""
    names = group_names or GROUP_NAMES
    return names.get(group_xmlid) or GROUP_NAMES.get(group_xmlid) or str(group_xmlid)
