"""The NIC requests of an e-way bill, one NIC job each (``oms.nic.job.mixin``): generation first, then
Part-B updates, transporter changes, extensions and cancel.

One job per request, claimed by cron with FOR UPDATE SKIP LOCKED (the outbox), so it is never sent by two
workers. A retried job first asks NIC whether its earlier attempt went through (a timeout may hide a
success) and adopts that result instead of sending again: for generation, NIC's "already generated" (604,
or 4002 by IRN) leads to the bill NIC made.
"""

import json
from datetime import timezone

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..oms_gst.ewb_client import ALREADY_GENERATED
from ..oms_gst.ewb_rules import IST, can_cancel, can_extend, validity_until
from ..oms_gst.irp_client import EWB_ALREADY_EXISTS
from ..oms_gst.nic_dates import nic_to_utc, parse_nic_datetime, utc_aware

OPERATIONS = [
    ("generate", "Generate"),
    ("part_b", "Update Part-B / Vehicle"),
    ("transporter", "Change Transporter"),
    ("extend", "Extend Validity"),
    ("cancel", "Cancel"),
]


class OmsEwayBillOperation(models.Model):
    _name = "oms.eway.bill.operation"
    _inherit = ["oms.nic.job.mixin"]
    _description = "E-Way Bill Operation"

    eway_bill_id = fields.Many2one(
        "oms.eway.bill", required=True, readonly=True, index=True, ondelete="cascade"
    )
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    params = fields.Text(readonly=True, help="The request's values (no credentials in them).")
    reply = fields.Text(readonly=True, help="NIC's answer.")

    def _oms_nic_invoice(self):
        return self.eway_bill_id.move_id

    def _oms_nic_refusal(self, error):
        bill = self.eway_bill_id
        if self.operation == "generate":
            return self.env._("NIC refused the e-way bill: %(error)s", error=str(error))
        return self.env._(
            "NIC refused to %(operation)s e-way bill %(number)s: %(error)s",
            operation=dict(OPERATIONS)[self.operation].lower(),
            number=bill.oms_ewb_no,
            error=str(error),
        )

    # ----- queueing -----

    @api.model
    def _oms_check_allowed(self, bill, operation, now=None):
        """Refuse (UserError, nothing written) what NIC would refuse: inactive bill, busy bill, windows."""
        if operation == "generate":
            return  # a new bill: the consignment was checked by the delivery's Generate E-Way Bill
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
        until = utc_aware(bill.oms_ewb_valid_until)
        if operation == "cancel" and bill.picking_id.state == "done":
            raise UserError(
                self.env._(
                    "The goods of delivery %(picking)s have left with e-way bill %(number)s: a bill of goods in "
                    "movement is not cancelled. Update its Part-B or extend it instead.",
                    picking=bill.picking_id.name,
                    number=bill.oms_ewb_no,
                )
            )
        if operation == "cancel" and not can_cancel(utc_aware(bill.oms_ewb_date), now):
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

    def _oms_perform(self):
        params = json.loads(self.params)
        bill = self.eway_bill_id
        if self.operation == "generate":
            if bill.oms_ewb_status != "to_generate":
                return  # generated already, or refused and replaced by a new bill: never twice
            reply = self._oms_generate(bill, params)
        else:
            client = bill._oms_ewb_client()
            reply = (self.attempts and self._oms_applied_earlier(client, params)) or self._oms_call_nic(
                OPERATION_CALLS[self.operation],
                {"ewbNo": bill.oms_ewb_no} | params,
                lambda: self._oms_send(client, params),
            )
        self.reply = json.dumps(reply)
        self._oms_apply(params, reply)

    def _oms_generate(self, bill, payload):
        """NIC's number, date and validity for the bill, generated from the IRN (the IRP's
        GenerateEWBByIRN) when its invoice has one, else through the e-way bill API; an earlier attempt
        that reached NIC although its answer never came back is adopted, not repeated."""
        if bill.oms_by_irn:
            client = bill._oms_irp_client()

            def adopt_by_irn(error):
                # 4002: the IRN already carries an e-way bill (an earlier attempt reached the IRP); adopt it.
                details = error.has_code(EWB_ALREADY_EXISTS) and self._oms_call_nic(
                    "GetIRNDetails", {"Irn": payload["Irn"]}, lambda: client.get_irn_details(payload["Irn"])
                )
                if not (details and details.get("EwbNo")):
                    raise UserError(self._oms_nic_refusal(error)) from error
                return details

            reply = self._oms_call_nic(
                "GenerateEWBByIRN", payload, lambda: client.generate_ewb_by_irn(payload), adopt_by_irn
            )
            return {"number": reply["EwbNo"], "date": reply["EwbDt"], "valid_until": reply["EwbValidTill"]}
        client = bill._oms_ewb_client()

        def adopt_by_document(error):
            # 604: an earlier attempt reached NIC before timing out here; adopt that bill.
            if not error.has_code(ALREADY_GENERATED):
                raise UserError(self._oms_nic_refusal(error)) from error
            document = {"docType": payload["docType"], "docNo": payload["docNo"]}
            return self._oms_call_nic(
                "GetEwayBillGeneratedByConsigner",
                document,
                lambda: client.get_ewb_by_document(payload["docType"], payload["docNo"]),
            )

        reply = self._oms_call_nic(
            "GENEWAYBILL", payload, lambda: client.generate_ewb(payload), adopt_by_document
        )
        return {
            "number": reply["ewayBillNo"],
            "date": reply["ewayBillDate"],
            "valid_until": reply["validUpto"],
        }

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
        number = self.eway_bill_id.oms_ewb_no
        details = self._oms_call_nic("GetEwayBill", {"ewbNo": number}, lambda: client.get_ewb_details(number))
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
            details.get("validUpto") and fields.Datetime.to_string(nic_to_utc(details["validUpto"])) != before
        )
        return {"validUpto": details["validUpto"]} if changed else None

    def _oms_apply(self, params, reply):
        if self.operation == "generate":
            return self._oms_apply_generated(reply)
        bill = self.eway_bill_id
        values = {}
        expected = None
        if reply.get("validUpto"):
            values["oms_ewb_valid_until"] = nic_to_utc(reply["validUpto"])
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

    def _oms_apply_generated(self, reply):
        bill = self.eway_bill_id
        bill.write(
            {
                "oms_ewb_no": str(reply["number"]),
                "oms_ewb_date": nic_to_utc(reply["date"]),
                "oms_ewb_valid_until": nic_to_utc(reply["valid_until"]),
                "oms_ewb_status": "active",
            }
        )
        if bill.oms_ewb_valid_until:
            bill._oms_check_validity(
                validity_until(utc_aware(bill.oms_ewb_date), bill.oms_distance_km, bill.oms_odc)
            )
        message = self.env._("E-way bill %(number)s generated.", number=bill.oms_ewb_no)
        bill.message_post(body=message)
        bill.picking_id.message_post(body=message)

    def _oms_record_failure(self, message, retry):
        result = super()._oms_record_failure(message, retry)
        if self.state != "failed":
            return result
        bill = self.eway_bill_id
        if self.operation == "generate" and bill.oms_ewb_status == "to_generate":
            # NIC refused the bill (or never answered, attempt after attempt): the consignment has no bill,
            # and Generate E-Way Bill on its delivery makes a new one once the data are corrected.
            bill.oms_ewb_status = "refused"
            bill.picking_id.message_post(body=message)
        bill.message_post(body=message)
        return result


# NIC's names of the lifecycle calls, as the request log shows them.
OPERATION_CALLS = {
    "part_b": "VEHEWB",
    "transporter": "UPDATETRANSPORTER",
    "extend": "EXTENDVALIDITY",
    "cancel": "CANEWB",
}
