"""Order types gained "Invoicing": the types made before it get the behaviour their kind always meant
(Metro: invoiced on confirmation, paid at the counter; Consignment: invoiced from the consignee's sales
report; Promotion, Gift, Display, Sponsor: free supply, which
has no proforma, so those skip the Commercial Invoice stage). The shipped types are noupdate data, so an
upgrade would otherwise leave them all on "Tax invoice"."""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = env["sale.order.type"].with_context(active_test=False)
    types.search([("oms_kind", "=", "metro")]).oms_invoicing = "counter"
    types.search([("oms_kind", "=", "consignment")]).oms_invoicing = "consignee_report"
    free = types.search([("oms_kind", "in", ("promotion", "gift", "display", "sponsor"))])
    free.oms_invoicing = "free_supply"
    commercial_invoice = env.ref("oms_handover.stage_invoice", raise_if_not_found=False)
    if commercial_invoice:
        # Through the ORM: the pipeline's cache and default rules follow the skip, as on the type's form.
        free.write({"oms_skip_stage_ids": [Command.link(commercial_invoice.id)]})
