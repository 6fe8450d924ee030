"""Marks the sessions that just sent a request that may write, for read-your-writes on a replica
(controllers/replica.py)."""

import threading

from odoo import models
from odoo.http import request

from ..controllers.replica import note_write_capable_request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        # Posts to read/write routes (a form sent, a button) and read-only requests that wrote and were
        # replayed. A GET is safe by HTTP's rules: Odoo serves pages such as the portal's /my on a read/write
        # cursor, yet opening one writes nothing of the user's. Routes whose mode is decided per request
        # (the RPC calls) mark the session in that decision.
        posted = rule.endpoint.routing["readonly"] is False and request.httprequest.method not in (
            "GET",
            "HEAD",
        )
        if posted or threading.current_thread().cursor_mode == "ro->rw":
            note_write_capable_request()
        return result
