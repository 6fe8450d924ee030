"""An invoice already in Tally is altered when its IRN arrives."""

from odoo import models


class OmsIrnJob(models.Model):
    _inherit = "oms.irn.job"

    def _oms_store_irn(self, reply):
        result = super()._oms_store_irn(reply)
        # Same transaction as the IRN itself: either both are kept or neither.
        self.move_id._oms_tally_resend_sent()
        return result
