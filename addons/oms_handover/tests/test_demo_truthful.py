"""The demo tells the truth: every demo order's documents agree with its stage. An order that passed a
stage passed that move's checks, so they must still pass (its invoice posted, its receipts in, its goods
finished...); goods leave only from Partial Dispatch on, and from Complete Dispatch on every line is
delivered. Run with every add-on installed, on the database with demo data (on one without, there are no
demo orders and nothing to walk).

NOT YET ENABLED (not imported in tests/__init__.py): today's demo fails it. Its orders are placed at their
stage by _oms_demo_place_orders without the stages' work: they pass through stages that do not apply
(Assembly Plan for traded goods), leave Commercial and Tax Invoice without the invoices, Shipment without a
plan, and one order's goods left before Partial Dispatch (measured on a demo database, 2026-12-06). Enable
it with the demo rebuilt through the real flow (issue 17, point 4)."""

from itertools import pairwise

from odoo.tests import tagged

from ..oms_pipeline.transitions import guards_for_move
from .common import OmsCommon

# Checks that read the present rather than what a stage left behind: a demo order may since have gone on
# credit hold or met a duplicate; the engine asks them when leaving Sale Order, not later.
MOMENT_CHECKS = {"credit_approved", "duplicates_acknowledged"}


@tagged("post_install", "-at_install")
class TestDemoIsTruthful(OmsCommon):
    def demo_orders(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "sale.order"), ("module", "=like", "oms\\_%")]
        )
        return self.env["sale.order"].browse(data.mapped("res_id")).exists().filtered("oms_stage_id")

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
        # Each move the order made: the checks of that move's rules hold on what the order has now.
        for left, reached in pairwise(entered):
            if left == reached:
                continue  # another tranche at Partial Dispatch
            for name in guards_for_move(left, reached, config.rules):
                if name in MOMENT_CHECKS:
                    continue
                found.extend(f"left {left}, but {message}" for message in order._oms_run_guard(name))
        goods_left = order.picking_ids.filtered(
            lambda picking: picking.state == "done" and picking.location_dest_id.usage == "customer"
        )
        position = codes.index(current)
        if goods_left and position < codes.index("partial_dispatch"):
            found.append(f"goods left ({', '.join(goods_left.mapped('name'))}) before Partial Dispatch")
        if position >= codes.index("complete_dispatch") and not order._oms_is_fully_dispatched():
            found.append("at or past Complete Dispatch with goods still to deliver")
        return found

    def test_every_demo_order_agrees_with_its_stage(self):
        orders = self.demo_orders()
        if not self.env.ref("oms_handover.company_oms_demo", raise_if_not_found=False):
            self.assertFalse(orders, "no demo data: no demo orders")
            return
        self.assertGreaterEqual(len(orders), 5, "the demo shows orders across the pipeline")
        self.assertGreaterEqual(len(set(orders.mapped("oms_stage_id.code"))), 5)
        found = {order.name: self.contradictions(order) for order in orders}
        self.maxDiff = None
        self.assertEqual({name: problems for name, problems in found.items() if problems}, {})
