from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import OmsCommon


class TestDistributionRun(OmsCommon):
    """A distribution list becomes one draft order per customer in one go; refusals say why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_list = cls.env["product.pricelist"].create(
            {
                "name": "Dealer List",
                "item_ids": [
                    Command.create(
                        {"applied_on": "0_product_variant", "product_id": cls.product.id, "fixed_price": 90.0}
                    )
                ],
            }
        )
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.dealer = cls.env["res.partner"].create(
            {
                "name": "Peenya Dealer",
                "property_product_pricelist": cls.dealer_list.id,
                "property_payment_term_id": cls.immediate.id,
            }
        )
        cls.retailer = cls.env["res.partner"].create({"name": "Rajajinagar Retail"})
        cls.closed_shop = cls.env["res.partner"].create({"name": "Closed Shop", "active": False})
        cls.withdrawn = cls.env["product.product"].create({"name": "Withdrawn Seal", "list_price": 5.0})
        cls.route = cls.env["oms.distribution.list"].create(
            {
                "name": "Weekly route: Peenya",
                "line_ids": [
                    Command.create(
                        {"partner_id": cls.dealer.id, "product_id": cls.product.id, "quantity": 12}
                    ),
                    Command.create(
                        {"partner_id": cls.retailer.id, "product_id": cls.product_b.id, "quantity": 2}
                    ),
                    Command.create(
                        {"partner_id": cls.dealer.id, "product_id": cls.product_b.id, "quantity": 3}
                    ),
                    Command.create(
                        {"partner_id": cls.closed_shop.id, "product_id": cls.product.id, "quantity": 1}
                    ),
                    Command.create(
                        {"partner_id": cls.retailer.id, "product_id": cls.withdrawn.id, "quantity": 1}
                    ),
                ],
            }
        )
        cls.withdrawn.sale_ok = False

    def new_run(self, role="sales", **values):
        return (
            self.env["oms.distribution.run"]
            .with_user(self.users[role])
            .create({"list_id": self.route.id, **values})
        )

    def test_run_makes_each_customers_order_at_its_own_prices_and_says_what_it_refused(self):
        run = self.new_run()
        self.assertTrue(run.name.startswith("DR/"))
        run.action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual((run.order_count, run.refused_count), (1, 2))
        order = run.order_ids
        self.assertEqual(order.partner_id, self.dealer)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.origin, run.name)
        self.assertEqual(order.pricelist_id, self.dealer_list)
        self.assertEqual(order.payment_term_id, self.immediate)
        self.assertEqual(
            [(line.product_id, line.product_uom_qty, line.price_unit) for line in order.order_line],
            [(self.product, 12, 90.0), (self.product_b, 3, 250.0)],
        )
        refused = {result.partner_id: result.reason for result in run.result_ids if result.state == "refused"}
        self.assertEqual(set(refused), {self.retailer, self.closed_shop})
        self.assertIn("Withdrawn Seal is archived or not for sale", refused[self.retailer])
        self.assertIn("Closed Shop is archived", refused[self.closed_shop])
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.retailer.id)]))
        self.assertIn("1 draft order(s) made, 2 customer(s) refused", run.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "already made its orders"):
            run.action_run()

    def test_an_error_odoo_raises_refuses_the_customers_and_makes_nothing_half(self):
        self.company.oms_backdate_limit_days = 30
        run = self.new_run(order_date=fields.Datetime.now() - timedelta(days=60))
        run.action_run()
        self.assertEqual((run.order_count, run.refused_count), (0, 3))
        dealer_result = run.result_ids.filtered(lambda result: result.partner_id == self.dealer)
        self.assertIn("back-dated", dealer_result.reason)
        self.assertFalse(self.env["sale.order"].search([("origin", "=", run.name)]))

    def test_other_roles_may_not_run_and_orders_cannot_be_pinned_to_a_run(self):
        for role in ("dispatch", "finance"):
            with self.assertRaises(AccessError):
                self.new_run(role)
        run = self.new_run()
        with self.assertRaises(AccessError):
            run.with_user(self.users["dispatch"]).action_run()
        run.action_run()
        other = self.create_order()
        with self.assertRaises(AccessError):
            self.as_role(other, "sales").write({"oms_distribution_run_id": run.id})

    def test_a_list_quantity_must_be_above_zero(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.route.write(
                {
                    "line_ids": [
                        Command.create(
                            {"partner_id": self.dealer.id, "product_id": self.product.id, "quantity": 0}
                        )
                    ]
                }
            )
        self.assertEqual(len(self.route.line_ids), 5)
