"""18.0.1.1.0 stores when each stage stay ended: fill it for the history written before."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["oms.stage.history"]._oms_fill_date_left()
