"""What a move costs in queries, counted (deterministic, unlike time): the engine's own work must stay
at or under ENGINE_QUERY_BUDGET per move, the same for an order with a long history. The checks a rule
requires cost what they read, on top; this rule has none, so the count is the engine's alone.

Counted as a request would see it: the registry's caches warm (the company's pipeline, the user's
groups, record rules), the records cold (each move starts with an empty record cache), and the commit's
work included (the tracking message of the stage is written at precommit)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import OmsCommon

# Read the order, lock it, read the stages involved, write the history row (the database's trigger closes
# the previous stay in the same statement), write the order, and the stage's tracking message (its
# author's user, partner and company, the message, the tracked value). Measured at 10: any query added to
# every move fails this test.
ENGINE_QUERY_BUDGET = 10


def move_as_a_request(order, code):
    """Move ``order`` (in its user's environment) to ``code`` as one request would: nothing of the order in
    the cache at first, and the commit's work (the stage's tracking message, written at precommit) counted."""
    env = order.env
    env.invalidate_all()
    order.action_oms_move(code)
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()


@tagged("post_install", "-at_install")
class TestEngineQueryCount(OmsCommon):
    def order_at_finished_products(self, quantity):
        order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": quantity})]
        )
        self.as_role(order, "manager").action_oms_move("finished_products")
        return order

    def move_as_finance(self, order):
        move_as_a_request(self.as_role(order, "finance"), "invoice")

    def test_a_move_costs_the_same_few_queries_however_long_the_history(self):
        rule = self.env["oms.transition.rule"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("from_stage_id.code", "=", "finished_products"),
                ("to_stage_id.code", "=", "invoice"),
            ]
        )
        rule.check_ids = [Command.clear()]
        warm, warm_again, short, long = (
            self.order_at_finished_products(quantity) for quantity in (1, 2, 3, 4)
        )
        # A long history for one order: a year of rows before its current stay.
        History = self.env["oms.stage.history"].sudo()
        start = fields.Datetime.now() - timedelta(days=365)
        History.create(
            [
                {
                    "order_id": long.id,
                    "company_id": long.company_id.id,
                    "user_id": self.env.uid,
                    "from_stage_id": self.stages["sale_order"].id,
                    "to_stage_id": self.stages["finished_products"].id,
                    "kind": "move",
                    "date": start + timedelta(days=day),
                }
                for day in range(300)
            ]
        )
        # Fill the registry's caches, as the server's first requests would.
        self.move_as_finance(warm)
        self.move_as_finance(warm_again)
        for order in (short, long):
            rows = len(order.oms_history_ids)
            with self.subTest(history_rows=rows), self.assertQueryCount(ENGINE_QUERY_BUDGET):
                self.move_as_finance(order)
            self.assertEqual(order.oms_stage_id.code, "invoice")
