"""Plain Odoo's own flow under the same load (issue 18): the yardstick of the suite's figures.

A database with Odoo's sale_stock, sale_management and l10n_in only (no add-on of the suite), holding the
same company shape, customers, product, quantities and users as the load database, is driven by the same
number of users on the same topology. Each order is what Odoo does without the suite's steps: confirm (which
reserves and makes the delivery), then twice - validate a delivery of part of the goods (160, then the
backorder of 240, as the suite's two tranches), invoice what was delivered and post the invoice.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from load_rpc import RpcUser
from load_setup import LOAD_PASSWORD

from odoo import Command

QUANTITY, FIRST_PART = 400, 160
COMPANY_NAME = "Plain Odoo Distributors Pvt Ltd"
CUSTOMERS = (  # the suite's three demo customers of the load, as plain partners
    ("Mahalaxmi Engineering Works", "27AAFCM5678Q1ZI", "base.state_in_mh", "Pune"),
    ("Kaveri Automation Systems", "29AABCK2345P1Z4", "base.state_in_ka", "Bengaluru"),
    ("Sabarmati Pumps & Valves", "24AAGCS4567R1Z9", "base.state_in_gj", "Ahmedabad"),
)
# Actions compared, suite's name -> plain Odoo's name.
COMPARED = {
    "confirm order": "confirm order",
    "post invoice": "post invoice",
    "dispatch tranche": "validate delivery",
}


def configure_plain(env, user_count, password):
    """The plain database's company, customers, product, stock and users (idempotent)."""
    Company = env["res.company"]
    company = Company.search([("name", "=", COMPANY_NAME)], limit=1)
    if not company:
        company = Company.create(
            {
                "name": COMPANY_NAME,
                "country_id": env.ref("base.in").id,
                "state_id": env.ref("base.state_in_mh").id,
                "vat": "27AADCD4321K1ZR",
                "city": "Pune",
            }
        )
        env["account.chart.template"].try_loading("in", company, install_demo=False)
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    customers = []
    for name, vat, state, city in CUSTOMERS:
        partner = env["res.partner"].search(
            [("name", "=", name), ("company_id", "in", (False, company.id))], limit=1
        )
        customers.append(
            partner
            or env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "vat": vat,
                    "state_id": env.ref(state).id,
                    "country_id": env.ref("base.in").id,
                    "city": city,
                }
            )
        )
    product = env["product.product"].search(
        [("default_code", "=", "BRG-6205"), ("company_id", "=", company.id)]
    )
    if not product:
        product = env["product.product"].create(
            {
                "name": "Ball Bearing 6205-2RS",
                "default_code": "BRG-6205",
                "is_storable": True,
                "list_price": 185.0,
                "standard_price": 120.0,
                "invoice_policy": "delivery",  # invoiced as delivered, as each suite tranche is
                "company_id": company.id,
                "taxes_id": [Command.set(company.account_sale_tax_id.ids)],
            }
        )
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1) or env[
        "stock.warehouse"
    ].create({"name": COMPANY_NAME, "code": "PLN", "company_id": company.id})
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100000.0)
    groups = [
        env.ref(xmlid).id
        for xmlid in (
            "base.group_user",
            "sales_team.group_sale_manager",
            "stock.group_stock_user",
            "account.group_account_invoice",
        )
    ]
    logins = []
    for index in range(user_count):
        login = f"plain_user_{index + 1}"
        values = {
            "name": f"Plain User {index + 1}",
            "login": login,
            "email": f"{login}@load.example.com",  # the author of the chatter notes the flow writes
            "password": password,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set(groups)],
        }
        user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
        if user:
            user.write(values)
        else:
            env["res.users"].with_context(no_reset_password=True).create(values)
        logins.append(login)
    return {
        "logins": logins,
        "customer_ids": [customer.id for customer in customers],
        "product_id": product.id,
        "warehouse_id": warehouse.id,
    }


class PlainOrderFlow:
    """One order through Odoo's own buttons, over JSON-RPC as the web client calls them."""

    def __init__(self, user: RpcUser, fixtures, index):
        self.user, self.fixtures, self.reference = user, fixtures, f"PLAIN-{index:04d}"
        self.customer_id = fixtures["customer_ids"][index % len(fixtures["customer_ids"])]  # in turn, as ours

    def call(self, model, method, args, kwargs=None, action=None):
        return self.user.call(model, method, args, kwargs, action=action)

    def run(self):
        fixtures = self.fixtures
        order_id = self.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.customer_id,
                    "client_order_ref": self.reference,
                    "warehouse_id": fixtures["warehouse_id"],
                    "order_line": [
                        (0, 0, {"product_id": fixtures["product_id"], "product_uom_qty": QUANTITY})
                    ],
                }
            ],
            action="create order",
        )
        self.call("sale.order", "action_confirm", [[order_id]], action="confirm order")
        for quantity in (FIRST_PART, QUANTITY - FIRST_PART):
            self.deliver(order_id, quantity)
            self.invoice(order_id)
        return order_id

    def deliver(self, order_id, quantity):
        # Plain Odoo reads from the replica however recent the user's own write (the suite's read-your-writes
        # is not there): the backorder made a moment ago appears once the replica has it, as on refresh.
        for _attempt in range(120):
            [order] = self.call("sale.order", "read", [[order_id], ["picking_ids"]], action="read order")
            pickings = self.call(
                "stock.picking",
                "search_read",
                [[("id", "in", order["picking_ids"]), ("state", "not in", ("done", "cancel"))], ["move_ids"]],
            )
            if pickings:
                break
            self.user.latencies.error("replica behind: read again")
            time.sleep(0.25)
        picking = pickings[0]
        self.call("stock.move", "write", [picking["move_ids"], {"quantity": quantity, "picked": True}])
        # The action as the user waits for it: Validate and, for a part delivery, the backorder question
        # answered (three requests), against the suite's one Dispatch request.
        started = time.perf_counter()
        result = self.call("stock.picking", "button_validate", [[picking["id"]]], action="validate: button")
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            # Odoo asks whether the rest is a backorder: yes, as the suite's later tranche.
            context = result.get("context", {})
            wizard_id = self.call(
                "stock.backorder.confirmation",
                "create",
                [{"pick_ids": [(6, 0, [picking["id"]])]}],
                {"context": context},
                action="validate: backorder",
            )
            self.call(
                "stock.backorder.confirmation",
                "process",
                [[wizard_id]],
                {"context": context},
                action="validate: backorder",
            )
        self.user.latencies.add("validate delivery", time.perf_counter() - started)

    def invoice(self, order_id):
        context = {"active_model": "sale.order", "active_ids": [order_id], "active_id": order_id}
        wizard_id = self.call(
            "sale.advance.payment.inv",
            "create",
            [{"advance_payment_method": "delivered", "sale_order_ids": [(6, 0, [order_id])]}],
            {"context": context},
            action="create invoice",
        )
        action = self.call(
            "sale.advance.payment.inv",
            "create_invoices",
            [[wizard_id]],
            {"context": context},
            action="create invoice",
        )
        self.call("account.move", "action_post", [[action["res_id"]]], action="post invoice")


def run_plain(arguments, registry_env, start, latencies, threads):
    """The same users and orders on plain Odoo; ``start(done)`` brings its server(s) up and returns
    ``(base_url, stop)``, ``done()`` counting the orders completed so far (the node outage of a faulted run
    comes at the same point as the suite's). Returns (elapsed seconds, completed orders, failures)."""
    fixtures = registry_env(lambda env: _configured(env, arguments.users))
    failures, done = [], []
    base_url, stop = start(lambda: len(done))
    try:
        users = [
            RpcUser(base_url, arguments.baseline_database, login, LOAD_PASSWORD, latencies)
            for login in fixtures["logins"]
        ]
        free, lock = list(users), threading.Lock()

        def one_order(index):
            with lock:
                user = free.pop()
            try:
                done.append(PlainOrderFlow(user, fixtures, index).run())
            except Exception as error:  # every failure is reported; none stops the run
                failures.append(f"PLAIN-{index:04d}: {error}")
            finally:
                with lock:
                    free.append(user)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(one_order, range(arguments.orders)))
        elapsed = time.monotonic() - started
    finally:
        stop()
    return elapsed, len(done), failures


def _configured(env, user_count):
    from load_setup import LOAD_PASSWORD

    values = configure_plain(env, user_count, LOAD_PASSWORD)
    env.cr.commit()
    return values


def ratio_table(ours, odoos, target=1.5):
    """Prints p50/p95 of each compared action, ours and Odoo's, and the p95 ratio; returns the failures."""
    ours_by_action = {action: (count, p50, p95) for action, count, p50, p95 in ours.table()}
    odoo_by_action = {action: (count, p50, p95) for action, count, p50, p95 in odoos.table()}
    print(
        f"\n{'action (ours / Odoo)':<42}{'ours p50':>10}{'p95':>8}{'Odoo p50':>10}{'p95':>8}{'p95 ratio':>11}"
    )
    failures = []
    for our_action, odoo_action in COMPARED.items():
        if our_action not in ours_by_action or odoo_action not in odoo_by_action:
            failures.append(f"{our_action}: not measured")
            continue
        _n, our_p50, our_p95 = ours_by_action[our_action]
        _m, odoo_p50, odoo_p95 = odoo_by_action[odoo_action]
        ratio = our_p95 / odoo_p95
        verdict = "PASS" if ratio <= target else "FAIL"
        print(
            f"{our_action + ' / ' + odoo_action:<42}{our_p50 * 1000:>9.0f} {our_p95 * 1000:>7.0f} "
            f"{odoo_p50 * 1000:>9.0f} {odoo_p95 * 1000:>7.0f}{ratio:>10.2f}  {verdict} (target <= {target:g})"
        )
        if ratio > target:
            failures.append(f"{our_action}: p95 x{ratio:.2f}")
    return failures
