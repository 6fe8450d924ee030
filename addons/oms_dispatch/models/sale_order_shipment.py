"""Shipment planning on the order (seed 001 step 5, seed 002 "Shipment"): captured once on the order and
copied to each open delivery picking, where the challan and the e-way bill read it."""

from odoo import api, fields, models

from .oms_shipment_mixin import SHIPMENT_FIELDS


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "oms.shipment.mixin"]

    oms_expected_dispatch_date = fields.Date(string="Expected Dispatch Date", copy=False, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oms_normalize_shipment_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if set(SHIPMENT_FIELDS) & set(vals):
            vals = self._oms_normalize_shipment_vals(dict(vals))
        result = super().write(vals)
        if set(SHIPMENT_FIELDS) & set(vals):
            self._oms_copy_plan_to_pickings()
        return result

    def _oms_open_deliveries(self):
        return self.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing" and picking.state not in ("done", "cancel")
            )
        )

    def _oms_copy_plan_to_pickings(self):
        """The plan flows to every delivery not yet dispatched, so the challan and e-way bill never need
        retyping; dispatched pickings keep what they carried."""
        for order in self:
            deliveries = order._oms_open_deliveries()
            if deliveries:
                deliveries.write(order._oms_shipment_values())

    def _oms_check_shipment_planned(self):
        missing = self._oms_shipment_missing()
        if not self.oms_expected_dispatch_date:
            missing.append(self._fields["oms_expected_dispatch_date"].string)
        if not missing:
            return []
        return [
            self.env._(
                "Plan the shipment of order %(order)s first: %(fields)s missing.",
                order=self.name,
                fields=", ".join(missing),
            )
        ]

    def _oms_check_delivery_note_exists(self):
        if self.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing" and picking.state != "cancel"
        ):
            return []
        return [self.env._("Order %(order)s has no delivery note (delivery order) yet.", order=self.name)]
