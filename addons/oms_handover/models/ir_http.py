"""Marks the sessions that just used the primary, for read-your-writes on a replica (controllers/replica.py)."""

from odoo import models

from odoo.addons.oms_handover.controllers.replica import note_primary_request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        super()._pre_dispatch(rule, args)
        note_primary_request()
