"""Dispatch KPI dashboards (issue 7): fulfilment, pending purchase, on-time dispatch, ageing and order to
cash, each read as the pivot reads it (read_group over the SQL view) and compared with hand-computed
figures on fixed dates. The ageing buckets count to the database's today, so those dates are set from it."""

from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OmsDispatchCommon


@tagged("post_install", "-at_install")
class TestKpiDispatchReports(OmsDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.History = cls.env["oms.stage.history"].sudo()  # the audit trail is written by the engine only
        # These tests build the dashboards' data (history written as the engine would, deliveries on fixed
        # dates); the dispatch flow itself is tested in test_dispatch and the GST add-on's compliance tests.
        cls.company.oms_dispatch_gate = False
        cls.env.cr.execute("SELECT (NOW() AT TIME ZONE 'UTC')::date")
        cls.today = cls.env.cr.fetchone()[0]  # what the ageing view counts to

    def order_at(self, when, **values):
        with freeze_time(when):
            return self.confirmed_order(
                order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 2})], **values
            )

    def add_history(self, order, rows):
        """History rows (kind, stage code, datetime), written as the engine would."""
        self.History.create(
            [
                order._oms_history_values(self.env["oms.stage"], self.stages[code], kind) | {"date": when}
                for kind, code, when in rows
            ]
        )

    def deliver(self, order, dispatch_date, pod_date=None):
        """Dispatch everything in one tranche on ``dispatch_date``; with a POD date, delivered in full."""
        picking = order._oms_open_deliveries()
        for move in picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        self.assertEqual(picking.state, "done")
        picking.write({"oms_dispatch_date": dispatch_date, "oms_pod_date": pod_date})
        if pod_date:
            order._oms_check_pod()
            self.assertTrue(order.oms_pod_received)
        return picking

    def read_report(self, model, orders, measures, groupby=(), domain=()):
        self.env.flush_all()
        return self.env[model].read_group(
            [("order_id", "in", orders.ids), *domain], measures, list(groupby), lazy=False
        )

    def test_fulfilment_rate(self):
        with freeze_time("2026-03-20 09:00"):
            on_time = self.order_at("2026-03-01", oms_agreed_date=date(2026, 3, 10))
            self.deliver(on_time, date(2026, 3, 8), pod_date=date(2026, 3, 9))
            on_the_day = self.order_at("2026-03-01", oms_agreed_date=date(2026, 3, 12))
            self.deliver(on_the_day, date(2026, 3, 10), pod_date=date(2026, 3, 12))
            late = self.order_at("2026-03-01", oms_agreed_date=date(2026, 3, 10))
            self.deliver(late, date(2026, 3, 10), pod_date=date(2026, 3, 11))
            not_due = self.order_at("2026-03-15", oms_agreed_date=date(2026, 4, 30))
            dispatched_no_pod = self.order_at("2026-03-01", oms_agreed_date=date(2026, 3, 31))
            self.deliver(dispatched_no_pod, date(2026, 3, 5))  # no proof of delivery: not delivered yet
            orders = on_time | on_the_day | late | not_due | dispatched_no_pod
            # The dashboard's "Due or Delivered" filter, as the search view evaluates it on 2026-03-20.
            due = ["|", ("agreed_date", "<=", "2026-03-20"), ("delivered_date", "!=", False)]
            [total] = self.read_report("oms.fulfilment.report", orders, ["fulfilment_rate"], domain=due)
        self.assertEqual(total["__count"], 3, "the orders due later and not delivered are not counted")
        self.assertAlmostEqual(total["fulfilment_rate"], 200 / 3)  # 2 of 3: 66.67 %
        [everything] = self.read_report("oms.fulfilment.report", orders, ["fulfilment_rate"])
        self.assertAlmostEqual(everything["fulfilment_rate"], 40.0)  # 2 of 5
        row = self.env["oms.fulfilment.report"].search([("order_id", "=", late.id)])
        self.assertEqual(row.delivered_date, date(2026, 3, 11))
        self.assertFalse(row.in_full_on_time)
        self.assertEqual(row.warehouse_id, self.warehouse)

    def test_pending_purchase_over_seven_days(self):
        vendor_b = self.env["res.partner"].create({"name": "Test Valve Works", "is_company": True})
        with freeze_time("2026-03-20 12:00"):
            waiting = self.order_at("2026-03-01")
            recent = self.order_at("2026-03-01")
            unplaced = self.order_at("2026-03-01")
            elsewhere = self.order_at("2026-03-01")
            since = {waiting: "2026-03-10 08:00", recent: "2026-03-18 08:00", unplaced: "2026-03-01 08:00"}
            for order, when in since.items():
                self.put_at_stage(order, "purchase_order")
                order._oms_write_protected({"oms_stage_date": when})
            self.put_at_stage(elsewhere, "finished_products")
            elsewhere._oms_write_protected({"oms_stage_date": "2026-03-01 08:00"})
            purchases = self.env["purchase.order"]
            for order, vendor, planned in (
                (waiting, self.vendor, "2026-03-25 10:00"),
                (waiting, vendor_b, "2026-03-28 10:00"),
                (recent, self.vendor, "2026-03-22 10:00"),
            ):
                purchases |= self.env["purchase.order"].create(
                    {
                        "partner_id": vendor.id,
                        "date_planned": planned,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.stocked.id,
                                    "product_qty": 2,
                                    "price_unit": 50,
                                    "date_planned": planned,
                                    "sale_line_id": order.order_line[0].id,
                                }
                            )
                        ],
                    }
                )
            cancelled = purchases[1].copy({"partner_id": self.transporter.id})
            cancelled.order_line.sale_line_id = waiting.order_line[0]
            cancelled.button_cancel()
            # The "Over 7 Days" filter, as the search view evaluates it at this moment.
            over_7_days = [
                ("stage_date", "<", (datetime(2026, 3, 20, 12) - timedelta(days=7)).isoformat(" "))
            ]
            self.env.flush_all()
            rows = self.env["oms.pending.purchase.report"].search(
                [("order_id", "in", (waiting | recent | unplaced | elsewhere).ids), *over_7_days]
            )
        listed = {(row.order_id, row.vendor_id, row.date_planned) for row in rows}
        self.assertEqual(
            listed,
            {
                (waiting, self.vendor, datetime(2026, 3, 25, 10)),
                (waiting, vendor_b, datetime(2026, 3, 28, 10)),
                (unplaced, self.env["res.partner"], False),
            },
            "entered more than 7 days ago; cancelled purchases and other stages left out",
        )

    def test_on_time_dispatch_rate_and_ageing_buckets(self):
        today = self.today

        def at(days_ago):
            return datetime.combine(today - timedelta(days=days_ago), time(10, 0))

        with freeze_time(at(20)):
            orders = [self.order_at(at(20)) for _index in range(9)]
        on_time, late, skipped, *waiting, not_ready = orders
        on_time.write({"oms_expected_dispatch_date": today - timedelta(days=4)})
        late.write({"oms_expected_dispatch_date": today - timedelta(days=4)})
        skipped.write({"oms_agreed_date": today - timedelta(days=8)})  # no plan date: the agreed date
        self.add_history(
            on_time, [("move", "finished_products", at(10)), ("move", "complete_dispatch", at(5))]
        )
        self.deliver(on_time, today - timedelta(days=5))
        self.add_history(late, [("move", "finished_products", at(10)), ("move", "complete_dispatch", at(3))])
        self.add_history(
            skipped,
            [
                ("skip", "finished_products", at(9)),
                ("move", "invoice", at(9)),
                ("move", "complete_dispatch", at(8)),
            ],
        )
        for order, days_ago in zip(waiting, (1, 2, 3, 15, 16), strict=True):
            self.add_history(order, [("move", "finished_products", at(days_ago))])
        every = self.env["sale.order"].concat(*orders)
        [dispatched] = self.read_report(
            "oms.dispatch.kpi.report", every, ["on_time_rate"], domain=[("is_dispatched", "=", True)]
        )
        self.assertEqual(dispatched["__count"], 3)
        self.assertAlmostEqual(dispatched["on_time_rate"], 200 / 3)  # on time and skipped: 66.67 %
        buckets = {
            group["ageing_bucket"]: group["__count"]
            for group in self.read_report("oms.dispatch.kpi.report", every, [], ["ageing_bucket"])
        }
        self.assertEqual(buckets, {"0_2": 2, "3_7": 1, "8_15": 1, "over_15": 1, False: 3})
        self.assertFalse(self.env["oms.dispatch.kpi.report"].search([("order_id", "=", not_ready.id)]))
        row = self.env["oms.dispatch.kpi.report"].search([("order_id", "=", on_time.id)])
        self.assertEqual(row.dispatched_date, today - timedelta(days=5))
        self.assertAlmostEqual(row.dispatch_days, 5.0)

    def test_order_to_cash_cycle_time(self):
        product = self.env["product.product"].create(
            {"name": "Test Service Kit", "type": "consu", "list_price": 500.0, "invoice_policy": "order"}
        )
        orders = self.env["sale.order"]
        for confirmed, invoiced, paid in (
            ("2026-02-01 09:00", "2026-02-05", "2026-02-11"),  # 10 days
            ("2026-02-01 09:00", "2026-02-03", "2026-02-21"),  # 20 days
            ("2026-02-02 09:00", "2026-02-04", "2026-02-08"),  # 6 days
            ("2026-02-02 09:00", "2026-02-04", None),  # not paid yet
        ):
            with freeze_time(confirmed):
                order = self.confirmed_order(order_line=[Command.create({"product_id": product.id})])
            invoice = order._create_invoices()
            invoice.invoice_date = invoiced
            invoice.action_post()
            if paid:
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": paid})._create_payments()
            orders |= order
        measures = ["cash_days", "cash_days_median", "cash_days_p90"]
        [paid] = self.read_report("oms.order.cash.report", orders, measures, domain=[("is_paid", "=", True)])
        self.assertEqual(paid["__count"], 3)
        self.assertAlmostEqual(paid["cash_days"], 12.0)  # (10 + 20 + 6) / 3
        self.assertAlmostEqual(paid["cash_days_median"], 10.0)
        self.assertAlmostEqual(paid["cash_days_p90"], 18.0)  # rank 1.8: 10 + 0.8 * (20 - 10)
        row = self.env["oms.order.cash.report"].search([("order_id", "=", orders[0].id)])
        self.assertEqual(row.paid_date, date(2026, 2, 11))
        unpaid = self.env["oms.order.cash.report"].search([("order_id", "=", orders[3].id)])
        self.assertFalse(unpaid.is_paid)
        self.assertFalse(unpaid.cash_days)
        # The dates are kept on the order as payments come and go: unreconciled, the first order is unpaid.
        orders[0].invoice_ids.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).remove_move_reconcile()
        self.assertFalse(orders[0].oms_invoices_paid)
        self.assertFalse(orders[0].oms_paid_date)
        self.assertEqual(orders[0].oms_first_invoice_date, date(2026, 2, 5))
        with self.assertRaises(AccessError):  # nor can a form or an RPC call set them
            orders[0].with_user(self.users["finance"]).write({"oms_paid_date": "2026-02-11"})

    def test_reports_readable_by_their_roles_only(self):
        cases = {
            "oms.fulfilment.report": ("dispatch", "procurement"),
            "oms.pending.purchase.report": ("procurement", "finance"),
            "oms.dispatch.kpi.report": ("dispatch", "sales"),
            "oms.order.cash.report": ("finance", "dispatch"),
        }
        for model, (allowed, refused) in cases.items():
            with self.subTest(model=model):
                self.env[model].with_user(self.users[allowed]).search([])
                self.env[model].with_user(self.users["manager"]).search([])
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.users[refused]).search([])
        # The warehouse filter reaches the Handover module's reports too.
        self.assertIn("warehouse_id", self.env["oms.cycle.time.report"]._fields)
