"""The customer's invoice mail waits for the IRN where e-invoicing applies, so the attached PDF carries
the IRN and its signed QR code (the mail itself and its sent-once state are oms_handover's)."""

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_invoice_mail_ready(self):
        ready = super()._oms_invoice_mail_ready()
        return ready and (bool(self.oms_irn) or not self._oms_einvoice_applies())

    def _oms_on_irn_registered(self):
        """The step after the IRP registered the invoice (called by the IRN job once the IRN is stored):
        the invoice is now complete for the customer, who gets it with the IRN and its QR code."""
        self._oms_send_customer_invoice_mail()
