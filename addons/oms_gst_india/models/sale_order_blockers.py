"""What GST documents block on an order, for the one answer of oms_handover (``_oms_blockers``): an
invoice whose IRN NIC rejected, an e-way bill NIC refused, and an active e-way bill about to expire
(within 8 hours, as the expiry alert) while its goods are not confirmed delivered."""

from odoo import fields, models

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE

from .oms_eway_bill import EXPIRY_ALERT_WINDOW


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_situation_blockers(self):
        blockers = super()._oms_situation_blockers()
        for move in self.invoice_ids.filtered(lambda invoice: invoice.oms_einvoice_state == "error"):
            blockers.append(
                (
                    "tax_invoice_posted",
                    GROUP_FINANCE,
                    self.env._("IRN rejected for %(invoice)s", invoice=move.name),
                )
            )
        bills = self.env["oms.eway.bill"].search([("picking_id", "in", self.picking_ids.ids)])
        soon = fields.Datetime.now() + EXPIRY_ALERT_WINDOW
        for bill in bills:
            if bill.oms_ewb_status == "refused":
                blockers.append(
                    (
                        "eway_bill_generated",
                        GROUP_DISPATCH,
                        self.env._("E-way bill refused for %(picking)s", picking=bill.picking_id.name),
                    )
                )
            elif (
                bill.oms_ewb_status == "active"
                and bill.oms_ewb_valid_until
                and bill.oms_ewb_valid_until <= soon
                and not bill.picking_id.oms_pod_date
            ):
                blockers.append(
                    (
                        "eway_bill_expiry",
                        GROUP_DISPATCH,
                        self.env._(
                            "E-way bill %(number)s expires on %(until)s (UTC): extend it",
                            number=bill.oms_ewb_no,
                            until=fields.Datetime.to_string(bill.oms_ewb_valid_until)[:16],
                        ),
                    )
                )
        return blockers
