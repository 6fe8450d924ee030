"""An invoice already in Tally is altered when one of its e-way bills is generated, or cancelled at NIC, so
the voucher names exactly the bills the goods travel with."""

from odoo import models


class OmsEwayBillOperation(models.Model):
    _inherit = "oms.eway.bill.operation"

    def _oms_apply(self, params, reply):
        bill = self.eway_bill_id
        was_active = bill.oms_ewb_status == "active"
        result = super()._oms_apply(params, reply)
        if was_active != (bill.oms_ewb_status == "active"):
            # Same transaction as the bill's new state: either both are kept or neither.
            bill.move_id._oms_tally_resend_sent()
        return result
