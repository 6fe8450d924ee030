"""Load-test set-up in the database, committed before the server starts: the demo company talks to the
loopback simulators, load users with every role, a stocked product invoiced on ordered quantities."""

from datetime import date, timedelta

from odoo import Command

from simulators.connection import einvoice_connection_values

LOAD_PASSWORD = "load-user-password"
CUSTOMER_XMLIDS = (
    "oms_handover.partner_customer_pune",
    "oms_handover.partner_customer_bengaluru",
    "oms_handover.partner_customer_ahmedabad",
)


def configure(env, irp, ewb, tally, user_count, smtp):
    """Point the demo company at the simulators and return the plain values the users need."""
    company = env.ref("oms_handover.company_oms_demo")
    env = env(context=dict(env.context, allowed_company_ids=company.ids, tracking_disable=True))
    # Mail goes out as in production, to a relay: the loopback one of this run, the only server used.
    env["ir.mail_server"].search([]).write({"active": False})
    env["ir.mail_server"].create(
        {
            "name": "Load-test relay",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_encryption": "none",
        }
    )
    # Mails left unsent by an earlier run point at a relay that is gone: they are that run's.
    env["mail.mail"].search([("state", "in", ("outgoing", "exception"))]).write({"state": "cancel"})
    config_values = {
        "company_id": company.id,
        "gstin": company.vat,
        "timeout": 2.0,
        **einvoice_connection_values(irp, ewb),
    }
    # Jobs left by an earlier run point at simulators that are gone: they are that run's, not this one's.
    for model in ("oms.irn.job", "oms.eway.bill.operation", "oms.tally.sync", "oms.customer.mail"):
        if model in env:
            env[model].search([("state", "in", ("pending", "failed"))]).write({"state": "cancelled"})
    # The demo's paused connection is rewritten in place, not replaced: its demo xml id stays, so updating
    # the add-ons later does not load a second connection for the company.
    Config = env["oms.einvoice.config"].with_context(active_test=False)
    config = Config.search([("company_id", "=", company.id)], limit=1)
    config_values.update(sending_paused=False, paused_reason=False, sandbox=False)
    if config:
        config.write(config_values)
    else:
        Config.create(config_values)
    tally_config = env["oms.tally.config"].search([("company_id", "=", company.id)], limit=1)
    tally_config.write({"host": "127.0.0.1", "port": tally.port, "timeout": 2.0, "active": True})
    tally.add_company(tally_config.company_name, tracks_godowns=False)

    product = env.ref("oms_handover.product_bearing")
    product.invoice_policy = "order"  # the tax invoice comes before dispatch in the pipeline (seed 002)
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100000.0)

    manager = env.ref("oms_handover.group_oms_manager")
    logins = []
    for index in range(user_count):
        login = f"load_user_{index + 1}"
        user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
        groups = [
            env.ref("base.group_user").id,
            manager.id,
            env.ref("stock.group_stock_user").id,
            env.ref("account.group_account_invoice").id,
            env.ref("sales_team.group_sale_manager").id,
        ]
        values = {
            "name": f"Load User {index + 1}",
            "login": login,
            "email": f"{login}@load.example.com",
            "password": LOAD_PASSWORD,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set(groups)],
            "active": True,
        }
        if user:
            user.write(values)
        else:
            env["res.users"].with_context(no_reset_password=True).create(values)
        logins.append(login)

    transporter = env["res.partner"].search(
        [("oms_is_transporter", "=", True), ("company_id", "in", [False, company.id])], limit=1
    )
    return {
        "logins": logins,
        "portal_login": portal_login(env, env.ref(CUSTOMER_XMLIDS[0])),
        "customer_ids": [env.ref(xmlid).id for xmlid in CUSTOMER_XMLIDS],
        "product_id": product.id,
        "warehouse_id": warehouse.id,
        "payment_term_id": env.ref("account.account_payment_term_30days").id,
        "stage_codes": {stage.id: stage.code for stage in env["oms.stage"].search([])},
        "shipment_plan": {
            "oms_transporter_id": transporter.id,
            "oms_vehicle_number": "MH12AB1234",
            "oms_driver_name": "Load Driver",
            "oms_driver_phone": "+919876543210",
            "oms_lr_number": "LR-LOAD",
            "oms_transport_mode": "road",
            "oms_distance_km": 150,
            "oms_expected_dispatch_date": str(date.today() + timedelta(days=1)),
        },
    }


def portal_login(env, customer):
    """A buyer of the first customer with a portal login: their orders' pages are part of the load."""
    login = "load_portal_buyer"
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    if not user:
        buyer = env["res.partner"].create(
            {"name": "Load Portal Buyer", "parent_id": customer.id, "email": f"{login}@load.example.com"}
        )
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": buyer.name,
                    "login": login,
                    "partner_id": buyer.id,
                    "groups_id": [Command.set([env.ref("base.group_portal").id])],
                }
            )
        )
    user.write({"password": LOAD_PASSWORD, "active": True})
    return login
