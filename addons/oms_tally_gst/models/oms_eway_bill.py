"""An invoice already in Tally is altered when one of its e-way bills is generated."""

from odoo import models


class OmsEwayBill(models.Model):
    _inherit = "oms.eway.bill"

    def _oms_perform(self):
        was_active = self.oms_ewb_status == "active"
        result = super()._oms_perform()
        if not was_active and self.oms_ewb_status == "active":
            # Same transaction as the number itself: either both are kept or neither.
            self.move_id._oms_tally_resend_sent()
        return result
