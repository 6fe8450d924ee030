from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError

from .common import OmsCommon


class TestCampaignCodes(OmsCommon):
    """Campaign codes on lines: only within their date window, and reported in Sales Analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        Campaign = cls.env["oms.campaign"]
        cls.running = Campaign.create(
            {
                "code": "MONSOON",
                "name": "Monsoon scheme",
                "date_from": today - timedelta(days=5),
                "date_to": today + timedelta(days=5),
            }
        )
        cls.ended = Campaign.create(
            {
                "code": "SUMMER",
                "name": "Summer scheme",
                "date_from": today - timedelta(days=60),
                "date_to": today - timedelta(days=1),
            }
        )

    def test_a_running_campaign_is_accepted_and_reported(self):
        order = self.create_order(
            order_line=[
                Command.create(
                    {"product_id": self.product.id, "product_uom_qty": 4, "oms_campaign_id": self.running.id}
                ),
                Command.create({"product_id": self.product_b.id, "product_uom_qty": 1}),
            ]
        )
        self.as_role(order, "manager").action_confirm()
        self.env.flush_all()
        rows = self.env["sale.report"].read_group(
            [("order_reference", "=", f"sale.order,{order.id}")],
            ["price_subtotal:sum", "product_uom_qty:sum"],
            ["oms_campaign_id"],
        )
        by_campaign = {row["oms_campaign_id"] and row["oms_campaign_id"][0]: row for row in rows}
        self.assertEqual(by_campaign[self.running.id]["product_uom_qty"], 4)
        self.assertEqual(by_campaign[self.running.id]["price_subtotal"], 400.0)
        self.assertEqual(by_campaign[False]["price_subtotal"], 250.0)

    def test_a_campaign_outside_its_window_is_refused_and_nothing_is_written(self):
        order = self.create_order()
        with self.assertRaisesRegex(ValidationError, r"Campaign \[SUMMER\] Summer scheme runs from"):
            self.as_role(order.order_line, "sales").write({"oms_campaign_id": self.ended.id})
        # What the refused write left in the cache is dropped with the transaction, never flushed.
        order.order_line.invalidate_recordset(flush=False)
        self.assertFalse(order.order_line.oms_campaign_id)

    def test_an_order_is_not_confirmed_once_its_campaign_has_ended(self):
        order = self.create_order(date_order=fields.Datetime.now() - timedelta(days=10))
        order.order_line.oms_campaign_id = self.ended
        with self.assertRaisesRegex(ValidationError, "SUMMER"):
            self.as_role(order, "manager").action_confirm()
        self.assertEqual(order.state, "draft")

    def test_only_sales_managers_define_campaigns(self):
        with self.assertRaises(AccessError):
            self.env["oms.campaign"].with_user(self.users["sales"]).create(
                {"code": "X", "name": "X", "date_from": fields.Date.today(), "date_to": fields.Date.today()}
            )
        self.assertEqual(self.running.with_user(self.users["sales"]).display_name, "[MONSOON] Monsoon scheme")
