"""Run inside ``odoo shell`` on a database of the release before per-company pipelines (stages shared by
every company, rules shared or per company with free-text checks), with that release's code: make the
edits a manager makes, and print ``LEGACY {json}`` with what the upgrade must keep.

- Stage Commercial Invoice renamed, and Finance added to Shipment's owner groups.
- The demo company's own rule for Finished Products -> Commercial Invoice: Dispatch's, with two checks.
- A shared rule archived (Sale Order -> Factory Order).
"""

import json

from odoo import Command

admin = env.ref("base.user_admin")  # noqa: F821 - ``env`` is odoo shell's
env = env(user=admin, context=dict(env.context, tracking_disable=True, active_test=False))  # noqa: F821
Stage, Rule = env["oms.stage"], env["oms.transition.rule"]
stages = {stage.code: stage for stage in Stage.search([])}
stages["invoice"].name = "Proforma Invoice"
stages["shipment"].group_ids = [Command.link(env.ref("oms_handover.group_oms_finance").id)]
company = env.ref("oms_handover.company_oms_demo", raise_if_not_found=False) or env.company
shared = Rule.search(
    [
        ("from_stage_id.code", "=", "finished_products"),
        ("to_stage_id.code", "=", "invoice"),
        ("company_id", "=", False),
    ]
)
shared.copy(
    {
        "company_id": company.id,
        "group_ids": [Command.set([env.ref("oms_handover.group_oms_dispatch").id])],
        "guard_names": "finished_goods_ready, order_has_lines",
    }
)
Rule.search(
    [
        ("from_stage_id.code", "=", "sale_order"),
        ("to_stage_id.code", "=", "factory_order"),
        ("company_id", "=", False),
    ]
).active = False


def effective_rules(company_id):
    """{(from, to): [groups, guards, active]} as the release's engine applies them to a company."""
    rules = {}
    for rule in Rule.search([("company_id", "in", [False, company_id])]).sorted(lambda r: bool(r.company_id)):
        rules[f"{rule.from_stage_id.code}>{rule.to_stage_id.code}"] = [
            sorted(rule.group_ids.ids),
            sorted(name.strip() for name in (rule.guard_names or "").split(",") if name.strip()),
            rule.active,
        ]
    return rules


orders = env["sale.order"].search([("oms_stage_id", "!=", False)])
env.cr.commit()
print(
    "LEGACY "
    + json.dumps(
        {
            "stages": {
                code: [stage.id, stage.name, sorted(stage.group_ids.ids)] for code, stage in stages.items()
            },
            "rules": {str(c.id): effective_rules(c.id) for c in env["res.company"].search([])},
            "orders": {
                str(order.id): [order.oms_stage_id.code, order.state, len(order.oms_history_ids)]
                for order in orders
            },
            "demo_company": company.id,
        }
    )
)
