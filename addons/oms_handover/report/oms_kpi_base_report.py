"""Shared base of the pipeline's SQL-backed KPI reports (``_auto = False`` views, like sale.report).

Two things every KPI report needs and Odoo does not offer: the order columns the dashboards filter on
(period, team, customer; the Dispatch module adds the warehouse), and median / 90th percentile measures.
Percentiles are aggregated in SQL with ``percentile_cont``: a float field declared with
``aggregator="median"`` or ``aggregator="p90"`` is a pivot and graph measure like any ``avg`` field.
"""

from odoo import api, fields, models, tools
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

PERCENTILES = {"median": 0.5, "p90": 0.9}


class OmsKpiBaseReport(models.AbstractModel):
    _name = "oms.kpi.base.report"
    _description = "Order Pipeline KPI Report Base"

    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @api.model
    def _oms_order_columns(self):
        """{column: SQL over the order (alias ``so`` in every report query)}: what the dashboards filter and
        group on. A report may take a column from its own rows instead (e.g. the history's company)."""
        return {
            "order_id": SQL("so.id"),
            "partner_id": SQL("so.partner_id"),
            "team_id": SQL("so.team_id"),
            "user_id": SQL("so.user_id"),
            "company_id": SQL("so.company_id"),
        }

    @api.model
    def _oms_select_order_columns(self, **own_columns):
        columns = self._oms_order_columns() | own_columns
        return SQL(", ").join(SQL("%s AS %s", value, SQL.identifier(name)) for name, value in columns.items())

    @api.model
    def _oms_query(self):
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._oms_query())
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, _property, func = parse_read_group_spec(aggregate_spec)
        if func in PERCENTILES and fname in self._fields:
            # Continuous percentile as in the definition (interpolated between neighbours).
            sql_field = self._field_to_sql(self._table, fname, query)
            return SQL("percentile_cont(%s) WITHIN GROUP (ORDER BY %s)", PERCENTILES[func], sql_field)
        return super()._read_group_select(aggregate_spec, query)
