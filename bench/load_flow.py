"""What one simulated user does with one order over JSON-RPC: the suite's real actions, stage by stage,
from quotation to complete dispatch, racing a second user on the last tranche.

The order is the law's (CGST Rules 55 and 138): each tranche is planned (quantities picked), invoiced for
exactly those quantities, registered at the IRP, and gets its e-way bill BEFORE its delivery is validated;
the demo company invoices per tranche."""

import threading
import time
from datetime import date, timedelta

from load_cluster import screens_of
from load_rpc import RpcError

# Above the e-way bill threshold (₹50,000), so the E-Way Bill stage applies.
ORDERED_QUANTITY = 400
FIRST_TRANCHE = 160
# The first tranche leaves from either (E-Way Bill is skipped when the order is below the threshold).
DISPATCH_FROM = ("eway_bill", "partial_dispatch")


class OrderFlow:
    """Drives one order; ``users`` are RpcUser sessions: the user, a rival of another person (the race needs
    two) and a viewer who only looks at the screens."""

    def __init__(self, users, fixtures, run_tag, index, outcomes):
        self.user, self.rival, self.viewer = users
        self.fixtures, self.outcomes = fixtures, outcomes
        self.reference = f"{run_tag}-{index:04d}"
        # Customers in turn: every run has orders of the first one, whose buyer opens the portal.
        self.customer_id = fixtures["customer_ids"][index % len(fixtures["customer_ids"])]
        self.order_id = None
        self.first_picking_id = None

    # ----- helpers -----

    def _call(self, model, method, args, kwargs=None, action=None, user=None):
        return (user or self.user).call(model, method, args, kwargs, action=action)

    def _wait_for(self, model, record_id, field, wanted, seconds=420, interval=1.0):
        """Poll until the cron workers have done their part (an IRN, an e-way bill number)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            [record] = self._call(model, "read", [[record_id], [field]], action="poll")
            if wanted(record[field]):
                return record[field]
            time.sleep(interval)
        raise TimeoutError(f"{model},{record_id}: {field} not reached in {seconds} s")

    # ----- the stages -----

    def create_and_confirm(self):
        fixtures = self.fixtures
        self.order_id = self._call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.customer_id,
                    "client_order_ref": self.reference,
                    "oms_agreed_date": str(date.today() + timedelta(days=10)),
                    "payment_term_id": fixtures["payment_term_id"],
                    "warehouse_id": fixtures["warehouse_id"],
                    "order_line": [
                        (0, 0, {"product_id": fixtures["product_id"], "product_uom_qty": ORDERED_QUANTITY})
                    ],
                }
            ],
            action="create order",
        )
        self._call("sale.order", "action_confirm", [[self.order_id]], action="confirm order")

    def issue_commercial_invoice(self):
        action = self._call(
            "sale.order",
            "action_oms_create_commercial_invoice",
            [[self.order_id]],
            action="commercial invoice",
        )
        self._call(
            "oms.commercial.invoice", "action_issue", [[action["res_id"]]], action="commercial invoice"
        )

    def plan_tranche(self, quantity=None):
        """Dispatch's Plan Tranche (the pick confirmation); returns the planned delivery's id."""
        context = {"active_model": "sale.order", "active_id": self.order_id}
        wizard_id = self._call(
            "oms.dispatch.wizard",
            "create",
            [{"order_id": self.order_id}],
            {"context": context},
            action="plan tranche",
        )
        if quantity is not None:
            [wizard] = self._call(
                "oms.dispatch.wizard", "read", [[wizard_id], ["line_ids"]], action="plan tranche"
            )
            self._call("oms.dispatch.wizard.line", "write", [wizard["line_ids"], {"quantity": quantity}])
        return self._call("oms.dispatch.wizard", "action_plan", [[wizard_id]], action="plan tranche")[
            "res_id"
        ]

    def invoice_tranche(self):
        """Finance's Invoice Tranche for the planned quantities, posted, and its IRN awaited."""
        action = self._call(
            "sale.order", "action_oms_invoice_tranche", [[self.order_id]], action="tax invoice"
        )
        invoice_id = action["res_id"]
        self._call("account.move", "action_post", [[invoice_id]], action="post invoice")
        self._wait_for("account.move", invoice_id, "oms_einvoice_state", lambda state: state == "sent")

    def post_tax_invoice(self):
        self.first_picking_id = self.plan_tranche(FIRST_TRANCHE)
        self.invoice_tranche()

    def eway_bill(self, picking_id):
        """The tranche's e-way bill, generated and awaited before its goods move."""
        self._call("stock.picking", "action_oms_generate_ewb", [[picking_id]], action="e-way bill")
        bills = self._wait_for("stock.picking", picking_id, "oms_eway_bill_ids", bool)
        self._wait_for("oms.eway.bill", bills[0], "oms_ewb_status", lambda s: s == "active")

    def plan_shipment(self):
        self._call(
            "sale.order",
            "write",
            [[self.order_id], dict(self.fixtures["shipment_plan"])],
            action="plan shipment",
        )

    def acknowledge_duplicates(self):
        # Every load order has the same customer, product and quantity as others: Sales acknowledges.
        self._call("sale.order", "action_oms_acknowledge_duplicates", [[self.order_id]], action="acknowledge")

    PREPARE = {
        "sale_order": acknowledge_duplicates,
        "invoice": issue_commercial_invoice,
        "tax_invoice": post_tax_invoice,
        "shipment": plan_shipment,
    }

    def advance_to_dispatch(self):
        # The confirmed order's stage as its form shows it: from the replica once the session's
        # read-your-writes window has passed (the colleague's screens may take that long under load), so the
        # user waits until the confirmation is there, as for every move below.
        code = self._code(self._wait_for("sale.order", self.order_id, "oms_stage_id", bool, interval=0.25))
        for _step in range(14):
            if code in DISPATCH_FROM:
                return
            prepare = self.PREPARE.get(code)
            if prepare:
                prepare(self)
            self._call("sale.order", "action_oms_move_next", [[self.order_id]], action="move next stage")
            # The order's stage is read as the form shows it, from the replica when there is one: the next
            # step waits until the move is visible there (a user would not press Next on a stale form).
            stage_id = self._wait_for(
                "sale.order",
                self.order_id,
                "oms_stage_id",
                lambda stage, was=code: self._code(stage) != was,
                interval=0.25,
            )
            code = self._code(stage_id)
        raise AssertionError(f"{self.reference} did not reach dispatch: stuck in {code}")

    def _code(self, stage):
        return self.fixtures["stage_codes"].get(stage and stage[0])

    def _dispatch(self, user, picking_id):
        self._call(
            "stock.picking", "action_oms_dispatch", [[picking_id]], action="dispatch tranche", user=user
        )
        return picking_id

    def dispatch(self):
        self.eway_bill(self.first_picking_id)
        self._dispatch(self.user, self.first_picking_id)
        last_picking_id = self.plan_tranche()
        self.invoice_tranche()
        self.eway_bill(last_picking_id)
        # Two people dispatch the last tranche at the same moment: the row lock lets one through, the other
        # is refused (nothing left) - never both.
        barrier, results = threading.Barrier(2), []

        def attempt(user):
            barrier.wait()
            try:
                results.append(("dispatched", self._dispatch(user, last_picking_id)))
            except RpcError as error:
                results.append(("refused", error.message))

        racers = [threading.Thread(target=attempt, args=(user,)) for user in (self.user, self.rival)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        self.outcomes.append((self.reference, sorted(kind for kind, _detail in results)))

    def look_around(self, customer_too=False):
        """A colleague's screens meanwhile (the board, a KPI dashboard, the timeline) and, once the goods
        are on their way, the customer with a portal login on their order's page."""
        screens_of(self.viewer, self.order_id, self.fixtures)
        portal = self.fixtures.get("portal_user")
        if customer_too and portal and self.customer_id == self.fixtures["customer_ids"][0]:
            portal.get(f"/my/orders/{self.order_id}", action="portal order page")

    def run(self):
        self.create_and_confirm()
        self.look_around()
        self.advance_to_dispatch()
        self.dispatch()
        self.look_around(customer_too=True)
        return self.order_id
