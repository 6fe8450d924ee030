"""Shipment plan fields shared by the order (the plan) and its delivery pickings (what each tranche
carried). The e-way bill module (oms_gst_india) reads these exact names on stock.picking."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..oms_logistics.errors import LogisticsError
from ..oms_logistics.phone import normalize_phone
from ..oms_logistics.vehicle import normalize_vehicle_number

SHIPMENT_FIELDS = (
    "oms_transporter_id",
    "oms_vehicle_number",
    "oms_vehicle_type",
    "oms_transport_mode",
    "oms_distance_km",
    "oms_lr_number",
    "oms_lr_date",
    "oms_driver_name",
    "oms_driver_phone",
)


class OmsShipmentMixin(models.AbstractModel):
    _name = "oms.shipment.mixin"
    _description = "Shipment Plan (transporter, vehicle, driver, LR)"

    oms_transporter_id = fields.Many2one(
        "res.partner", string="Transporter", domain=[("oms_is_transporter", "=", True)], tracking=True
    )
    oms_vehicle_number = fields.Char(
        string="Vehicle Number",
        size=15,
        tracking=True,
        help="Stored as the e-way bill expects it, e.g. DL01AB0123.",
    )
    oms_vehicle_type = fields.Selection(
        [("regular", "Regular"), ("odc", "Over Dimensional Cargo")], string="Vehicle Type", default="regular"
    )
    oms_transport_mode = fields.Selection(
        [("road", "Road"), ("rail", "Rail"), ("air", "Air"), ("ship", "Ship")],
        string="Transport Mode",
        default="road",
    )
    oms_distance_km = fields.Integer(string="Approximate Distance (km)")
    oms_lr_number = fields.Char(string="LR / Docket Number", tracking=True)
    oms_lr_date = fields.Date(string="LR Date")
    oms_driver_name = fields.Char(string="Driver")
    oms_driver_phone = fields.Char(string="Driver Phone", help="Stored in E.164 form, e.g. +919876543210.")

    @api.model
    def _oms_normalize_shipment_vals(self, vals):
        """Normalise the vehicle number and driver phone in ``vals`` in place; refuse bad input before
        anything is written."""
        try:
            if vals.get("oms_vehicle_number"):
                vals["oms_vehicle_number"] = normalize_vehicle_number(vals["oms_vehicle_number"])
            if vals.get("oms_driver_phone"):
                vals["oms_driver_phone"] = normalize_phone(vals["oms_driver_phone"], require_mobile=True)
        except LogisticsError as error:
            raise ValidationError(self.env._(error.template, **error.params)) from error  # pylint: disable=translation-required
        if vals.get("oms_distance_km", 0) < 0:
            raise ValidationError(self.env._("The distance cannot be negative."))
        return vals

    @api.constrains("oms_transporter_id", "oms_vehicle_type", "oms_transport_mode")
    def _check_oms_shipment_consistency(self):
        for record in self:
            if record.oms_transporter_id and not record.oms_transporter_id.oms_is_transporter:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not flagged as a transporter: tick Transporter on its contact first.",
                        partner=record.oms_transporter_id.display_name,
                    )
                )
            if record.oms_vehicle_type == "odc" and record.oms_transport_mode not in (False, "road"):
                raise ValidationError(self.env._("An over-dimensional cargo vehicle travels by road only."))

    def _oms_shipment_values(self):
        self.ensure_one()
        return {
            name: (self[name].id if self._fields[name].type == "many2one" else self[name])
            for name in SHIPMENT_FIELDS
        }

    def _oms_shipment_missing(self):
        """Labels of the plan fields still missing: transporter, driver, and the vehicle (road) or the
        transport document (rail, air, ship)."""
        self.ensure_one()
        required = ["oms_transporter_id", "oms_driver_name", "oms_driver_phone"]
        required.append(
            "oms_vehicle_number" if self.oms_transport_mode in (False, "road") else "oms_lr_number"
        )
        return [self._fields[name].string for name in required if not self[name]]
