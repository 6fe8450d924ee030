"""Proof of delivery of one tranche: date, receiver and the signed copy."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class OmsPodWizard(models.TransientModel):
    _name = "oms.pod.wizard"
    _description = "Proof of Delivery"

    picking_id = fields.Many2one("stock.picking", string="Tranche", required=True, readonly=True)
    pod_date = fields.Date(string="Delivered On", required=True, default=fields.Date.context_today)
    receiver = fields.Char(string="Received By", required=True)
    document = fields.Binary(string="Signed Copy", required=True)
    document_name = fields.Char()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("picking_id") and self.env.context.get("active_model") == "stock.picking":
            values["picking_id"] = self.env.context.get("active_id")
        return values

    def action_record(self):
        self.ensure_one()
        picking = self.picking_id
        if not picking._oms_is_tranche():
            raise UserError(
                self.env._("%(picking)s is not a dispatched tranche of an order.", picking=picking.name)
            )
        if self.pod_date < picking.date_done.date():
            raise UserError(
                self.env._(
                    "The delivery date cannot be before the dispatch of %(picking)s.", picking=picking.name
                )
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.document_name or f"POD {picking.name.replace('/', '-')}",
                "datas": self.document,
                "res_model": "stock.picking",
                "res_id": picking.id,
            }
        )
        picking.write(
            {
                "oms_pod_date": self.pod_date,
                "oms_pod_receiver": self.receiver,
                "oms_pod_attachment_id": attachment.id,
            }
        )
        picking.message_post(
            body=self.env._(
                "Delivered on %(date)s, received by %(receiver)s.", date=self.pod_date, receiver=self.receiver
            ),
            attachment_ids=attachment.ids,
        )
        picking.sale_id._oms_check_pod()
        return True
