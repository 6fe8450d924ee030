"""Run inside ``odoo shell`` with the current code on a database upgraded from the release before
per-company pipelines (made by ``migration_pipeline_state.py``; its ``LEGACY`` line arrives in
OMS_LEGACY). Prints ``MIGRATION-PROBLEM <what>`` for each thing lost or changed, then
``MIGRATION-CHECKED <number of checks>``."""

import json
import os

from odoo.addons.oms_handover.oms_pipeline.stages import STAGE_CODES

legacy = json.loads(os.environ["OMS_LEGACY"])
env = env(context=dict(env.context, active_test=False))  # noqa: F821 - ``env`` is odoo shell's
checks = []


def check(condition, problem):
    checks.append(problem)
    if not condition:
        print(f"MIGRATION-PROBLEM {problem}")


Stage, Rule, Step = env["oms.stage"], env["oms.transition.rule"], env["oms.pipeline.step"]
for code, (stage_id, name, group_ids) in legacy["stages"].items():
    stage = Stage.browse(stage_id)
    check(
        stage.exists() and (stage.code, stage.name, sorted(stage.group_ids.ids)) == (code, name, group_ids),
        f"stage {code} keeps its record, name and owner groups",
    )
    check(stage.builtin and not stage.company_id, f"stage {code} is built-in and shared by every company")

check(not Rule.search_count([("company_id", "=", False)]), "no rule is left without a company")
for company_id, rules in legacy["rules"].items():
    company = env["res.company"].browse(int(company_id))
    steps = Step.search([("company_id", "=", company.id)])
    check(tuple(steps.mapped("code")) == STAGE_CODES, f"{company.name} has the twelve stages in order")
    check(all(steps.mapped("enabled")), f"{company.name}'s stages are all enabled")
    now = {
        f"{rule.from_stage_id.code}>{rule.to_stage_id.code}": [
            sorted(rule.group_ids.ids),
            sorted(rule.check_ids.mapped("code")),
            rule.active,
        ]
        for rule in Rule.search([("company_id", "=", company.id)])
    }
    for pair, before in rules.items():
        check(
            now.get(pair) == before,
            f"{company.name}'s rule {pair} is kept as it applied: {before} -> {now.get(pair)}",
        )
    extra = sorted(set(now) - set(rules))
    check(not extra, f"{company.name} gains no move it did not have: {extra}")

demo = legacy["demo_company"]
own = Rule.search(
    [
        ("company_id", "=", demo),
        ("from_stage_id.code", "=", "finished_products"),
        ("to_stage_id.code", "=", "invoice"),
    ]
)
check(
    own.group_ids == env.ref("oms_handover.group_oms_dispatch")
    and sorted(own.check_ids.mapped("code")) == ["finished_goods_ready", "order_has_lines"],
    "the demo company's own rule keeps Dispatch and its two checks, now from the registry",
)
for order_id, (code, state, history) in legacy["orders"].items():
    order = env["sale.order"].browse(int(order_id))
    check(
        (order.oms_stage_id.code, order.state, len(order.oms_history_ids)) == (code, state, history),
        f"order {order.name} keeps its stage, state and {history} history rows",
    )
    config = order._oms_pipeline_config(order.company_id.id)
    check(code in config.stage_ids, f"order {order.name}'s stage is in its company's pipeline")

print(f"MIGRATION-CHECKED {len(checks)}")
