"""Plain values of a delivery note and its tax invoice → the e-way bill requests (GENEWAYBILL, or the IRP's
Generate-EWB-by-IRN when the invoice has an IRN), validated with NIC's rules before anything is queued."""

from odoo.exceptions import UserError

from ..oms_gst.ewb_by_irn import build_ewb_by_irn_payload, validate_ewb_by_irn_payload
from ..oms_gst.ewb_rules import (
    EwbDocument,
    EwbItem,
    EwbParty,
    EwbTransport,
    TransportMode,
    build_ewb_payload,
    validate_ewb_payload,
)

MODES = {
    "road": TransportMode.ROAD,
    "rail": TransportMode.RAIL,
    "air": TransportMode.AIR,
    "ship": TransportMode.SHIP,
}


def ewb_transport_of(picking):
    """Part-B of a delivery note, from the shipment data captured once in oms_dispatch."""
    transporter = picking.oms_transporter_id
    return EwbTransport(
        distance_km=picking.oms_distance_km or 0,
        mode=MODES.get(picking.oms_transport_mode),
        transporter_id=transporter.oms_transporter_gst_id or transporter.vat or "",
        transporter_name=transporter.name or "",
        document_number=picking.oms_lr_number or "",
        document_date=picking.oms_lr_date,
        vehicle_number=picking.oms_vehicle_number or "",
        odc=picking.oms_vehicle_type == "odc",
    )


def _refuse(picking, problems):
    raise UserError(
        picking.env._(
            "The e-way bill of %(picking)s cannot be generated yet:\n%(problems)s",
            picking=picking.name,
            problems="\n".join(problems),
        )
    )


def ewb_by_irn_payload_for(picking, invoice):
    """The validated Generate-EWB-by-IRN request of a delivery note whose invoice has an IRN."""
    payload = build_ewb_by_irn_payload(invoice.oms_irn, ewb_transport_of(picking))
    problems = validate_ewb_by_irn_payload(payload)
    if problems:
        _refuse(picking, problems)
    return payload


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
    transport = ewb_transport_of(picking)

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
        _refuse(picking, problems)
    return payload
