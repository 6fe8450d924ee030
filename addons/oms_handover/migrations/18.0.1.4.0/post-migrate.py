"""18.0.1.4.0 keeps each order's milestone dates on the order (sale_order_milestones.py): set them from the
history written before."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["sale.order"]._oms_fill_milestones()
