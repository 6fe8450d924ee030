"""18.0.1.3.0 adds the approval matrix and its check "Approvals granted": it joins the default rules that
leave Sale Order in every company, as it does at a fresh install (a consultant's own rules are left alone)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["oms.check"]._oms_link_to_default_rules(["oms_handover.check_approvals_granted"])
    env.registry.clear_cache()  # the engine caches each company's rules
