"""What GST documents block on an order, for the one answer of oms_handover (``_oms_blockers``): an
invoice whose IRN NIC rejected, an e-way bill NIC refused, and an active e-way bill about to expire
(within 8 hours, as the expiry alert) while its goods are not confirmed delivered."""

from odoo import fields, models

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE

from .oms_eway_bill import EXPIRY_ALERT_WINDOW


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_situations(self):
        # Search the few documents in trouble (an IRN rejected, a bill refused or expiring), not every
        # order's documents: a board page asks this for 40 cards in one call.
        situations = super()._oms_situations()
        for move in self.env["account.move"].search([("oms_einvoice_state", "=", "error")]):
            for order in move.line_ids.sale_line_ids.order_id.filtered(
                lambda record: record.id in situations
            ):
                situations[order.id].append(
                    (
                        "tax_invoice_posted",
                        GROUP_FINANCE,
                        self.env._("IRN rejected for %(invoice)s", invoice=move.name),
                    )
                )
        soon = fields.Datetime.now() + EXPIRY_ALERT_WINDOW
        bills = self.env["oms.eway.bill"].search(
            [
                "|",
                ("oms_ewb_status", "=", "refused"),
                "&",
                ("oms_ewb_status", "=", "active"),
                ("oms_ewb_valid_until", "<=", soon),
            ]
        )
        for bill in bills:
            blockers = situations.get(bill.picking_id.sale_id.id)
            if blockers is None:
                continue
            if bill.oms_ewb_status == "refused":
                blockers.append(
                    (
                        "eway_bill_generated",
                        GROUP_DISPATCH,
                        self.env._("E-way bill refused for %(picking)s", picking=bill.picking_id.name),
                    )
                )
            elif not bill.picking_id.oms_pod_date:
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
        return situations
