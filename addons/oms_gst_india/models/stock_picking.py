import json

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .oms_eway_bill import ewb_payload_for

DISPATCH_GROUPS = ("oms_handover.group_oms_dispatch", "oms_handover.group_oms_finance")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_eway_bill_ids = fields.One2many("oms.eway.bill", "picking_id", string="E-Way Bills", readonly=True)

    def action_oms_generate_ewb(self):
        """Queue the e-way bill of this delivery note, after checking its data with NIC's rules."""
        self.ensure_one()
        if not any(self.env.user.has_group(group) for group in DISPATCH_GROUPS):
            raise AccessError(self.env._("Only Dispatch or Finance may generate e-way bills."))
        if self.oms_eway_bill_ids:
            raise UserError(self.env._("Delivery %(picking)s already has an e-way bill.", picking=self.name))
        invoice = self.sale_id.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )[-1:]
        if not invoice:
            raise UserError(self.env._("Post the tax invoice of %(order)s first.", order=self.sale_id.name))
        payload = ewb_payload_for(self, invoice)
        # The job table is dispatch/finance read-only; records are made by this checked action only.
        self.env["oms.eway.bill"].sudo().create(
            {
                "picking_id": self.id,
                "move_id": invoice.id,
                "company_id": self.company_id.id,
                "payload": json.dumps(payload),
            }
        )
        return True
