"""Replica safety (issue 18): what the suite shows is read-only, so Odoo may serve it from a streaming replica.

Odoo 18 opens a read-only cursor (on ``db_replica_host`` when one is configured) for ``@api.readonly``
methods called through ``/web/dataset/call_kw`` and for routes declared ``readonly``. A write there fails
with ``ReadOnlySqlTransaction`` and Odoo replays the whole request on the primary, logging a warning: a
screen that writes while it reads costs two requests and always loads the primary. In test mode Odoo runs
those cursors ``SET TRANSACTION READ ONLY``, so each screen is opened here as its users open it, over HTTP,
and must finish without that replay: the operations and stage boards (columns, cards, progress bars, the
warehouse panel), every KPI dashboard (each view of its action), an order's timeline, and the customer
portal's order page and challan download. A control test makes the timeline write and sees the replay.
"""

import json
import logging
import time
from unittest.mock import Mock, patch

from lxml import etree

from odoo.tests import tagged
from odoo.tools import config, mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.oms_handover.controllers import replica

from .test_portal_documents import PortalDocumentsCommon

BOARD_ACTIONS = ("oms_dispatch.action_oms_operations_board", "oms_dispatch.action_oms_stage_board")
# Odoo's own marker of a read-only request replayed on the primary (odoo/http.py, _transactioning).
REPLAY = "retrying with a read/write cursor"
KPI_MODULES = ("oms_handover", "oms_dispatch")


class ReplicaReadsCommon(PortalDocumentsCommon):
    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def spec_of(self, model, view_type, view_id=False):
        """The fields a view reads, as the web client asks for them (many2one with its display name)."""
        view = self.env[model].get_view(view_id, view_type)
        arch = etree.fromstring(view["arch"])
        names = [node.get("name") for node in arch.iter("field") if node.getparent().tag != "groupby"]
        described = self.env[model].fields_get(names, attributes=["type", "aggregator"])
        spec = {
            name: {"fields": {"display_name": {}}} if described[name]["type"] == "many2one" else {}
            for name in dict.fromkeys(names)
            if name in described
        }
        return arch, spec, described

    def open_board(self, xmlid):
        action = self.env.ref(xmlid)
        views = {mode: view_id for view_id, mode in action.views}
        arch, spec, described = self.spec_of("sale.order", "kanban", views.get("kanban"))
        domain = safe_eval(action.domain or "[]", {"uid": self.env.uid, "context": {}})
        group_by = arch.get("default_group_by")
        aggregates = [f"{n}:{d['aggregator']}" for n, d in described.items() if d.get("aggregator")]
        groups = self.call("sale.order", "web_read_group", domain, aggregates, [group_by], lazy=True)
        self.assertTrue(groups["groups"], xmlid)
        for group in groups["groups"]:
            self.call("sale.order", "web_search_read", group["__domain"], spec, limit=40, count_limit=10001)
        progress = arch.find("progressbar")
        if progress is not None:
            self.call(
                "sale.order",
                "read_progress_bar",
                domain,
                group_by,
                {"field": progress.get("field"), "colors": json.loads(progress.get("colors"))},
            )

    def kpi_actions(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", KPI_MODULES), ("model", "=", "ir.actions.act_window")]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        # The dashboards are the SQL-view reports: models without a table of their own.
        return actions.filtered(lambda action: not self.env[action.res_model]._auto)

    def open_dashboard(self, action):
        model = action.res_model
        views = {mode: view_id for view_id, mode in action.views}
        domain = safe_eval(action.domain or "[]", {"uid": self.env.uid, "context": {}})
        for view_type in action.view_mode.split(","):
            arch, spec, described = self.spec_of(model, view_type, views.get(view_type))
            if view_type == "list":
                self.call(model, "web_search_read", domain, spec, limit=80, count_limit=10001)
                continue
            if view_type not in ("pivot", "graph"):
                continue
            measures = [
                f"{node.get('name')}:{described[node.get('name')]['aggregator'] or 'sum'}"
                for node in arch.iter("field")
                if node.get("type") == "measure"
            ]
            rows = [node.get("name") for node in arch.iter("field") if node.get("type") != "measure"]
            self.call(model, "web_read_group", domain, measures, rows[:1] or [], lazy=False)

    def open_timeline(self):
        spec = {
            "oms_timeline_html": {},
            "oms_history_ids": {
                "fields": {"date": {}, "kind": {}, "to_stage_id": {"fields": {"display_name": {}}}}
            },
        }
        [values] = self.call("sale.order", "web_read", [self.order.id], spec)
        self.assertTrue(values["oms_timeline_html"])
        return values

    def timeline_ran_read_only(self):
        """Opens the timeline with its rendering made to write: True when the request ran on a read-only
        cursor (the write failed there and Odoo replayed the request on the primary)."""
        order_class = type(self.env["sale.order"])
        render = order_class._compute_oms_timeline_html

        def render_and_write(orders):
            orders.env.cr.execute(
                "UPDATE sale_order SET write_date = now() WHERE id IN %s", [tuple(orders.ids)]
            )
            return render(orders)

        with (
            mute_logger("odoo.sql_db"),  # the refused UPDATE, logged by the cursor before Odoo replays
            patch.object(order_class, "_compute_oms_timeline_html", render_and_write),
            self.assertLogs("odoo.http", "WARNING") as logs,
        ):
            self.open_timeline()
            logging.getLogger("odoo.http").warning("timeline read")  # assertLogs needs one line at least
        return any(REPLAY in line for line in logs.output)


@tagged("post_install", "-at_install")
class TestReplicaReads(ReplicaReadsCommon):
    def test_a_screen_that_writes_is_replayed_on_the_primary(self):
        """The control: were the timeline to write while it renders, Odoo would replay the request."""
        self.authenticate(self.users["manager"].login, self.users["manager"].login)
        self.assertTrue(self.timeline_ran_read_only())

    def test_screens_read_without_writing(self):
        dashboards = self.kpi_actions()
        self.assertGreaterEqual(len(dashboards), 7, dashboards.mapped("name"))
        for role in ("manager", "sales", "dispatch", "finance"):
            with self.subTest(role=role), self.assertNoLogs("odoo.http", "WARNING"):
                login = self.users[role].login
                self.authenticate(login, login)
                for xmlid in BOARD_ACTIONS:
                    self.open_board(xmlid)
                if role == "manager":
                    for action in dashboards:
                        self.open_dashboard(action)
                if role in ("manager", "sales"):
                    self.open_timeline()

    def test_portal_links_are_made_by_the_writes_not_the_pages(self):
        """Odoo makes a document's access token when a page first needs it: the customer's order page
        would then write. The confirmation and the post make them."""
        order = self.confirmed_order()
        self.assertTrue(order.access_token)
        self.assertTrue(self.invoice_supply(order).access_token)

    def test_portal_pages_read_without_writing(self):
        self.authenticate("oms_doc_buyer", "oms_doc_buyer")
        with self.assertNoLogs("odoo.http", "WARNING"):
            page = self.url_open(f"/my/orders/{self.order.id}")
            self.assertIn(self.tranche.name, page.text)
            challan = self.url_open(f"/my/orders/{self.order.id}/challan/{self.tranche.id}")
            self.assertEqual(challan.headers["Content-Type"], "application/pdf")


@tagged("post_install", "-at_install")
class TestReadYourWrites(ReplicaReadsCommon):
    """With a replica configured, a session that has just used the primary reads from the primary for the
    window (oms_handover/controllers/replica.py); other sessions, and the same one later, read the replica.
    Which cursor served a read is seen as above: a screen made to write is replayed when it ran read-only."""

    def test_own_write_then_reads_from_the_primary_for_the_window(self):
        manager = self.users["manager"].login
        self.authenticate(manager, manager)
        with patch.dict(config.options, {"db_replica_host": False}):
            self.call("sale.order", "message_post", [self.order.id], body="Checked with the customer")
            self.assertTrue(self.timeline_ran_read_only(), "without a replica Odoo's routing is unchanged")
        with patch.dict(config.options, {"db_replica_host": "", "oms_replica_read_your_writes": "30"}):
            self.authenticate(manager, manager)
            self.assertTrue(self.timeline_ran_read_only(), "a session that wrote nothing reads the replica")
            self.authenticate(manager, manager)  # the check above wrote (it was replayed): a new session
            self.assertEqual(self.url_open("/my").status_code, 200)  # a read/write route, opened with a GET
            self.assertTrue(self.timeline_ran_read_only(), "opening a page marks nothing: still the replica")
            self.call("sale.order", "message_post", [self.order.id], body="Checked with the customer")
            self.assertFalse(self.timeline_ran_read_only(), "its own write is read from the primary")
            self.authenticate(self.users["sales"].login, self.users["sales"].login)
            self.assertTrue(self.timeline_ran_read_only(), "another user's screens stay on the replica")
        with patch.dict(config.options, {"db_replica_host": "", "oms_replica_read_your_writes": "30"}):
            self.authenticate(manager, manager)
            wrote_at = time.time()
            self.call("sale.order", "message_post", [self.order.id], body="Checked once more")
            with patch.object(replica, "time", Mock(time=lambda: wrote_at + 20)):
                self.assertFalse(self.timeline_ran_read_only(), "20 s after the write: the primary")
            with patch.object(replica, "time", Mock(time=lambda: wrote_at + 35)):
                self.assertTrue(
                    self.timeline_ran_read_only(), "reads on the primary do not extend the window"
                )
        with patch.dict(config.options, {"db_replica_host": "", "oms_replica_read_your_writes": "0"}):
            self.authenticate(manager, manager)
            self.call("sale.order", "message_post", [self.order.id], body="Checked again")
            self.assertTrue(self.timeline_ran_read_only(), "after the window the replica again")
