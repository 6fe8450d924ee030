"""Marks the sessions that just sent a request that may write, for read-your-writes on a replica
(controllers/replica.py)."""

import threading

from odoo import models

from odoo.addons.oms_handover.controllers.replica import note_write_capable_request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        super()._pre_dispatch(rule, args)
        # Read/write routes (a form posted, a button) and read-only requests that wrote and were replayed.
        # Routes whose mode is decided per request (the RPC calls) mark the session in that decision.
        if rule.endpoint.routing["readonly"] is False or threading.current_thread().cursor_mode == "ro->rw":
            note_write_capable_request()
