"""Run inside ``odoo shell`` on a database of the previous release, with that release's code: leave the
state an upgrade must keep, made by that release's own actions where it had them.

- The demo order at Shipment gets its shipment plan and dispatches a first tranche through the release's
  Dispatch action; the rest stays in an open backorder (the open tranche). The tranche is invoiced.
- Its tranche that left carries an e-way bill NIC generated (the release's bill record, done as its job
  left it, with a Part-B update done after it), and the open tranche a bill still waiting to be sent (its
  job pending, as the release's paused demo connection leaves every bill).
- A third bill, on another order's delivery, failed for good at NIC.

Prints one JSON line ``LEGACY {...}`` naming the records, for the checks after the upgrade.
"""

import json

admin = env.ref("base.user_admin")  # noqa: F821 - ``env`` is odoo shell's
env = env(user=admin, context=dict(env.context, tracking_disable=True))  # noqa: F821
Order = env["sale.order"]
order = Order.search([("oms_stage_id.code", "=", "shipment")], limit=1)
assert order, "the previous release's demo has an order at Shipment"
transporter = env["res.partner"].search([("oms_is_transporter", "=", True)], limit=1) or env[
    "res.partner"
].create({"name": "Legacy Roadways", "is_company": True, "oms_is_transporter": True})
order.write(  # the shipment plan, as Dispatch enters it on the order
    {
        "oms_transporter_id": transporter.id,
        "oms_vehicle_number": "ka01ab1234",
        "oms_driver_name": "Ravi",
        "oms_driver_phone": "98765 43210",
        "oms_lr_number": "LR-778",
        "oms_expected_dispatch_date": "2026-12-01",
    }
)
lines = order._oms_goods_lines()
wanted = {line: max(1.0, line.product_uom_qty // 2) for line in lines[:1]}
wizard = (
    env["oms.dispatch.wizard"]
    .with_context(active_id=order.id, default_order_id=order.id)
    .create({"order_id": order.id})
)
wizard.line_ids.filtered(lambda line: line.sale_line_id not in wanted).unlink()
for line in wizard.line_ids:
    line.quantity = wanted[line.sale_line_id]
wizard.action_dispatch()
left = order.picking_ids.filtered(lambda picking: picking.state == "done")[:1]
open_tranche = order.picking_ids.filtered(lambda picking: picking.state not in ("done", "cancel"))[:1]
assert left and open_tranche, (order.name, order.picking_ids.mapped("state"))
invoice = order.invoice_ids.filtered(lambda move: move.state == "posted")[:1]
if not invoice:  # the tranche's tax invoice, as Finance makes it with Odoo's Create Invoice
    invoice = order._create_invoices()
    invoice.action_post()
Bill = env["oms.eway.bill"].sudo().with_context(tracking_disable=True)
common = {"move_id": invoice.id, "company_id": order.company_id.id, "oms_distance_km": 120}
active = Bill.create(
    dict(
        common,
        picking_id=left.id,
        payload=json.dumps({"docType": "INV", "docNo": invoice.name}),
    )
)
active.write(
    {
        "state": "done",
        "attempts": 1,
        "oms_ewb_no": "331000000101",
        "oms_ewb_date": "2026-11-30 04:30:00",
        "oms_ewb_valid_until": "2026-12-01 18:29:59",
        "oms_ewb_status": "active",
        "oms_vehicle_number": "KA01AB1234",
    }
)
part_b = (
    env["oms.eway.bill.operation"]
    .sudo()
    .create(
        {
            "eway_bill_id": active.id,
            "company_id": order.company_id.id,
            "operation": "part_b",
            "params": json.dumps({"vehicle_number": "KA01AB5678"}),
        }
    )
)
part_b.write({"state": "done", "attempts": 1})
waiting = Bill.create(
    dict(common, picking_id=open_tranche.id, payload=json.dumps({"docType": "INV", "docNo": "WAITING"}))
)
waiting.write({"attempts": 2, "last_error": "NIC did not answer (timeout); trying again later."})
other = Order.search(
    [("id", "!=", order.id), ("picking_ids.picking_type_code", "=", "outgoing")], limit=1
).picking_ids.filtered(lambda picking: picking.picking_type_code == "outgoing")[:1]
failed = Bill.create(
    dict(common, picking_id=other.id, payload=json.dumps({"docType": "INV", "docNo": "BAD"}))
)
failed.write({"state": "failed", "attempts": 1, "last_error": "NIC refused the e-way bill: 221: distance"})
env.cr.commit()
print(
    "LEGACY "
    + json.dumps(
        {
            "order": order.id,
            "left": left.id,
            "open_tranche": open_tranche.id,
            "open_quantities": {str(move.id): move.product_uom_qty for move in open_tranche.move_ids},
            "bills": {"active": active.id, "waiting": waiting.id, "failed": failed.id},
            "part_b": part_b.id,
            "history_rows": len(order.oms_history_ids),
        }
    )
)
