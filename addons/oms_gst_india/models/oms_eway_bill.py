"""E-way bill of a delivery note: generated at NIC by an outbox job (one per bill, never twice).

This first slice generates the bill (Part-A and Part-B) from the delivery note's shipment data and the
posted tax invoice; the rest of the lifecycle (Part-B update, transporter change, extension, cancel,
expiry alerts) is still to come.
"""

import json
from datetime import timezone

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_handover.models.oms_outbox_job import OmsTransientError

from ..oms_gst.ewb_client import EwbClient
from ..oms_gst.ewb_rules import (
    EwbDocument,
    EwbItem,
    EwbParty,
    EwbTransport,
    TransportMode,
    build_ewb_payload,
    validate_ewb_payload,
)
from ..oms_gst.nic_errors import NicError, NicTransientError
from ..oms_gst.nic_session import parse_nic_datetime

MODES = {
    "road": TransportMode.ROAD,
    "rail": TransportMode.RAIL,
    "air": TransportMode.AIR,
    "ship": TransportMode.SHIP,
}


class OmsEwayBill(models.Model):
    _name = "oms.eway.bill"
    _inherit = ["oms.outbox.job.mixin", "mail.thread"]
    _description = "E-Way Bill"

    picking_id = fields.Many2one(
        "stock.picking", required=True, readonly=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one("account.move", string="Tax Invoice", required=True, readonly=True)
    oms_ewb_no = fields.Char(string="E-Way Bill No.", readonly=True, copy=False, tracking=True)
    oms_ewb_date = fields.Datetime(string="Generated On", readonly=True, copy=False)
    oms_ewb_valid_until = fields.Datetime(string="Valid Until", readonly=True, copy=False)
    payload = fields.Text(readonly=True, help="The GENEWAYBILL request (no credentials in it).")

    _sql_constraints = [
        (
            "picking_unique",
            "unique(picking_id)",
            "A delivery note has one e-way bill: it is never sent twice.",
        ),
    ]

    def _oms_ewb_client(self):
        config = self.env["oms.einvoice.config"]._oms_for_company(self.company_id)
        if not config.ewb_base_url:
            raise UserError(self.env._("Ask an administrator to fill in the e-way bill connection."))
        return EwbClient(
            config.ewb_base_url,
            config.gstin,
            config.ewb_client_id,
            config.ewb_client_secret,
            config.ewb_username,
            config.ewb_password,
            config.ewb_public_key_pem,
            timeout=config.timeout or 30.0,
            clock=config._oms_nic_clock(),
        )

    def _oms_perform(self):
        if self.oms_ewb_no:
            return
        payload = json.loads(self.payload)
        try:
            reply = self._oms_ewb_client().generate_ewb(payload)
        except NicTransientError as error:
            raise OmsTransientError(
                self.env._(
                    "The e-way bill system did not answer (%(reason)s); trying again later.",
                    reason=error.message,
                )
            ) from error
        except NicError as error:
            raise UserError(self.env._("NIC refused the e-way bill: %(error)s", error=str(error))) from error
        self.write(
            {
                "oms_ewb_no": str(reply.get("ewayBillNo")),
                "oms_ewb_date": _utc(reply.get("ewayBillDate")),
                "oms_ewb_valid_until": _utc(reply.get("validUpto")),
                "last_error": False,
            }
        )
        self.picking_id.message_post(
            body=self.env._("E-way bill %(number)s generated.", number=self.oms_ewb_no)
        )


def _utc(text):
    return parse_nic_datetime(text).astimezone(timezone.utc).replace(tzinfo=None) if text else False


def ewb_payload_for(picking, invoice):
    """Plain values of a delivery note and its tax invoice → the validated GENEWAYBILL payload."""
    company = picking.company_id.partner_id
    customer = picking.partner_id
    lines = invoice.invoice_line_ids.filtered(
        lambda line: line.display_type == "product" and line.product_id.type != "service"
    )
    igst = invoice._oms_supply_decision().tax_kind == "igst"
    items = [
        EwbItem(
            hsn_code=line.l10n_in_hsn_code or "",
            quantity=line.quantity,
            unit=(line.product_uom_id.l10n_in_code or "OTH").split("-")[0],
            taxable_amount=line.price_subtotal,
            igst_rate=invoice._oms_gst_rate(line) if igst else 0,
            cgst_rate=0 if igst else invoice._oms_gst_rate(line) / 2,
            sgst_rate=0 if igst else invoice._oms_gst_rate(line) / 2,
            product_name=line.product_id.name or "",
        )
        for line in lines
    ]
    document = EwbDocument(
        number=invoice.name,
        issue_date=invoice.invoice_date,
        total_invoice_value=invoice.amount_total,
        igst_value=invoice.amount_tax if igst else 0,
        cgst_value=0 if igst else invoice.amount_tax / 2,
        sgst_value=0 if igst else invoice.amount_tax / 2,
    )
    transporter = picking.oms_transporter_id
    transport = EwbTransport(
        distance_km=picking.oms_distance_km or 0,
        mode=MODES.get(picking.oms_transport_mode),
        transporter_id=transporter.oms_transporter_gst_id or transporter.vat or "",
        transporter_name=transporter.name or "",
        document_number=picking.oms_lr_number or "",
        document_date=picking.oms_lr_date,
        vehicle_number=picking.oms_vehicle_number or "",
        odc=picking.oms_vehicle_type == "odc",
    )

    def party(partner):
        return EwbParty(
            gstin=partner.commercial_partner_id.vat or "URP",
            name=partner.commercial_partner_id.name,
            address1=partner.street or "",
            place=partner.city or "",
            pincode=int(partner.zip) if (partner.zip or "").isdigit() else 0,
            state_code=int(partner.state_id.l10n_in_tin or 0)
            if (partner.state_id.l10n_in_tin or "").isdigit()
            else 99,
        )

    payload = build_ewb_payload(document, party(company), party(customer), items, transport)
    problems = validate_ewb_payload(payload)
    if problems:
        raise UserError(
            picking.env._(
                "The e-way bill of %(picking)s cannot be generated yet:\n%(problems)s",
                picking=picking.name,
                problems="\n".join(problems),
            )
        )
    return payload
