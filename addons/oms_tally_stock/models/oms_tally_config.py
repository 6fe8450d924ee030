"""Whether the Tally company keeps stock by godown, and the godowns of the company's warehouses."""

import dataclasses

from odoo import fields, models

from odoo.addons.oms_tally_bridge.oms_tally import masters as tally_masters


class OmsTallyConfig(models.Model):
    _inherit = "oms.tally.config"

    tracks_godowns = fields.Boolean(
        string="Tally Tracks Godowns",
        help="Turn on when the Tally company maintains multiple godowns: every item of a voucher then "
        "carries the godown of the order's warehouse, and a voucher whose warehouse has no godown is "
        "refused before sending. Off: no godown is sent.",
    )

    def _oms_warehouses(self):
        self.ensure_one()
        # sudo: warehouses of the settings' company, read to list their godowns (names only).
        return self.env["stock.warehouse"].sudo().search([("company_id", "=", self.company_id.id)])

    def _oms_core_config(self):
        config = super()._oms_core_config()
        if not self.tracks_godowns:
            return config
        godowns = {wh.code: wh.oms_tally_godown for wh in self._oms_warehouses() if wh.oms_tally_godown}
        return dataclasses.replace(config, tracks_godowns=True, godowns=godowns)

    def _oms_tally_master_elements(self, config, settings):
        """The 'Push masters' button also creates the godown of every mapped warehouse."""
        elements = super()._oms_tally_master_elements(config, settings)
        if settings.tracks_godowns:
            names = dict.fromkeys(
                settings._oms_warehouses().filtered("oms_tally_godown").mapped("oms_tally_godown")
            )
            elements += [tally_masters.build_godown(name) for name in names]
        return elements
