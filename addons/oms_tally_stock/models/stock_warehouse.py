"""The Tally godown of a warehouse: where Tally books the stock of the orders shipped from it."""

from odoo import api, fields, models
from odoo.exceptions import AccessError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_tally_godown = fields.Char(
        string="Tally Godown",
        copy=False,
        help="Godown name in Tally Prime, exactly as Tally shows it. Sent in the vouchers of orders "
        "shipped from this warehouse when the company's Tally settings track godowns. Defaults to the "
        "warehouse name; only administrators change it.",
    )

    def _oms_check_tally_godown_access(self):
        # The godown name is part of the Tally settings, which only administrators edit.
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "Only administrators may change the Tally godown of a warehouse; ask one to map "
                    "the warehouse under Inventory > Configuration > Warehouses."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("oms_tally_godown") for vals in vals_list):
            self._oms_check_tally_godown_access()
        for vals in vals_list:
            if not vals.get("oms_tally_godown") and vals.get("name"):
                vals["oms_tally_godown"] = vals["name"]
        return super().create(vals_list)

    def write(self, vals):
        if "oms_tally_godown" in vals:
            self._oms_check_tally_godown_access()
            if isinstance(vals["oms_tally_godown"], str):
                vals = dict(vals, oms_tally_godown=vals["oms_tally_godown"].strip() or False)
        return super().write(vals)
