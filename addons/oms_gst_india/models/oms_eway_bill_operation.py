"""Lifecycle requests on an active e-way bill (Part-B, transporter, extension, cancel) as outbox jobs.

One job per request, claimed by cron with FOR UPDATE SKIP LOCKED (the mixin), so it is never sent by two
workers. A retried job first asks NIC whether its earlier attempt went through (a timeout may hide a
success) and adopts that result instead of sending again.
"""

import json
from datetime import timezone

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..oms_gst.ewb_rules import IST, can_cancel, can_extend, validity_until
from ..oms_gst.nic_errors import NicError, NicTransientError
from ..oms_gst.nic_session import parse_nic_datetime
from .oms_eway_bill import aware, nic_utc

OPERATIONS = [
    ("part_b", "Update Part-B / Vehicle"),
    ("transporter", "Change Transporter"),
    ("extend", "Extend Validity"),
    ("cancel", "Cancel"),
]


class OmsEwayBillOperation(models.Model):
    _name = "oms.eway.bill.operation"
    _inherit = ["oms.outbox.job.mixin"]
    _description = "E-Way Bill Operation"

    eway_bill_id = fields.Many2one(
        "oms.eway.bill", required=True, readonly=True, index=True, ondelete="cascade"
    )
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    params = fields.Text(readonly=True, help="The request's values (no credentials in them).")
    reply = fields.Text(readonly=True, help="NIC's answer.")

    # ----- queueing -----

    @api.model
    def _oms_check_allowed(self, bill, operation, now=None):
        """Refuse (UserError, nothing written) what NIC would refuse: inactive bill, busy bill, windows."""
        if bill.oms_ewb_status != "active" or not bill.oms_ewb_no:
            raise UserError(
                self.env._("Delivery %(picking)s has no active e-way bill.", picking=bill.picking_id.name)
            )
        if bill.operation_ids.filtered(lambda job: job.state == "pending"):
            raise UserError(
                self.env._(
                    "E-way bill %(number)s already has a request waiting to be sent; try again once it is "
                    "done (E-Way Bills > Operations).",
                    number=bill.oms_ewb_no,
                )
            )
        now = now or bill._oms_now()
        until = aware(bill.oms_ewb_valid_until)
        if operation == "cancel" and bill.picking_id.state == "done":
            raise UserError(
                self.env._(
                    "The goods of delivery %(picking)s have left with e-way bill %(number)s: a bill of goods in "
                    "movement is not cancelled. Update its Part-B or extend it instead.",
                    picking=bill.picking_id.name,
                    number=bill.oms_ewb_no,
                )
            )
        if operation == "cancel" and not can_cancel(aware(bill.oms_ewb_date), now):
            raise UserError(
                self.env._(
                    "E-way bill %(number)s was generated more than 24 hours ago: NIC no longer accepts its "
                    "cancellation. Let it expire, or ask the recipient to reject it on the portal.",
                    number=bill.oms_ewb_no,
                )
            )
        if operation == "extend":
            if not until:
                raise UserError(self.env._("Enter the vehicle (Update Part-B) before extending the bill."))
            if not can_extend(until, now):
                raise UserError(
                    self.env._(
                        "E-way bill %(number)s can be extended only from 8 hours before to 8 hours after its "
                        "expiry (%(until)s IST).",
                        number=bill.oms_ewb_no,
                        until=until.astimezone(IST).strftime("%d/%m/%Y %H:%M"),
                    )
                )
        if operation in ("part_b", "transporter") and until and now > until:
            raise UserError(
                self.env._("E-way bill %(number)s has expired: extend it first.", number=bill.oms_ewb_no)
            )

    @api.model
    def _oms_queue(self, bill, operation, params):
        self._oms_check_allowed(bill, operation)
        if operation == "extend":
            params = dict(params, valid_until_before=fields.Datetime.to_string(bill.oms_ewb_valid_until))
        # The job table is read-only for dispatch; jobs are made by this checked path only.
        return self.sudo().create(
            {
                "eway_bill_id": bill.id,
                "company_id": bill.company_id.id,
                "operation": operation,
                "params": json.dumps(params),
            }
        )

    # ----- sending -----

    def _oms_run_claimed(self):
        if self.env["oms.einvoice.config"]._oms_hold_if_paused(self):
            return None
        return super()._oms_run_claimed()

    def _oms_perform(self):
        params = json.loads(self.params)
        bill = self.eway_bill_id
        client = bill._oms_ewb_client()
        try:
            reply = (self.attempts and self._oms_applied_earlier(client, params)) or self._oms_send(
                client, params
            )
        except NicTransientError as error:
            raise bill._oms_retry_later(error) from error
        except NicError as error:
            raise UserError(
                self.env._(
                    "NIC refused to %(operation)s e-way bill %(number)s: %(error)s",
                    operation=dict(OPERATIONS)[self.operation].lower(),
                    number=bill.oms_ewb_no,
                    error=str(error),
                )
            ) from error
        self.reply = json.dumps(reply)
        self._oms_apply(params, reply)

    def _oms_send(self, client, params):
        number = self.eway_bill_id.oms_ewb_no
        if self.operation == "part_b":
            return client.update_part_b(
                number,
                params["vehicle_number"],
                params["from_place"],
                params["from_state_code"],
                params["reason_code"],
                params["remark"],
                transport_mode=params["transport_mode"],
                transport_document_number=params.get("transport_document_number") or "",
                transport_document_date=params.get("transport_document_date") or None,
                vehicle_type="O" if self.eway_bill_id.oms_odc else "R",
            )
        if self.operation == "transporter":
            return client.update_transporter(number, params["transporter_id"])
        if self.operation == "extend":
            return client.extend_validity(
                number,
                params["remaining_distance_km"],
                params["from_place"],
                params["from_state_code"],
                params["from_pincode"],
                params["reason_code"],
                params["remark"],
                transport_mode=params["transport_mode"],
                vehicle_number=params.get("vehicle_number") or "",
                transport_document_number=params.get("transport_document_number") or "",
                transport_document_date=params.get("transport_document_date") or None,
            )
        return client.cancel_ewb(number, params["reason_code"], params["remark"])

    def _oms_applied_earlier(self, client, params):
        """NIC's answer of an earlier attempt that timed out here but went through there, or None."""
        details = client.get_ewb_details(self.eway_bill_id.oms_ewb_no)
        if self.operation == "cancel":
            return {"cancelDate": None} if details.get("status") == "CNL" else None
        if self.operation == "transporter":
            return (
                {"transporterId": params["transporter_id"]}
                if details.get("transporterId") == params["transporter_id"]
                else None
            )
        if self.operation == "part_b":
            vehicles = details.get("VehiclListDetails") or []
            last = vehicles[-1] if vehicles else {}
            return (
                {"validUpto": details.get("validUpto")}
                if last.get("vehicleNo") == params["vehicle_number"]
                else None
            )
        before = params.get("valid_until_before")
        changed = (
            details.get("validUpto") and fields.Datetime.to_string(nic_utc(details["validUpto"])) != before
        )
        return {"validUpto": details["validUpto"]} if changed else None

    def _oms_apply(self, params, reply):
        bill = self.eway_bill_id
        values = {}
        expected = None
        if reply.get("validUpto"):
            values["oms_ewb_valid_until"] = nic_utc(reply["validUpto"])
        if self.operation == "part_b":
            values["oms_vehicle_number"] = params["vehicle_number"]
            if not bill.oms_ewb_valid_until and reply.get("vehUpdDate"):  # the first Part-B starts validity
                expected = validity_until(
                    parse_nic_datetime(reply["vehUpdDate"]), bill.oms_distance_km, bill.oms_odc
                )
            message = self.env._(
                "Part-B updated: vehicle %(vehicle)s (%(reason)s).",
                vehicle=params["vehicle_number"],
                reason=params.get("reason_label") or params["reason_code"],
            )
        elif self.operation == "transporter":
            values["oms_transporter_ref"] = params["transporter_id"]
            message = self.env._(
                "Transporter changed to %(transporter)s.", transporter=params["transporter_id"]
            )
        elif self.operation == "extend":
            values["oms_expiry_alerted"] = False  # a new expiry deserves its own alert
            if reply.get("updatedDate"):
                expected = validity_until(
                    parse_nic_datetime(reply["updatedDate"]), params["remaining_distance_km"], bill.oms_odc
                )
            message = self.env._(
                "Validity extended to %(until)s IST (%(reason)s): %(remark)s",
                until=values.get("oms_ewb_valid_until")
                and values["oms_ewb_valid_until"]
                .replace(tzinfo=timezone.utc)
                .astimezone(IST)
                .strftime("%d/%m/%Y %H:%M"),
                reason=params.get("reason_label") or params["reason_code"],
                remark=params["remark"],
            )
        else:
            values["oms_ewb_status"] = "cancelled"
            message = self.env._(
                "E-way bill cancelled at NIC (%(reason)s): %(remark)s",
                reason=params.get("reason_label") or params["reason_code"],
                remark=params["remark"],
            )
        bill.write(values)
        if expected is not None:
            bill._oms_check_validity(expected)
        bill.message_post(body=message)
        bill.picking_id.message_post(
            body=self.env._("E-way bill %(number)s: ", number=bill.oms_ewb_no) + message
        )

    def _oms_record_failure(self, message, retry):
        result = super()._oms_record_failure(message, retry)
        if self.state == "failed":
            self.eway_bill_id.message_post(body=message)
        return result
