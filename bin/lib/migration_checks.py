"""Run inside ``odoo shell`` with the current code on a database upgraded from the previous release (made by
``migration_legacy_state.py``, whose ``LEGACY`` line arrives in the environment variable OMS_LEGACY).

Prints ``MIGRATION-PROBLEM <what>`` for each thing the upgrade lost or changed, then
``MIGRATION-CHECKED <number of checks>``.
"""

import json
import os

legacy = json.loads(os.environ["OMS_LEGACY"])
env = env(context=dict(env.context, active_test=False))  # noqa: F821 - ``env`` is odoo shell's
checks = []


def check(condition, problem):
    checks.append(problem)
    if not condition:
        print(f"MIGRATION-PROBLEM {problem}")


Bill = env["oms.eway.bill"]
bills = {name: Bill.browse(bill_id) for name, bill_id in legacy["bills"].items()}
check(all(bill.exists() for bill in bills.values()), "every e-way bill is kept")

active = bills["active"]
check(
    (active.oms_ewb_no, active.oms_ewb_status, active.picking_id.id)
    == ("331000000101", "active", legacy["left"]),
    f"the generated bill keeps its number, status and delivery: {active.oms_ewb_no} {active.oms_ewb_status}",
)
check(
    (active.oms_generation_id.operation, active.oms_generation_state, active.oms_generation_id.attempts)
    == ("generate", "done", 1),
    "the generated bill's job became its generation operation, sent",
)
check(
    active.operation_ids.ids == [legacy["part_b"]] and active.operation_ids.operation == "part_b",
    f"the bill's later requests are its Part-B update only: {active.operation_ids.mapped('operation')}",
)
check(
    json.loads(active.oms_generation_id.params or "{}").get("docType") == "INV",
    "the generation request is kept as the operation's request",
)

waiting = bills["waiting"]
generation = waiting.oms_generation_id
check(
    (waiting.oms_ewb_status, generation.state, generation.attempts) == ("to_generate", "pending", 2),
    f"the waiting bill still waits, as one pending generation: {waiting.oms_ewb_status} {generation.state}",
)
check("did not answer" in (generation.last_error or ""), "the waiting bill's last error is kept")
check(
    json.loads(generation.params or "{}").get("docNo") == "WAITING",
    "the waiting bill's request is the one it had",
)
check(
    env["ir.cron"].search_count(
        [("model_id.model", "=", "oms.eway.bill.operation"), ("code", "like", "_cron_oms_process_outbox")]
    )
    == 1,
    "one cron sends e-way bill operations, generation included",
)
check(
    not env["ir.cron"].search_count(
        [("model_id.model", "=", "oms.eway.bill"), ("code", "like", "_cron_oms_process_outbox")]
    ),
    "no cron is left calling the bill's former job",
)

failed = bills["failed"]
check(
    (failed.oms_ewb_status, failed.oms_generation_state) == ("refused", "failed"),
    f"the bill NIC refused is Refused, its generation failed: {failed.oms_ewb_status}",
)
check("221" in (failed.oms_generation_error or ""), "the refused bill keeps NIC's reason")

order = env["sale.order"].browse(legacy["order"])
check(order.oms_stage_id.code == "partial_dispatch", f"the order stays at {order.oms_stage_id.code}")
check(len(order.oms_history_ids) == legacy["history_rows"], "the order's history is kept, row for row")
check(order.company_id.oms_dispatch_gate, "the company's goods now leave only through the pipeline")
open_tranche = env["stock.picking"].browse(legacy["open_tranche"])
check(open_tranche.state not in ("done", "cancel"), f"the open tranche stays open: {open_tranche.state}")
check(
    {str(move.id): move.product_uom_qty for move in open_tranche.move_ids} == legacy["open_quantities"],
    "the open tranche keeps its quantities",
)
check(
    open_tranche.oms_tranche_state in ("open", "planned", "documented", "ready"),
    f"the open tranche has a tranche state: {open_tranche.oms_tranche_state}",
)
check(
    open_tranche._oms_live_eway_bills() == waiting,
    "the open tranche's live e-way bill is the waiting one",
)
left = env["stock.picking"].browse(legacy["left"])
check(
    left.oms_tranche_state == "dispatched", f"the tranche that left is Dispatched: {left.oms_tranche_state}"
)
check(left.sudo()._oms_active_eway_bill() == active, "the tranche that left keeps its e-way bill in force")
env.cr.execute(
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'oms_eway_bill' AND column_name = 'state'"
)
check(env.cr.fetchone()[0] == 0, "the bill's former job columns are gone")
print(f"MIGRATION-CHECKED {len(checks)}")
