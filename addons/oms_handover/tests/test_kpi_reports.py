"""KPI dashboards of the pipeline (issue 7): each figure read the way the pivot reads it (read_group over
the SQL view) and compared with a value computed by hand from fixed history dates."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon

T0 = datetime(2026, 1, 5, 10, 0)


@tagged("post_install", "-at_install")
class TestKpiHandoverReports(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["crm.team"]
        cls.team_north = Team.create({"name": "KPI North"})
        cls.team_south = Team.create({"name": "KPI South"})
        cls.History = cls.env["oms.stage.history"].sudo()  # the audit trail is written by the engine only

    def make_order(self, team, rows):
        """A confirmed order whose whole history is ``rows``: (kind, stage code or None, days after T0)."""
        with freeze_time(T0 - timedelta(days=1)):
            order = self.confirmed_order(team_id=team.id)
        order.oms_history_ids.sudo().unlink()  # replaced by the fixed history below
        self.History.create(
            [
                order._oms_history_values(self.env["oms.stage"], self.stages[code] if code else None, kind)
                | {"date": T0 + timedelta(days=days)}
                for kind, code, days in rows
            ]
        )
        return order

    def invoiced_after(self, team, days, skip=False):
        """Handed over at T0, confirmed an hour later, invoiced (Tax Invoice) ``days`` after T0."""
        invoiced = (
            [("skip", "tax_invoice", days), ("move", "shipment", days)]
            if skip
            else [("move", "tax_invoice", days)]
        )
        return self.make_order(
            team,
            [
                ("handover", None, 0),
                ("handover", "sale_order", 1 / 24),
                ("move", "invoice", days / 2),
                *invoiced,
            ],
        )

    def read_report(self, model, orders, measures, groupby=()):
        self.env.flush_all()
        return self.env[model].read_group(
            [("order_id", "in", orders.ids)], measures, list(groupby), lazy=False
        )

    def test_cycle_time_average_median_p90(self):
        orders = self.env["sale.order"]
        for days in (1, 2, 3):
            orders |= self.invoiced_after(self.team_north, days)
        orders |= self.invoiced_after(self.team_south, 4, skip=True)  # entered Tax Invoice by a skip
        for days in (5, 6):
            orders |= self.invoiced_after(self.team_south, days)
        orders |= self.make_order(self.team_south, [("handover", "sale_order", 0)])  # not invoiced yet
        measures = ["cycle_days", "cycle_days_median", "cycle_days_p90"]  # as the pivot asks
        [total] = self.read_report("oms.cycle.time.report", orders, measures)
        self.assertEqual(total["__count"], 6, "the order not invoiced yet has no cycle time")
        self.assertAlmostEqual(total["cycle_days"], 3.5)  # (1+2+3+4+5+6) / 6
        self.assertAlmostEqual(total["cycle_days_median"], 3.5)
        self.assertAlmostEqual(total["cycle_days_p90"], 5.5)  # rank 0.9 * 5 = 4.5: 5 + 0.5 * (6 - 5)
        by_team = {
            group["team_id"][0]: group
            for group in self.read_report("oms.cycle.time.report", orders, measures, ["team_id"])
        }
        north, south = by_team[self.team_north.id], by_team[self.team_south.id]
        self.assertAlmostEqual(north["cycle_days"], 2.0)
        self.assertAlmostEqual(north["cycle_days_median"], 2.0)
        self.assertAlmostEqual(north["cycle_days_p90"], 2.8)  # rank 1.8: 2 + 0.8 * (3 - 2)
        self.assertAlmostEqual(south["cycle_days_median"], 5.0)
        self.assertAlmostEqual(south["cycle_days_p90"], 5.8)
        # Closed Won is the handover, not the confirmation an hour later.
        first = self.env["oms.cycle.time.report"].search([("order_id", "=", orders[0].id)])
        self.assertEqual(first.won_date, T0)
        self.assertEqual(first.invoiced_date, T0 + timedelta(days=1))

    def test_cycle_time_of_order_confirmed_without_handover(self):
        order = self.make_order(self.team_north, [("move", "sale_order", 0), ("move", "tax_invoice", 2.5)])
        [total] = self.read_report("oms.cycle.time.report", order, ["cycle_days", "cycle_days_median"])
        self.assertAlmostEqual(total["cycle_days"], 2.5)
        self.assertAlmostEqual(total["cycle_days_median"], 2.5)

    def test_time_per_stage_from_history(self):
        first = self.make_order(
            self.team_north,
            [
                ("handover", None, -1),
                ("handover", "sale_order", 0),
                ("move", "purchase_order", 2),
                ("skip", "factory_order", 5),  # skipped: no stay, and it does not end the purchase stay
                ("skip", "assembly_plan", 5),
                ("move", "finished_products", 5),
                ("cancel", None, 6),  # ends the finished products stay
            ],
        )
        second = self.make_order(
            self.team_south,
            [("move", "sale_order", 0), ("move", "purchase_order", 4)],  # still in purchase
        )
        orders = first | second
        groups = self.read_report(
            "oms.stage.time.report", orders, ["stage_days", "stage_days_median"], ["stage_id"]
        )
        by_stage = {group["stage_id"][0]: group for group in groups}
        self.assertEqual(
            set(by_stage),
            {self.stages[code].id for code in ("sale_order", "purchase_order", "finished_products")},
            "skipped stages are no stays; an open stay is not measured",
        )
        sale_order = by_stage[self.stages["sale_order"].id]
        self.assertEqual(sale_order["__count"], 2)
        self.assertAlmostEqual(sale_order["stage_days"], 3.0)  # (2 + 4) / 2
        self.assertAlmostEqual(sale_order["stage_days_median"], 3.0)
        self.assertAlmostEqual(by_stage[self.stages["purchase_order"].id]["stage_days"], 3.0)  # day 2 to 5
        self.assertAlmostEqual(by_stage[self.stages["finished_products"].id]["stage_days"], 1.0)

    def test_engine_stores_when_each_stay_ended(self):
        """The engine's own moves (not rows written by hand) close the previous stay as they happen."""
        with freeze_time(T0):
            order = self.confirmed_order(team_id=self.team_north.id)
        entered = order.oms_history_ids.filtered(lambda row: row.kind != "skip")
        self.assertFalse(entered.date_left, "the current stay is still open")
        with freeze_time(T0 + timedelta(days=2)):
            self.as_role(order, "manager").action_oms_move_next()
        self.assertEqual(set(entered.mapped("date_left")), {T0 + timedelta(days=2)})
        latest = order.oms_history_ids.sorted("id")[-1]
        self.assertFalse(latest.date_left)
        skipped = order.oms_history_ids.filtered(lambda row: row.kind == "skip")
        self.assertTrue(skipped)
        self.assertFalse(any(skipped.mapped("date_left")), "a skipped stage is no stay")
        [group] = self.read_report("oms.stage.time.report", order, ["stage_days"], ["stage_id"])
        self.assertEqual(group["stage_id"][0], entered.to_stage_id[-1:].id)
        self.assertAlmostEqual(group["stage_days"], 2.0)

    def test_history_written_before_the_leave_date_is_filled(self):
        """The upgrade to 18.0.1.1.0 fills the leave date of history rows written without one."""
        order = self.make_order(
            self.team_north,
            [("move", "sale_order", 0), ("skip", "purchase_order", 3), ("move", "factory_order", 3)],
        )
        expected = {row.id: row.date_left for row in order.oms_history_ids}
        self.env.flush_all()
        self.env.cr.execute("UPDATE oms_stage_history SET date_left = NULL WHERE order_id = %s", [order.id])
        self.History.invalidate_model(["date_left"])
        self.History._oms_fill_date_left()
        self.assertEqual({row.id: row.date_left for row in order.oms_history_ids}, expected)
        self.assertEqual(sorted(map(str, expected.values())), ["2026-01-08 10:00:00", "False", "False"])

    def test_order_milestones_kept_from_history(self):
        """Each milestone is the first entry of its kinds into its stages, set by the database with the
        history rows whoever inserts them; a later re-entry does not move it."""
        order = self.make_order(
            self.team_north,
            [
                ("handover", None, 0),
                ("handover", "sale_order", 1),
                ("skip", "purchase_order", 2),  # a skip is no Closed Won, but does reach a stage
                ("move", "finished_products", 2),
                ("move", "tax_invoice", 3),
            ],
        )
        self.assertEqual(order.oms_won_date, T0)
        self.assertEqual(order.oms_ready_date, T0 + timedelta(days=2))
        self.assertEqual(order.oms_invoiced_date, T0 + timedelta(days=3))
        self.assertFalse(order.oms_complete_date)
        later = [
            ("reopen", "tax_invoice", 4),
            ("move", "tax_invoice", 5),  # entered again: Invoiced stays the first time
            ("skip", "partial_dispatch", 6),
            ("move", "complete_dispatch", 6),
        ]
        self.History.create(
            [
                order._oms_history_values(self.env["oms.stage"], self.stages[code], kind)
                | {"date": T0 + timedelta(days=days)}
                for kind, code, days in later
            ]
        )
        self.assertEqual(order.oms_invoiced_date, T0 + timedelta(days=3))
        self.assertEqual(order.oms_complete_date, T0 + timedelta(days=6))
        self.assertFalse(order.copy().oms_won_date, "a copy has not been won yet")
        with self.assertRaises(AccessError):  # a form or an RPC call cannot rewrite what the history says
            order.with_user(self.users["manager"]).write({"oms_invoiced_date": T0})
        self.assertEqual(order.oms_invoiced_date, T0 + timedelta(days=3))

    def test_milestones_of_history_written_before_are_filled(self):
        """The upgrade to 18.0.1.4.0 sets the milestones of orders whose history was written before."""
        order = self.invoiced_after(self.team_north, 2)
        expected = (order.oms_won_date, order.oms_invoiced_date)
        self.assertEqual(expected, (T0, T0 + timedelta(days=2)))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET oms_won_date = NULL, oms_invoiced_date = NULL WHERE id = %s", [order.id]
        )
        order.invalidate_recordset()
        self.env["sale.order"]._oms_fill_milestones()
        self.assertEqual((order.oms_won_date, order.oms_invoiced_date), expected)

    def test_time_per_stage_overview_counts_the_stays(self):
        """The overview (counts by stage, month and hours) gives the per-stay report's figures, follows
        the history's inserts, changes and deletes, and keeps them when its rows are folded."""
        start = datetime(2019, 3, 4, 8, 0)  # a month no other test or demo order has stays in
        in_march = [("month", "=", "2019-03-01")]
        summary = self.env["oms.stage.time.summary"]
        orders = self.env["sale.order"]
        for days in (2, 4, 9):
            order = self.make_order(
                self.team_north, [("move", "sale_order", 0), ("move", "purchase_order", days)]
            )
            orders |= order
        self.env.cr.execute(
            "UPDATE oms_stage_history SET date = date - %s WHERE order_id = ANY(%s)", [T0 - start, orders.ids]
        )
        self.env.cr.execute(
            "UPDATE oms_stage_history SET date_left = date_left - %s WHERE order_id = ANY(%s)",
            [T0 - start, orders.ids],
        )
        self.env.invalidate_all()

        def overview():
            self.env.flush_all()
            groups = summary.read_group(
                in_march, ["stage_days", "stage_days_median", "stage_days_p90"], ["stage_id"], lazy=False
            )
            return {group["stage_id"][0]: group for group in groups}

        [sale_order] = overview().values()
        self.assertEqual(sale_order["stage_id"][0], self.stages["sale_order"].id)
        self.assertEqual(sale_order["__count"], 3, "three stays, not the rows that count them")
        self.assertAlmostEqual(sale_order["stage_days"], 5.0)  # (2 + 4 + 9) / 3
        self.assertAlmostEqual(sale_order["stage_days_median"], 4.0)
        self.assertAlmostEqual(sale_order["stage_days_p90"], 8.0)  # rank 1.8: 4 + 0.8 * (9 - 4)
        exact = self.read_report(
            "oms.stage.time.report",
            orders,
            ["stage_days", "stage_days_median", "stage_days_p90"],
            ["stage_id"],
        )
        self.assertEqual(
            [(g["stage_days"], g["stage_days_median"], g["stage_days_p90"]) for g in exact],
            [(sale_order["stage_days"], sale_order["stage_days_median"], sale_order["stage_days_p90"])],
        )
        summary._oms_fold()
        self.assertEqual(overview()[self.stages["sale_order"].id], sale_order)
        self.assertEqual(
            summary.search_count(in_march), 3, "one row per key (stage, month, hours) once folded"
        )
        # A stay deleted (here the longest) leaves the counts.
        orders[2].oms_history_ids.filtered(lambda row: row.date_left).unlink()
        after = overview()[self.stages["sale_order"].id]
        self.assertEqual(after["__count"], 2)
        self.assertAlmostEqual(after["stage_days_p90"], 3.8)  # rank 0.9: 2 + 0.9 * (4 - 2)

    def test_weighted_percentile_is_percentile_cont_of_the_multiset(self):
        values = [0.5, 1.0, 1.0, 2.25, 3.0, 3.0, 3.0, 7.5, 7.5, 12.0]
        for fraction in (0.0, 0.1, 0.5, 0.75, 0.9, 1.0):
            with self.subTest(fraction=fraction):
                self.env.cr.execute(
                    """
                    SELECT percentile_cont(%(f)s) WITHIN GROUP (ORDER BY value) FROM unnest(%(v)s::float8[]) value
                    """,
                    {"f": fraction, "v": values},
                )
                [(expected,)] = self.env.cr.fetchall()
                self.env.cr.execute(
                    """
                    SELECT oms_weighted_percentile(array_agg(value ORDER BY value), array_agg(n ORDER BY value), %s)
                      FROM (SELECT value, count(*) AS n FROM unnest(%s::float8[]) value GROUP BY value) counted
                    """,
                    [fraction, values],
                )
                [(weighted,)] = self.env.cr.fetchall()
                self.assertAlmostEqual(weighted, expected)
        # A value listed several times, a count of -1 among them (rows not folded yet): their net count.
        self.env.cr.execute(
            "SELECT oms_weighted_percentile(ARRAY[1, 1, 2, 2, 5], ARRAY[2, -1, 1, 1, 1]::bigint[], 0.5)"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 2.0)  # the multiset 1, 2, 2, 5

    def test_csat_and_nps(self):
        orders = self.env["sale.order"]
        feedback = []
        for rating, nps in ((5, 10), (4, 9), (3, 7), (5, 8), (1, 3)):
            order = self.confirmed_order(team_id=self.team_north.id)
            orders |= order
            feedback.append({"order_id": order.id, "rating": rating, "nps": nps, "date": "2026-02-10"})
        self.env["oms.customer.feedback"].create(feedback)
        measures = ["rating", "nps_score", "promoter_rate", "detractor_rate"]
        [total] = self.read_report("oms.feedback.report", orders, measures)
        self.assertAlmostEqual(total["rating"], 3.6)  # (5+4+3+5+1) / 5
        self.assertAlmostEqual(total["promoter_rate"], 40.0)  # 10 and 9
        self.assertAlmostEqual(total["detractor_rate"], 20.0)  # 3
        self.assertAlmostEqual(total["nps_score"], 20.0)  # 40 - 20
        [month] = self.read_report("oms.feedback.report", orders, ["nps_score"], ["date:month"])
        self.assertEqual(month["date:month"], "February 2026")

    def test_reports_are_read_only_for_the_roles(self):
        order = self.invoiced_after(self.team_north, 2)
        self.env.flush_all()
        report = self.env["oms.cycle.time.report"]
        self.assertEqual(report.with_user(self.users["sales"]).search_count([("order_id", "=", order.id)]), 1)
        self.assertEqual(
            report.with_user(self.users["manager"]).search_count([("order_id", "=", order.id)]), 1
        )
        outsider = new_test_user(self.env, login="oms_kpi_outsider", groups="base.group_user")
        for model in (
            "oms.cycle.time.report",
            "oms.stage.time.report",
            "oms.stage.time.summary",
            "oms.feedback.report",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(outsider).search([])
        with self.assertRaises(AccessError):
            report.with_user(self.users["manager"]).search([("order_id", "=", order.id)]).write(
                {"cycle_days": 0}
            )
