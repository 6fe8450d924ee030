"""The godown of an order, invoice or credit note line: the Tally godown of the order's warehouse."""

from odoo import api, models


class OmsTallyMapper(models.AbstractModel):
    _inherit = "oms.tally.mapper"

    @api.model
    def _oms_tally_warehouse_of_line(self, line):
        if line._name == "sale.order.line":
            return line.warehouse_id or line.order_id.warehouse_id
        if line._name == "account.move.line" and "sale_line_ids" in line._fields:
            # An invoice or credit note line ships from the warehouse of the order line it bills.
            sale_lines = line.sale_line_ids
            return sale_lines.warehouse_id[:1] or sale_lines.order_id.warehouse_id[:1]
        return self.env["stock.warehouse"]

    @api.model
    def _oms_tally_godown_for_line(self, line):
        godown = super()._oms_tally_godown_for_line(line)
        if godown:
            return godown
        settings = self.env["oms.tally.config"]._oms_for_company(line.company_id, raise_if_missing=False)
        if not settings.tracks_godowns:
            # A Tally company without godowns may not even accept the godown master: send none.
            return None
        # sudo: whoever confirms the order may not read warehouses; only the godown name is used.
        return self._oms_tally_warehouse_of_line(line).sudo().oms_tally_godown or None
