"""The dispatch warehouse as a filter of every pipeline KPI report (the warehouse of an order comes with
sale_stock, which the Handover module does not depend on), as sale_stock adds it to sale.report."""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsKpiBaseReport(models.AbstractModel):
    _inherit = "oms.kpi.base.report"

    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)

    @api.model
    def _oms_order_columns(self):
        return super()._oms_order_columns() | {"warehouse_id": SQL("so.warehouse_id")}
