"""The demo tells the truth: every order of the demo company agrees with its stage. An order that passed a
stage passed that move's checks, so they must still pass (its invoice posted, its receipts in, its goods
finished...); goods leave only from Partial Dispatch on, and from Complete Dispatch on every line is
delivered. And the demo lives: its history spans the last six months, a few hundred orders stand at every
stage, and every KPI dashboard has figures.

The demo history is made after the install (bin/lib/demo_history.py, run by bin/oms-run and by the Odoo
tier on its demo database), so these tests are not among an add-on's standard tests (the install runs
those before any history exists): the Odoo tier runs them with pytest-odoo on the demo database once its
history is made (tag oms_demo_history)."""

from datetime import timedelta
from itertools import pairwise

from odoo import fields
from odoo.tests import tagged

from odoo.addons.oms_handover.oms_pipeline.transitions import guards_for_move
from odoo.addons.oms_handover.tests.common import OmsCommon

# The dashboards a consultant shows a prospect: each must have figures for the demo company.
KPI_REPORTS = (
    "oms.stage.time.report",
    "oms.cycle.time.report",
    "oms.feedback.report",
    "oms.dispatch.kpi.report",
    "oms.fulfilment.report",
    "oms.order.cash.report",
)

# Checks that read the present rather than what a stage left behind: a demo order may since have gone on
# credit hold or met a duplicate; the engine asks them when leaving Sale Order, not later.
MOMENT_CHECKS = {"credit_approved", "duplicates_acknowledged"}
# Checks that a later stage's own work changes on purpose, judged on the documents instead:
# - the goods are all reserved when they leave Finished Products, but planning a lot picks that lot's
#   quantities and releases the rest of the reservation (Odoo's reserved quantity is the picked one);
# - leaving E-Way Bill asks for the e-way bill of the planned lot; once it left, no lot is planned, and
#   each delivery that left is held to its own e-way bill below.
CHANGED_BY_PLANNING = {"finished_goods_ready"}
CHANGED_BY_DISPATCH = {"eway_bill_generated"}


@tagged("post_install", "-at_install", "-standard", "oms_demo_history")
class TestDemoIsTruthful(OmsCommon):
    def setUp(self):
        super().setUp()
        self.demo_company = self.env.ref("oms_handover.company_oms_demo", raise_if_not_found=False)
        if not self.demo_company:
            self.fail("run on a database with demo data whose history is made (bin/lib/demo_history.py)")

    def demo_orders(self):
        return self.env["sale.order"].search(
            [("company_id", "=", self.demo_company.id), ("oms_stage_id", "!=", False)]
        )

    def contradictions(self, order):
        """What the order's documents say against its stage, in words."""
        found = []
        config = order._oms_config()
        codes = config.pipeline.codes
        current = order._oms_current_code()
        entered = [
            row.to_stage_id.code
            for row in order.oms_history_ids.sorted(lambda row: (row.date, row.id))
            if row.kind in ("move", "handover") and row.to_stage_id
        ]
        deliveries = order.picking_ids.filtered(lambda picking: picking.location_dest_id.usage == "customer")
        goods_left = deliveries.filtered(lambda picking: picking.state == "done")
        planned = deliveries.filtered(lambda picking: picking.state != "done" and picking._oms_is_planned())
        skipped = set(MOMENT_CHECKS)
        if goods_left or planned:
            skipped |= CHANGED_BY_PLANNING
        if goods_left and not planned:
            skipped |= CHANGED_BY_DISPATCH
        # Each move the order made: the checks of that move's rules hold on what the order has now.
        for left, reached in pairwise(entered):
            if left == reached:
                continue  # another tranche at Partial Dispatch
            for name in guards_for_move(left, reached, config.rules):
                if name not in skipped:
                    found.extend(f"left {left}, but {message}" for message in order._oms_run_guard(name))
        for picking in goods_left:
            required, _value, _threshold = picking._oms_ewb_requirement()
            if required and not picking.oms_eway_bill_ids.filtered(
                lambda bill: bill.oms_ewb_status == "active"
            ):
                found.append(f"delivery {picking.name} left without its e-way bill")
            if not picking.oms_tranche_invoice_id.filtered(lambda move: move.state == "posted") and not (
                order.invoice_ids.filtered(lambda move: move.state == "posted")
            ):
                found.append(f"delivery {picking.name} left without a posted tax invoice")
        position = codes.index(current)
        if goods_left and position < codes.index("partial_dispatch"):
            found.append(f"goods left ({', '.join(goods_left.mapped('name'))}) before Partial Dispatch")
        if position >= codes.index("complete_dispatch") and not order._oms_is_fully_dispatched():
            found.append("at or past Complete Dispatch with goods still to deliver")
        return found

    def test_every_demo_order_agrees_with_its_stage(self):
        orders = self.demo_orders()
        found = {order.name: self.contradictions(order) for order in orders}
        self.maxDiff = None
        self.assertEqual({name: problems for name, problems in found.items() if problems}, {})

    def test_the_demo_lives_six_months_at_every_stage(self):
        orders = self.demo_orders()
        self.assertGreaterEqual(len(orders), 100, "a hundred orders and more (200 with bin/oms-run)")
        first = min(orders.mapped("date_order"))
        self.assertLessEqual(first, fields.Datetime.now() - timedelta(days=150), "history over six months")
        entered = self.env["oms.stage.history"].search([("order_id", "in", orders.ids)])
        self.assertLessEqual(min(entered.mapped("date")), fields.Datetime.now() - timedelta(days=150))
        at = set(orders.mapped("oms_stage_id.code"))
        self.assertGreaterEqual(len(at), 8, f"orders wait at most stages, not only a few: {sorted(at)}")
        done = orders.filtered(lambda order: order.oms_stage_id.code == "customer_feedback")
        self.assertGreaterEqual(len(done), len(orders) // 2, "most orders of six months are delivered")
        invoices = done.invoice_ids.filtered(lambda move: move.state == "posted")
        self.assertTrue(invoices.filtered("oms_irn"), "B2B invoices carry IRNs")
        self.assertTrue(
            done.picking_ids.oms_eway_bill_ids, "consignments above the threshold had e-way bills"
        )
        self.assertTrue(invoices.filtered(lambda move: move.payment_state in ("paid", "in_payment")))

    def test_every_dashboard_has_figures(self):
        for report in KPI_REPORTS:
            if report not in self.env:
                continue
            with self.subTest(report=report):
                rows = self.env[report].search_count([("company_id", "=", self.demo_company.id)])
                self.assertGreater(rows, 0, f"{report} shows nothing for the demo company")
