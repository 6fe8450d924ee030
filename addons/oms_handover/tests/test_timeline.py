"""One screen per order: the line stating what blocks the order and who acts, the timeline linking every
document, and the open orders with their status bar on the customer's card."""

from odoo.tests import tagged

from ..oms_pipeline.applicability import next_applicable_stage
from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestBlockingLine(OmsCommon):
    def test_missing_header_names_sales_and_the_missing_field(self):
        order = self.confirmed_order(client_order_ref=False)
        line = order.oms_blocking_line
        self.assertTrue(line.startswith("Waiting for Sales:"), line)
        self.assertIn("Customer PO reference", line)
        self.assertEqual(
            order.with_user(self.users["dispatch"]).oms_blocking_line, line, "every role reads the same line"
        )

    def test_credit_hold_names_finance(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 10.0
        order = self.confirmed_order()
        self.assertEqual(order.oms_credit_state, "hold")
        self.assertTrue(order.oms_blocking_line.startswith("Waiting for Finance:"), order.oms_blocking_line)
        self.assertIn("credit hold", order.oms_blocking_line)

    def test_nothing_missing_names_the_next_stage_and_its_team(self):
        order = self.confirmed_order()
        next_code, _skipped = next_applicable_stage("sale_order", order._oms_order_facts())
        next_stage = self.stages[next_code]
        self.assertEqual(
            order.oms_blocking_line,
            f"Ready for {next_stage.name}: waiting for {next_stage.group_ids[:1].name} to move the order on.",
        )

    def test_pending_handover_and_last_stage(self):
        quotation = self.create_order()
        quotation._oms_hand_over()
        self.assertIn("confirm the handed-over quotation", quotation.oms_blocking_line)
        order = self.confirmed_order()
        self.put_at_stage(order, "customer_feedback")
        order.invalidate_recordset(["oms_blocking_line"])
        self.assertEqual(order.oms_blocking_line, "Waiting for Sales: record the customer's feedback.")
        self.env["oms.customer.feedback"].create({"order_id": order.id, "rating": 4, "nps": 8})
        order.invalidate_recordset(["oms_blocking_line"])
        self.assertFalse(order.oms_blocking_line)

    def test_cancelled_or_draft_order_has_no_line(self):
        self.assertFalse(self.create_order().oms_blocking_line)
        order = self.confirmed_order()
        order._action_cancel()
        order.invalidate_recordset(["oms_blocking_line"])
        self.assertFalse(order.oms_blocking_line)


@tagged("post_install", "-at_install")
class TestTimeline(OmsCommon):
    def test_entries_link_every_event_to_its_record(self):
        order = self.confirmed_order()
        feedback = self.env["oms.customer.feedback"].create({"order_id": order.id, "rating": 5, "nps": 9})
        entries = order._oms_timeline_sorted()
        kinds = [entry["kind"] for entry in entries]
        self.assertEqual(kinds[0], "quotation")
        self.assertIn("stage_move", kinds)
        self.assertIn("feedback", kinds)
        for entry in entries:
            self.assertEqual(
                set(entry),
                {"date", "kind", "title", "who", "model", "res_id", "state", "url", "report_url", "when"},
                entry,
            )
        move = next(entry for entry in entries if entry["kind"] == "stage_move")
        self.assertEqual((move["model"], move["res_id"]), ("sale.order", order.id))
        self.assertIn("Sale Order", move["title"])
        self.assertEqual(move["who"], self.env.user.name)
        html = str(order.oms_timeline_html)
        self.assertIn(f'href="/odoo/sale.order/{order.id}"', html)
        self.assertIn(f'href="/odoo/oms.customer.feedback/{feedback.id}"', html)
        self.assertIn("rating 5/5", html)

    def test_credit_decision_is_an_entry(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 10.0
        order = self.confirmed_order()
        self.as_role(order, "finance").action_oms_credit_sanction("Known customer")
        entry = next(entry for entry in order._oms_timeline_sorted() if entry["kind"] == "credit")
        self.assertEqual(entry["who"], self.users["finance"].name)
        self.assertTrue(entry["state"].startswith("Sanctioned"), entry["state"])

    def history_rows(self, order, count):
        rows = [
            order._oms_history_values(
                self.stages["sale_order"], self.stages["sale_order"], "move", f"row {n}"
            )
            for n in range(count)
        ]
        self.env["oms.stage.history"].sudo().create(rows)

    def timeline_queries(self, order):
        order._oms_timeline_sorted()  # warm the registry caches (rules, names, templates)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        entries = order._oms_timeline_sorted()
        return self.env.cr.sql_log_count - before, len(entries)

    def test_query_count_does_not_grow_with_history(self):
        short, long_ = self.confirmed_order(), self.confirmed_order(client_order_ref="PO-4712")
        self.history_rows(short, 2)
        self.history_rows(long_, 40)
        self.env.flush_all()
        short_queries, short_entries = self.timeline_queries(short)
        long_queries, long_entries = self.timeline_queries(long_)
        self.assertEqual(long_entries - short_entries, 38)
        self.assertEqual(short_queries, long_queries)


@tagged("post_install", "-at_install")
class TestPartnerOpenOrders(OmsCommon):
    def test_customer_card_lists_open_orders_with_status_bar(self):
        open_order = self.confirmed_order()
        self.put_at_stage(open_order, "purchase_order")
        delivered = self.confirmed_order(client_order_ref="PO-DONE")
        self.put_at_stage(delivered, "customer_feedback")
        cancelled = self.confirmed_order(client_order_ref="PO-CANCEL")
        cancelled._action_cancel()
        self.create_order(client_order_ref="PO-QUOTE")
        partner = self.customer.with_user(self.users["sales"])
        partner.invalidate_recordset()
        self.assertEqual(partner.oms_open_order_count, 1)
        html = str(partner.oms_open_orders_html)
        self.assertIn(f'data-oms-order="{open_order.id}"', html)
        self.assertNotIn(f'data-oms-order="{delivered.id}"', html)
        self.assertNotIn(f'data-oms-order="{cancelled.id}"', html)
        self.assertIn('data-oms-status="placed_to_vendor" data-oms-step="current"', html)
        self.assertIn('data-oms-status="received" data-oms-step="done"', html)
        action = partner.action_oms_view_open_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), open_order)

    def test_contact_person_card_shows_company_orders(self):
        self.confirmed_order()
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        self.assertEqual(contact.oms_open_order_count, 1)


@tagged("post_install", "-at_install")
class TestOneAnswer(OmsCommon):
    """The form's line, the board card and the timeline say the same thing (issue 14, point 4)."""

    def test_the_form_and_the_timeline_read_the_same_blockers(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 10.0
        order = self.confirmed_order(client_order_ref=False)
        blockers = order._oms_blockers()
        teams = [order._oms_group_label(team) for team, _message in blockers]
        self.assertEqual(teams[:2], ["Sales", "Finance"], blockers)
        line = order.oms_blocking_line
        self.assertIn("Waiting for Sales: Customer PO reference", line)
        self.assertIn("Waiting for Finance:", line)
        # Credit is said once: the check's words, not the situation's short label as well.
        self.assertEqual(line.count("credit hold"), 1, line)
        self.assertNotIn("Credit hold", line)
        timeline = order.oms_timeline_html
        for _team, message in blockers:
            self.assertIn(message.split(" (")[0][:30], timeline)
        # Without the checks (the board card), the situation alone: the credit hold.
        self.assertEqual(
            [message for _team, message in order._oms_blockers(with_checks=False)], ["Credit hold"]
        )
