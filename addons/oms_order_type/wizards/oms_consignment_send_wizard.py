"""Send on Consignment (Dispatch): the transfer of goods from the warehouse's stock to a customer's
consignment location, picked and ready for its challan and e-way bill; it leaves through the checks of
stock_consignment.py when Dispatch validates it."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH


class OmsConsignmentSendWizard(models.TransientModel):
    _name = "oms.consignment.send.wizard"
    _description = "Send Goods on Consignment"

    partner_id = fields.Many2one(
        "res.partner", string="Consignee", required=True, domain="[('is_company', '=', True)]"
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    line_ids = fields.One2many("oms.consignment.send.wizard.line", "wizard_id", string="Goods")

    def action_send(self):
        self.ensure_one()
        if not self.env.user.has_group(GROUP_DISPATCH):
            raise AccessError(self.env._("Only Dispatch may send goods on consignment."))
        lines = self.line_ids.filtered(lambda line: line.quantity > 0)
        if not lines:
            raise UserError(self.env._("Enter the goods and quantities to send."))
        stock = self.warehouse_id.lot_stock_id
        for line in lines:
            free = line.product_id.with_context(location=stock.id).free_qty
            if float_compare(line.quantity, free, precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "Only %(free)s of %(product)s are free in %(location)s, %(wanted)s asked.",
                        free=free,
                        product=line.product_id.display_name,
                        location=stock.display_name,
                        wanted=line.quantity,
                    )
                )
        destination = self.partner_id._oms_consignment_location(self.warehouse_id, create=True)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse_id.int_type_id.id,
                "location_id": stock.id,
                "location_dest_id": destination.id,
                "partner_id": self.partner_id.id,
                "origin": self.env._("Consignment to %(customer)s", customer=self.partner_id.name),
                "move_ids": [
                    Command.create(
                        {
                            "name": line.product_id.display_name,
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.product_id.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        picking.message_post(
            body=self.env._(
                "Goods picked for %(customer)s on consignment: print the delivery challan, generate the e-way "
                "bill when its value needs one, then validate.",
                customer=self.partner_id.name,
            )
        )
        return picking._get_records_action()


class OmsConsignmentSendWizardLine(models.TransientModel):
    _name = "oms.consignment.send.wizard.line"
    _description = "Goods Sent on Consignment"

    wizard_id = fields.Many2one("oms.consignment.send.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, domain="[('is_storable', '=', True)]")
    quantity = fields.Float(required=True, digits="Product Unit of Measure", default=1.0)

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(line.quantity < 0 for line in self):
            raise UserError(self.env._("Quantities sent cannot be negative."))
