"""18.0.1.2.0 keeps consignees' locations out of their warehouse's tree, so the warehouse's free stock no
longer counts goods a customer holds on consignment (stock_consignment.py)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["stock.location"]._oms_move_consignment_out_of_warehouses()
