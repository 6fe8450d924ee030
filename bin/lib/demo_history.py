"""Give the demo company six months of business, made through the suite's real flow.

Run by bin/oms-run after it installs the suite with demo data, and by the Odoo tier on its demo database:
    python bin/lib/demo_history.py --database DB --odoo-config odoo.conf [--odoo-option=--db_host=...]

Orders are placed over the last ``--days`` days and each is taken through the pipeline one stage at a time
(``sale.order._oms_demo_step``: the stage's work through the suite's actions and wizards, as the demo user
of the team that owns it, then Next Stage). Every step happens at its own moment: the clock is set to it
(freezegun), so history, invoices, IRNs, e-way bills, payments and feedback carry their dates, and the
steps of all orders happen in the order of those dates. A step due after today is not taken: the orders
of the last weeks are still on their way, at every stage. NIC's IRP and e-way bill system and Tally Prime
are the loopback simulators of tests/simulators, started here and stopped at the end; the demo company's
connections are then paused again (they point at nothing).

Reproducible (one seed) and done once per database: a second run says so and changes nothing.
"""

import argparse
import heapq
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from demo_http import serving_reports  # noqa: E402
from freezegun import freeze_time  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.exceptions import UserError, ValidationError  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

from simulators.connection import einvoice_connection_values  # noqa: E402
from simulators.nic_ewb import EwbSimulator  # noqa: E402
from simulators.nic_irp import IrpSimulator  # noqa: E402
from simulators.tally import TallySimulator  # noqa: E402

DONE_PARAMETER = "oms_demo.history_built"
PAUSED_REASON = (
    "the demo's history was made against the loopback NIC simulators, which are not running now; fill in "
    "the GSP/NIC sandbox credentials and untick Sending Paused to send for real."
)
# Hours a stage's work takes before the order moves on: (shortest, longest).
STAGE_HOURS = {
    None: (1, 20),  # a quotation before Sales confirms it
    "sale_order": (2, 30),
    "purchase_order": (48, 130),
    "factory_order": (48, 110),
    "assembly_plan": (20, 70),
    "finished_products": (3, 24),
    "invoice": (2, 18),
    "tax_invoice": (2, 20),
    "shipment": (4, 30),
    "eway_bill": (1, 8),
    "partial_dispatch": (20, 80),
    "complete_dispatch": (24, 120),
}
# What customers order: (product xml id, smallest, largest quantity, share of orders).
CATALOGUE = (
    ("oms_handover.product_bearing", 20, 320, 35),
    ("oms_handover.product_vbelt", 10, 90, 25),
    ("oms_handover.product_hose", 4, 26, 15),
    ("oms_handover.product_control_panel", 1, 3, 15),
)
SERVICE = "oms_handover.product_commissioning"
CUSTOMERS = (
    ("oms_handover.partner_customer_pune", 30),
    ("oms_handover.partner_customer_bengaluru", 25),
    ("oms_handover.partner_customer_ahmedabad", 20),
    ("oms_handover.partner_customer_sez", 10),
    ("oms_handover.partner_customer_consumer", 15),
)
# Stock the warehouse keeps of the items sold or consumed from stock: (product xml id, reorder below, up to).
# Every week Procurement buys what has fallen below from the demo vendor, and the warehouse receives it.
REPLENISHED = (
    ("oms_handover.product_bearing", 600, 1600),
    ("oms_handover.product_vbelt", 200, 600),
    ("oms_handover.product_hose", 30, 90),
    ("oms_dispatch_mrp.product_mcb", 200, 800),
    ("oms_dispatch_mrp.product_contactor", 150, 600),
    ("oms_dispatch_mrp.product_enclosure", 50, 200),
)
VENDOR = "oms_handover.partner_vendor_bearings"
MAX_RETRIES = 7
# One order in RECENT_EVERY is placed in the last RECENT_DAYS days (see plan_orders).
RECENT_EVERY = 6
RECENT_DAYS = 21
COMMENTS = (
    "On time and well packed.",
    "Driver called ahead; smooth unloading.",
    "One carton dented, goods fine.",
    "Took two days longer than agreed.",
    "Documents complete; our stores received it in minutes.",
    None,
)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--odoo-config", required=True)
    parser.add_argument("--odoo-option", action="append", default=[], help="extra Odoo option")
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--days", type=int, default=182)
    parser.add_argument("--seed", type=int, default=18)
    return parser.parse_args()


class DemoHistory:
    def __init__(self, env, arguments):
        self.env = env
        self.arguments = arguments
        self.random = random.Random(arguments.seed)
        self.company = env.ref("oms_handover.company_oms_demo")
        # The history ends at today's midnight (UTC), not at this instant: the plan's hours are then the same
        # whatever the hour the database is built, and so is the stage each recent order has reached.
        self.now = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.events = []  # heap of (when, sequence, kind, payload)
        self.sequence = 0
        self.problems = []
        self.retries = {}  # order id -> refused steps so far
        self.counts = {"orders": 0, "steps": 0, "payments": 0, "feedback": 0}

    # ----- the simulators -----

    def connect(self, irp, ewb, tally):
        """Point the demo company's IRP, e-way bill and Tally connections at the simulators."""
        config = self.env["oms.einvoice.config"].search([("company_id", "=", self.company.id)], limit=1)
        irp.gstin = ewb.gstin = config.gstin
        config.write(
            {
                "sending_paused": False,
                "paused_reason": False,
                **einvoice_connection_values(irp, ewb),
            }
        )
        tally_config = self.env["oms.tally.config"].search([("company_id", "=", self.company.id)], limit=1)
        self.tally_before = {
            "host": tally_config.host,
            "port": tally_config.port,
            "auto_push": tally_config.auto_push,
        }
        tally_config.write({"host": "127.0.0.1", "port": tally.port, "auto_push": True})
        return config, tally_config

    def accountants_in_tally(self, tally, tally_config):
        """The accountants key a few receipts and a credit note in Tally for invoices still open in Odoo, as
        they do at month end, and Finance reads them back (the bridge's read-back)."""
        books = tally.company(tally_config.company_name)
        if not tally_config.credit_note_account_id:
            # Where the accountants' credit notes clear the invoices in Odoo (Tally keeps the tax document).
            tally_config.credit_note_account_id = self.env["account.account"].create(
                {
                    "name": "Tally Credit Notes (Clearing)",
                    "code": "TALLYCN",
                    "account_type": "liability_current",
                    "company_ids": [(6, 0, self.company.ids)],
                }
            )
        open_invoices = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "=", "not_paid"),
            ],
            order="invoice_date",
            limit=6,
        )
        for number, invoice in enumerate(open_invoices[:4], start=1):
            party = invoice.commercial_partner_id.name
            day = self.now.strftime("%Y%m%d")
            amount = invoice.amount_total
            books.enter_voucher(
                "Receipt", f"TR-{number:03d}", day, party, amount, [("Agst Ref", invoice.name, amount)]
            )
        for invoice in open_invoices[4:5]:
            credit = round(invoice.amount_total * 0.1, 2)
            books.enter_voucher(
                "Credit Note",
                "TCN-001",
                self.now.strftime("%Y%m%d"),
                invoice.commercial_partner_id.name,
                credit,
                [("Agst Ref", invoice.name, credit)],
            )
        print(f"demo history: Tally read back: {tally_config._oms_pull()}", flush=True)

    def distribution_run(self):
        """Sales runs the weekly route once: its draft orders wait in the quotations."""
        route = self.env.ref("oms_handover.distribution_list_weekly_route", raise_if_not_found=False)
        if not route:
            return
        sales = self.env.ref("oms_handover.user_oms_sales")
        run = (
            self.env["oms.distribution.run"]
            .with_user(sales)
            .with_company(self.company)
            .create({"list_id": route.id, "order_date": self.now})
        )
        run.action_run()
        if run.refused_count:
            self.problems.append(f"distribution run {run.name}: {run.refused_count} customer(s) refused")

    def disconnect(self, config, tally_config):
        config.write({"sending_paused": True, "paused_reason": PAUSED_REASON})
        tally_config.write(self.tally_before)

    # ----- the plan -----

    def schedule(self, when, kind, payload):
        if when <= self.now:
            self.sequence += 1
            heapq.heappush(self.events, (when, self.sequence, kind, payload))

    def plan_orders(self):
        start = self.now - timedelta(days=self.arguments.days)
        products = [
            (self.env.ref(xmlid, raise_if_not_found=False), low, high, share)
            for xmlid, low, high, share in CATALOGUE
        ]
        # The control panel is made to order only where manufacturing is installed.
        manufacturing = bool(
            self.env["ir.module.module"].search_count(
                [("name", "=", "oms_dispatch_mrp"), ("state", "=", "installed")]
            )
        )
        products = [item for item in products if manufacturing or item[0].default_code != "CP-200"]
        customers = [(self.env.ref(xmlid), share) for xmlid, share in CUSTOMERS]
        for number in range(self.arguments.orders):
            if number % RECENT_EVERY == 0:
                # Orders of the last three weeks, still on their way: the demo opens with orders waiting at
                # every stage, even the stages that hold an order only for hours (E-Way Bill, Invoice).
                when = self.now - timedelta(days=self.random.uniform(0, RECENT_DAYS))
            else:
                # More orders lately: the business grows over the half-year.
                position = self.random.random() ** 0.5
                when = start + timedelta(seconds=position * (self.now - start).total_seconds())
            when = when.replace(hour=self.random.randint(4, 11), minute=self.random.randint(0, 59))
            customer = self.random.choices([c for c, _ in customers], [s for _, s in customers])[0]
            product, low, high, _share = self.random.choices(products, [item[3] for item in products])[0]
            if customer == self.env.ref("oms_handover.partner_customer_consumer"):
                high = max(low, high // 8)  # a walk-in consumer buys a few
            lines = [(product, self.random.randint(low, high))]
            if product.default_code == "CP-200" and self.random.random() < 0.5:
                lines.append((self.env.ref(SERVICE), 1))
            self.schedule(when, "order", {"number": number, "customer": customer, "lines": lines})

    def plan_replenishments(self):
        start = self.now - timedelta(days=self.arguments.days)
        for week in range(self.arguments.days // 7 + 1):
            self.schedule(start + timedelta(days=7 * week, hours=2), "replenish", week)

    def later(self, code):
        low, high = STAGE_HOURS.get(code, (2, 24))
        return timedelta(hours=self.random.uniform(low, high))

    # ----- the events -----

    def create_order(self, when, payload):
        customer = payload["customer"]
        sales = self.env.ref("oms_handover.user_oms_sales")
        order = (
            self.env["sale.order"]
            .with_user(sales)
            .with_company(self.company)
            .create(
                {
                    "partner_id": customer.id,
                    "client_order_ref": f"PO/{when:%y%m}/{payload['number'] + 1:04d}",
                    "oms_agreed_date": (when + timedelta(days=self.random.randint(8, 20))).date(),
                    "payment_term_id": self.env.ref("account.account_payment_term_30days").id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": quantity})
                        for product, quantity in payload["lines"]
                    ],
                }
            )
        )
        self.counts["orders"] += 1
        self.schedule(when + self.later(None), "step", order.id)

    def step(self, when, order_id):
        order = self.env["sale.order"].browse(order_id)
        code = order._oms_demo_step()
        self.counts["steps"] += 1
        if code == "customer_feedback":
            self.schedule(when + timedelta(days=self.random.uniform(1, 6)), "feedback", order_id)
            for invoice in order.invoice_ids.filtered(lambda move: move.state == "posted"):
                if self.random.random() < 0.85:  # most customers pay, some late
                    self.schedule(when + timedelta(days=self.random.uniform(5, 45)), "payment", invoice.id)
        else:
            self.schedule(when + self.later(code), "step", order_id)

    def feedback(self, when, order_id):
        if self.random.random() < 0.7:  # not every customer answers
            rating = self.random.choices((5, 4, 3, 2), (45, 35, 15, 5))[0]
            nps = min(10, max(0, rating * 2 + self.random.randint(-2, 0)))
            order = self.env["sale.order"].browse(order_id)
            order._oms_demo_record_feedback(rating, nps, self.random.choice(COMMENTS))
            self.counts["feedback"] += 1

    def payment(self, when, invoice_id):
        invoice = self.env["account.move"].browse(invoice_id)
        if invoice.payment_state in ("paid", "in_payment"):
            return
        finance = self.env.ref("oms_handover.user_oms_finance")
        wizard = (
            self.env["account.payment.register"]
            .with_user(finance)
            .with_company(self.company)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": when.date()})
        )
        wizard.action_create_payments()
        self.counts["payments"] += 1

    def replenish(self, when, _week):
        """Procurement buys what fell below its reorder level; the warehouse receives it in full."""
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        lines = []
        for xmlid, below, up_to in REPLENISHED:
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if not product:
                continue
            available = product.with_context(warehouse_id=warehouse.id).free_qty
            if available < below:
                lines.append(Command.create({"product_id": product.id, "product_qty": up_to - available}))
        if not lines:
            return
        procurement = self.env.ref("oms_handover.user_oms_procurement")
        purchase = (
            self.env["purchase.order"]
            .with_user(procurement)
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.env.ref(VENDOR).id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "order_line": lines,
                }
            )
        )
        purchase.button_confirm()
        for receipt in purchase.picking_ids:
            for move in receipt.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            receipt.button_validate()
        # The vendor's bill comes with the goods and the administrator books it (the demo's Finance user has no
        # purchase rights); it goes to Tally as a Purchase voucher.
        booked = purchase.with_env(self.env)
        booked.action_create_invoice()
        booked.invoice_ids.write({"invoice_date": when.date(), "ref": f"VB/{purchase.name}"})
        booked.invoice_ids.action_post()
        # What the new stock now covers is reserved for the orders waiting for it (Odoo's scheduler would).
        waiting = self.env["stock.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("picking_code", "=", "outgoing"),
                ("state", "in", ("confirmed", "partially_available")),
            ]
        )
        if waiting:
            waiting.picking_id.action_assign()

    def send_to_tally(self):
        # sudo: as the outbox's scheduled action runs (as the superuser).
        self.env["oms.tally.sync"].sudo()._oms_process_pending(commit=False)

    def refused(self, when, kind, payload, error):
        """A step the pipeline refused (goods not in yet, say) is tried again the next day, as the team would;
        one still refused after a week is reported."""
        if kind == "step":
            self.retries[payload] = self.retries.get(payload, 0) + 1
        if kind == "step" and self.retries[payload] <= MAX_RETRIES:
            self.schedule(when + timedelta(days=1), kind, payload)
            return
        label = payload["number"] if kind == "order" else payload
        self.problems.append(f"{when:%Y-%m-%d %H:%M} {kind} {label}: {error}")

    def run(self):
        handlers = {
            "order": self.create_order,
            "step": self.step,
            "feedback": self.feedback,
            "payment": self.payment,
            "replenish": self.replenish,
        }
        started = time.monotonic()
        # One frozen clock moved from event to event: starting freezegun anew scans every loaded module.
        with freeze_time(self.events[0][0]) as clock:
            while self.events:
                when, _sequence, kind, payload = heapq.heappop(self.events)
                clock.move_to(when)
                try:
                    with self.env.cr.savepoint():
                        handlers[kind](when, payload)
                        self.send_to_tally()
                except (UserError, ValidationError) as error:
                    # The savepoint undid the step's writes: what the cache holds of them is stale.
                    self.env.invalidate_all()
                    self.refused(when, kind, payload, error)
        print(
            f"demo history: {self.counts['orders']} orders, {self.counts['steps']} steps, "
            f"{self.counts['payments']} payments, {self.counts['feedback']} feedback, "
            f"{sum(self.retries.values())} steps refused and tried again later, in "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )


def main():
    arguments = parse_arguments()
    odoo.tools.config.parse_config(["-c", arguments.odoo_config, *arguments.odoo_option])
    registry = Registry(arguments.database)
    with registry.cursor() as cursor:
        env = api.Environment(cursor, SUPERUSER_ID, {})
        if not env.ref("oms_handover.company_oms_demo", raise_if_not_found=False):
            print(
                "demo history: no demo company in this database (installed without demo data); nothing to do"
            )
            return 0
        if env["ir.config_parameter"].sudo().get_param(DONE_PARAMETER):
            print("demo history: made already in this database; nothing to do")
            return 0
        history = DemoHistory(env, arguments)
        irp, ewb, tally = (
            IrpSimulator().start(),
            EwbSimulator().start(),
            TallySimulator(
                companies=(
                    env["oms.tally.config"]
                    .search([("company_id", "=", history.company.id)], limit=1)
                    .company_name,
                )
            ).start(),
        )
        try:
            # The PDFs the history stores load their styles and fonts from Odoo's HTTP service.
            with serving_reports(env, arguments.database):
                config, tally_config = history.connect(irp, ewb, tally)
                history.plan_orders()
                history.plan_replenishments()
                history.run()
                history.accountants_in_tally(tally, tally_config)
                history.distribution_run()
                history.disconnect(config, tally_config)
                # Finance's GSTR-1 of each month of the history, the past ones exported (oms_gst_returns).
                if "oms.gstr1.return" in env:
                    env["oms.gstr1.return"]._oms_demo_returns(months=7)
        finally:
            for simulator in (irp, ewb, tally):
                simulator.stop()
        for problem in history.problems:
            print(f"demo history: refused: {problem}")
        env["ir.config_parameter"].sudo().set_param(DONE_PARAMETER, history.now.isoformat())
        cursor.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
