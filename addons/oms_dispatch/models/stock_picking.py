"""Delivery pickings carry the shipment plan of their tranche, its proof of delivery, and the reason
when the tranche was cancelled (returned)."""

from odoo import api, fields, models

from .oms_shipment_mixin import SHIPMENT_FIELDS


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "oms.shipment.mixin"]

    oms_dispatch_date = fields.Date(string="Dispatch Date", copy=False)
    oms_pod_date = fields.Date(string="Delivered On", copy=False, tracking=True)
    oms_pod_receiver = fields.Char(string="Received By", copy=False)
    oms_pod_attachment_id = fields.Many2one("ir.attachment", string="Proof of Delivery", copy=False)
    oms_tranche_cancelled = fields.Boolean(string="Tranche Cancelled", readonly=True, copy=False)
    oms_tranche_cancel_reason = fields.Text(string="Cancel Reason", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oms_normalize_shipment_vals(vals)
        pickings = super().create(vals_list)
        # Deliveries created from the order (and backorders of them) start with the order's plan.
        for picking in pickings.filtered(lambda p: p.picking_type_code == "outgoing" and p.sale_id):
            if not picking.oms_transporter_id and not picking.oms_vehicle_number:
                plan = picking.sale_id._oms_shipment_values()
                picking.write({name: value for name, value in plan.items() if value})
        return pickings

    def write(self, vals):
        if set(SHIPMENT_FIELDS) & set(vals):
            vals = self._oms_normalize_shipment_vals(dict(vals))
        return super().write(vals)

    def _action_done(self):
        result = super()._action_done()
        # A receipt of goods bought for an order is an update of its Purchase Order stage (reminders).
        receipts = self.filtered(
            lambda picking: picking.picking_type_code == "incoming" and picking.purchase_id
        )
        orders = receipts.purchase_id._get_sale_orders().filtered(lambda order: order.oms_stage_id)
        if orders:
            orders._oms_touch_purchase()
        return result

    def _oms_is_tranche(self):
        self.ensure_one()
        return (
            self.picking_type_code == "outgoing"
            and self.state == "done"
            and self.sale_id
            and not self.oms_tranche_cancelled
        )
