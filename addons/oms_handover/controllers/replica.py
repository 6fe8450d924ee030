"""Read-your-writes when Odoo reads from a streaming replica.

Odoo 18 serves the read-only RPC calls (``read``, ``web_read``, ``web_search_read``, ...) and read-only routes
from the replica of ``db_replica_host`` when one is configured, and a replica applies the primary's changes a
moment later. Right after a user's own action the web client reloads the form: from a replica that has not
seen the action yet, the order would still show its old stage, a new invoice would be missing, and the next
button would be pressed on a stale screen (the server refuses it, since every action and every check runs on
the primary, but the user is left puzzled). So for a few seconds after a session sends a request that may write,
that session reads from the primary too; everyone else's screens (the boards, the dashboards) stay
on the replica. Without a replica configured nothing changes.

The window is the server option ``oms_replica_read_your_writes`` (seconds, default 10): above the replica's
usual lag, as its monitoring reports it.
"""

import time

from odoo import http
from odoo.http import request
from odoo.tools import config

from odoo.addons.web.controllers.dataset import DataSet

SESSION_KEY = "oms_last_primary_request"
DEFAULT_WINDOW = 10.0


def read_your_writes_window():
    try:
        return float(config.get("oms_replica_read_your_writes") or DEFAULT_WINDOW)
    except (TypeError, ValueError):
        return DEFAULT_WINDOW


def note_write_capable_request():
    """Marks the session: it has just sent a request that may write. Reads that went to the primary only
    because of an earlier mark do not mark it again, or one write would keep a session off the replica."""
    if config["db_replica_host"] is False:
        return
    now = time.time()
    # Stored once a second at most: the session file is written again only when it changed.
    if now - (request.session.get(SESSION_KEY) or 0.0) > 1.0:
        request.session[SESSION_KEY] = now


def wrote_recently():
    """Whether this session ran a request on the primary within the window (only with a replica)."""
    if config["db_replica_host"] is False:
        return False
    return time.time() - (request.session.get(SESSION_KEY) or 0.0) <= read_your_writes_window()


def _read_only_unless_wrote_recently(controller):
    if not DataSet._call_kw_readonly(controller):
        note_write_capable_request()
        return False
    return not wrote_recently()


class OmsDataSet(DataSet):
    # A callable: Odoo keeps a child route's read-only mode only when it equals the parent's or is decided per
    # request (odoo/http.py, _check_and_complete_route_definition).
    @http.route(readonly=_read_only_unless_wrote_recently)
    def call_kw(self, model, method, args, kwargs, path=None):
        return super().call_kw(model, method, args, kwargs, path=path)

    @http.route(readonly=_read_only_unless_wrote_recently)
    def call_button(self, model, method, args, kwargs, path=None):
        return super().call_button(model, method, args, kwargs, path=path)
