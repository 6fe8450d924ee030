"""One small form per e-way bill request: checks the input, then queues one outbox job (nothing else)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.oms_eway_bill_operation import OPERATIONS

REMARK_MAX_LENGTH = 50  # NIC's reasonRem / extnRemarks / cancelRmrk
VEHICLE_REASONS = [("1", "Breakdown"), ("2", "Transshipment"), ("3", "Others"), ("4", "First time")]
EXTENSION_REASONS = [
    ("1", "Natural calamity"),
    ("2", "Law and order"),
    ("4", "Transshipment"),
    ("5", "Accident"),
    ("99", "Others"),
]
# The e-way bill's cancel codes: 2 and 3 are the reverse of the IRN's (DOMAIN.md).
CANCEL_REASONS = [("1", "Duplicate"), ("2", "Order cancelled"), ("3", "Data entry mistake"), ("4", "Others")]
MODE_CODES = {"road": 1, "rail": 2, "air": 3, "ship": 4}


class OmsEwbOperationWizard(models.TransientModel):
    _name = "oms.ewb.operation.wizard"
    _description = "E-Way Bill Request"

    eway_bill_id = fields.Many2one("oms.eway.bill", required=True, readonly=True)
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    vehicle_number = fields.Char(size=15)
    transport_mode = fields.Selection(
        [("road", "Road"), ("rail", "Rail"), ("air", "Air"), ("ship", "Ship")], default="road"
    )
    transport_document_number = fields.Char(string="RR / AWB / BL Number")
    transport_document_date = fields.Date()
    vehicle_reason = fields.Selection(VEHICLE_REASONS, string="Reason", default="1")
    extension_reason = fields.Selection(EXTENSION_REASONS, string="Reason for Extension", default="99")
    cancel_reason = fields.Selection(CANCEL_REASONS, string="Reason for Cancelling", default="3")
    transporter_id = fields.Many2one(
        "res.partner", string="New Transporter", domain=[("oms_is_transporter", "=", True)]
    )
    from_place = fields.Char(string="Current Place")
    from_state_id = fields.Many2one(
        "res.country.state", string="Current State", domain=[("country_id.code", "=", "IN")]
    )
    from_pincode = fields.Char(string="Current PIN Code", size=6)
    remaining_distance_km = fields.Integer(string="Remaining Distance (km)")
    remark = fields.Char(help="At most 50 characters (NIC's limit).")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        bill = self.env["oms.eway.bill"].browse(values.get("eway_bill_id"))
        if bill:
            picking = bill.picking_id
            values.setdefault("vehicle_number", bill.oms_vehicle_number or picking.oms_vehicle_number)
            values.setdefault("transport_mode", picking.oms_transport_mode or "road")
            values.setdefault("from_place", picking.company_id.city)
            values.setdefault("from_state_id", picking.company_id.state_id.id)
            values.setdefault("from_pincode", picking.company_id.zip)
        return values

    def _required(self, names):
        labels = [self._fields[name].get_description(self.env)["string"] for name in names if not self[name]]
        if labels:
            raise UserError(self.env._("Fill in: %(fields)s.", fields=", ".join(labels)))

    def _remark(self):
        remark = (self.remark or "").strip()
        if not remark or len(remark) > REMARK_MAX_LENGTH or any(char in remark for char in '"\\'):
            raise UserError(
                self.env._("Enter a remark of at most 50 characters, without quotes or backslashes.")
            )
        return remark

    def _place(self):
        self._required(["from_place", "from_state_id"])
        state_code = self.from_state_id.l10n_in_tin or ""
        if not state_code.isdigit():
            raise UserError(self.env._("The current state must be an Indian state with a GST code."))
        return {"from_place": self.from_place.strip(), "from_state_code": int(state_code)}

    def _transport(self):
        values = {"transport_mode": MODE_CODES[self.transport_mode or "road"]}
        if (self.transport_mode or "road") == "road":
            self._required(["vehicle_number"])
            try:
                normalized = self.env["stock.picking"]._oms_normalize_shipment_vals(
                    {"oms_vehicle_number": self.vehicle_number}
                )
            except ValidationError as error:
                raise UserError(error.args[0]) from error
            values["vehicle_number"] = normalized["oms_vehicle_number"]
        else:
            self._required(["transport_document_number", "transport_document_date"])
            values["vehicle_number"] = ""
        if self.transport_document_number:
            values["transport_document_number"] = self.transport_document_number.strip()
        if self.transport_document_date:
            values["transport_document_date"] = self.transport_document_date.strftime("%d/%m/%Y")
        return values

    def _params(self):
        if self.operation == "transporter":
            reference = self.transporter_id.oms_transporter_gst_id or self.transporter_id.vat
            if not reference:
                raise UserError(
                    self.env._("Choose a transporter whose GSTIN or Transporter ID (TRANSIN) is filled in.")
                )
            return {"transporter_id": reference}
        if self.operation == "cancel":
            return {
                "reason_code": int(self.cancel_reason),
                "reason_label": dict(CANCEL_REASONS)[self.cancel_reason],
                "remark": self._remark(),
            }
        if self.operation == "part_b":
            self._required(["vehicle_reason"])
            return dict(
                self._transport(),
                **self._place(),
                reason_code=int(self.vehicle_reason),
                reason_label=dict(VEHICLE_REASONS)[self.vehicle_reason],
                remark=self._remark(),
            )
        self._required(["extension_reason"])
        distance = self.remaining_distance_km
        if distance <= 0 or distance > (self.eway_bill_id.oms_distance_km or distance):
            raise UserError(
                self.env._(
                    "The remaining distance must be more than 0 km and at most the bill's %(km)s km.",
                    km=self.eway_bill_id.oms_distance_km,
                )
            )
        pincode = (self.from_pincode or "").strip()
        if not (pincode.isdigit() and 100000 <= int(pincode) <= 999999):
            raise UserError(self.env._("Enter the 6-digit PIN code of the current place."))
        return dict(
            self._transport(),
            **self._place(),
            from_pincode=int(pincode),
            remaining_distance_km=distance,
            reason_code=int(self.extension_reason),
            reason_label=dict(EXTENSION_REASONS)[self.extension_reason],
            remark=self._remark(),
        )

    def action_confirm(self):
        """Check the input and queue the request; the cron sends it."""
        self.ensure_one()
        self.eway_bill_id._oms_check_dispatch()
        self.env["oms.eway.bill.operation"]._oms_queue(self.eway_bill_id, self.operation, self._params())
        return {"type": "ir.actions.act_window_close"}
