"""The IRN and e-way bills of oms_gst_india, in the Tally bridge's e-invoice hook."""

from dataclasses import replace
from datetime import timedelta, timezone

from odoo import models

from odoo.addons.oms_tally_bridge.oms_tally import EwayBillReference

# NIC and Tally count days in India Standard Time (UTC+5:30, no daylight saving).
IST = timezone(timedelta(hours=5, minutes=30), "IST")


def ist_date(moment):
    """The Indian date of a stored (naive UTC) datetime, as NIC and Tally count days; None for none."""
    return moment.replace(tzinfo=timezone.utc).astimezone(IST).date() if moment else None


class AccountMove(models.Model):
    _inherit = "account.move"

    def _oms_tally_einvoice_values(self):
        """The registered IRN (unless cancelled at the IRP) and the active e-way bills, oldest first."""
        details = super()._oms_tally_einvoice_values()
        if self.oms_irn and self.oms_einvoice_state != "cancelled":
            details = replace(
                details,
                irn=self.oms_irn,
                ack_no=self.oms_irn_ack_no or "",
                ack_date=ist_date(self.oms_irn_ack_date),
            )
        # sudo: e-way bills are Dispatch's records; their numbers are printed on the invoice anyway.
        bills = (
            self.sudo()
            .oms_eway_bill_ids.filtered(lambda bill: bill.oms_ewb_no and bill.oms_ewb_status == "active")
            .sorted(lambda bill: (bill.oms_ewb_date or bill.create_date, bill.id))
        )
        if bills:
            references = (EwayBillReference(bill.oms_ewb_no, ist_date(bill.oms_ewb_date)) for bill in bills)
            details = replace(details, eway_bills=tuple(references))
        return details
