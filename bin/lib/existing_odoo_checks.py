"""Run inside ``odoo shell`` after the suite was installed on a database of plain Odoo with business in it
(existing_odoo_state.py), then once after each add-on is uninstalled (``OMS_UNINSTALL``, leaves first):

- the earlier business is as it was (its fingerprint);
- the order confirmed before the suite still delivers through Odoo's own Validate: it is not a pipeline
  order, the suite's dispatch gate is not its business (checked once, after the install);
- Odoo's own flow works on new records: quotation, confirmation, delivery, invoice.

Prints ``EXISTING-PROBLEM <text>`` lines and ``EXISTING-CHECKED <n>``.
"""

import json
import os
import pathlib
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields

exec(pathlib.Path(os.environ["OMS_EXISTING_COMMON"]).read_text())
expected = json.loads(os.environ["OMS_EXISTING"])
ids = expected["ids"]
checked = 0
database = env.cr.dbname  # noqa: F821 - ``env`` is odoo shell's


def pipeline_moves(env, moment):
    """While oms_handover is installed, a new order enters the pipeline and moves on through the rules,
    whichever add-ons (and their checks) are gone: the rules keep working without the uninstalled checks."""
    try:
        with env.cr.savepoint():
            order = env["sale.order"].create(
                {
                    "partner_id": env["res.partner"].browse(ids["customer"]).id,
                    "client_order_ref": f"PIPELINE-{moment}",
                    # What the order header check asks before an order leaves Sale Order.
                    "oms_agreed_date": fields.Date.today() + timedelta(days=10),
                    "payment_term_id": env.ref("account.account_payment_term_30days").id,
                    "order_line": [(0, 0, {"product_id": ids["product"], "product_uom_qty": 7})],
                }
            )
            order.action_confirm()
            entered = order.oms_stage_id.code
            order.action_oms_move_next()
            moved = order.oms_stage_id.code
            raise RuntimeError(f"roll back {entered} {moved}")
    except RuntimeError as error:
        words = str(error).split()
        if words[:2] != ["roll", "back"] or words[2] != "sale_order" or words[3] == "sale_order":
            print(
                f"EXISTING-PROBLEM {moment}: a new order did not move through the pipeline: "
                + " ".join(str(error).split())
            )
    except Exception as error:  # the refusal is the finding
        print(
            f"EXISTING-PROBLEM {moment}: a new order did not move through the pipeline: "
            + " ".join(str(error).split())
        )


def check(env, moment):
    global checked
    seen = fingerprint(env, ids)  # noqa: F821 - from existing_odoo_common
    for key, value in expected["fingerprint"].items():
        checked += 1
        if json.loads(json.dumps(seen[key])) != value:
            print(f"EXISTING-PROBLEM {moment}: {key} was {value}, now {seen[key]}")
    if "oms.stage" in env:
        checked += 1
        pipeline_moves(env, moment)
    checked += 1
    gate = "oms_dispatch_gate" in env["res.company"]._fields
    try:
        with env.cr.savepoint():
            if gate:
                # With oms_dispatch, a new order's goods leave only through the pipeline's dispatch (its
                # documents first): Odoo's plain Validate is refused, by design, as long as the company has
                # the gate on. A company that turns it off gets Odoo's own flow back.
                env.company.oms_dispatch_gate = False
            problem = still_works(env, moment.replace(" ", "-"))  # noqa: F821
            raise RuntimeError("roll back")
    except RuntimeError as error:
        problem = None if str(error) == "roll back" else f"RuntimeError: {error}"
    except Exception as error:  # every failure of Odoo's own flow is the finding
        problem = f"{type(error).__name__}: {error}"
    if problem:
        print(f"EXISTING-PROBLEM {moment}: Odoo's own flow on new records fails: {problem}")
    if gate:
        checked += 1
        refused = None
        try:
            with env.cr.savepoint():
                env.company.oms_dispatch_gate = True
                still_works(env, moment.replace(" ", "-") + "-gated")  # noqa: F821
        except Exception as error:  # the refusal is what is checked
            refused = str(error)
        if not refused or "cannot leave yet" not in refused:
            print(
                f"EXISTING-PROBLEM {moment}: with the dispatch gate on, a delivery left outside the pipeline"
            )


admin_env = env(user=env.ref("base.user_admin"), context=dict(env.context, tracking_disable=True))  # noqa: F821
check(admin_env, "after installing the suite")
# The order confirmed before the suite: its delivery leaves through Odoo's Validate as before.
checked += 1
open_order = admin_env["sale.order"].browse(ids["open_order"])
try:
    with admin_env.cr.savepoint():
        validate(open_order.picking_ids)  # noqa: F821
        if open_order.picking_ids.mapped("state") != ["done"]:
            print(
                f"EXISTING-PROBLEM the earlier order's delivery stayed {open_order.picking_ids.mapped('state')}"
            )
        raise RuntimeError("roll back")  # the fingerprint keeps the delivery open for the next checks
except RuntimeError as error:
    if str(error) != "roll back":
        print(f"EXISTING-PROBLEM the earlier order's delivery cannot be validated: {error}")
except Exception as error:
    print(
        f"EXISTING-PROBLEM the earlier order's delivery cannot be validated: {type(error).__name__}: {error}"
    )
env.cr.rollback()  # noqa: F821

for module_name in [name for name in os.environ.get("OMS_UNINSTALL", "").split(",") if name]:
    with odoo.modules.registry.Registry(database).cursor() as cr:
        uninstall_env = api.Environment(cr, SUPERUSER_ID, {})
        module = uninstall_env["ir.module.module"].search([("name", "=", module_name)])
        if module.state != "installed":
            print(f"EXISTING-PROBLEM {module_name} is {module.state} before its uninstall")
            continue
        module.button_immediate_uninstall()  # Apps > Uninstall: commits and loads a new registry
    with odoo.modules.registry.Registry(database).cursor() as cr:
        after_env = api.Environment(cr, SUPERUSER_ID, {})
        state = after_env["ir.module.module"].search([("name", "=", module_name)]).state
        checked += 1
        if state != "uninstalled":
            print(f"EXISTING-PROBLEM {module_name} is {state} after its uninstall")
        check(
            after_env(user=after_env.ref("base.user_admin"), context={"tracking_disable": True}),
            f"without {module_name}",
        )
        cr.rollback()
print(f"EXISTING-CHECKED {checked}")
