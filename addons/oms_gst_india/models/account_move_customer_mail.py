"""The customer's invoice mail waits for the IRN where e-invoicing applies, so the attached PDF carries
the IRN and its signed QR code (the mail itself and its sent-once state are oms_handover's)."""

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_invoice_mail_ready(self):
        ready = super()._oms_invoice_mail_ready()
        return ready and (bool(self.oms_irn) or not self._oms_einvoice_applies())

    def write(self, vals):
        result = super().write(vals)
        if vals.get("oms_irn"):
            # The IRN has just arrived (the IRN job): the invoice is now complete for the customer.
            self._oms_send_customer_invoice_mail()
        return result
