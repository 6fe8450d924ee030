"""A delivery note and its tax invoice → the e-way bill requests (GENEWAYBILL on the invoice or on a delivery
challan, or the IRP's Generate-EWB-by-IRN when the invoice has an IRN), validated with NIC's rules before
anything is queued. The goods, parties and taxes come from the one GST document (gst_document.py)."""

from collections import defaultdict

from odoo.exceptions import UserError

from ..oms_gst.ewb_by_irn import build_ewb_by_irn_payload, validate_ewb_by_irn_payload
from ..oms_gst.ewb_payload import SUB_SUPPLY_LOTS, SUB_SUPPLY_OTHERS, SUB_SUPPLY_SUPPLY, build_ewb_payload
from ..oms_gst.ewb_payload import consignment_value as document_consignment_value
from ..oms_gst.ewb_rules import EwbTransport, TransportMode, validate_ewb_payload
from ..oms_gst.gst_document import GstDocumentError
from .gst_document import gst_challan_document_of, gst_document_of

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
    """The validated GENEWAYBILL payload of a delivery on its tax invoice (docType INV).

    An e-way bill of type INV is the invoice's: its items are the invoice's own goods lines, even where the
    invoice covers more than this delivery (the lots after the first travel on challans, see
    :func:`ewb_challan_payload_for`).
    """
    document = gst_document_of(invoice, ship_to=picking.partner_id)
    return _validated(picking, document, SUB_SUPPLY_SUPPLY)


def ewb_challan_payload_for(picking, invoice, challan_number, challan_date):
    """The validated GENEWAYBILL payload of a delivery challan for one lot of a supply (CGST Rule 55(5)).

    docType CHL, subSupplyType 9 (SKD/CKD/Lots); the items are the picking's own quantities (its moves not
    cancelled, in the sale line's unit) at the invoice's prices and taxes for the same sale line, and the
    totals are those of this consignment only.
    """
    document = gst_document_of(
        invoice,
        quantities=_consignment_quantities(picking, invoice),
        doc_type="CHL",
        number=challan_number,
        date=challan_date,
        ship_to=picking.partner_id,
    )
    return _validated(picking, document, SUB_SUPPLY_LOTS)


def ewb_non_supply_payload_for(picking, challan_number, challan_date, description):
    """The validated GENEWAYBILL payload of goods that move without being supplied, on their delivery challan
    (CGST Rule 55(1)(c)): docType CHL, subSupplyType 8 "Others" with ``description`` saying why (NIC requires
    the description for Others), the delivery's own quantities at their value, without tax."""
    document = gst_challan_document_of(picking, challan_number, challan_date)
    return _validated(picking, document, SUB_SUPPLY_OTHERS, description)


def non_supply_value(picking):
    """The value of goods that move without being supplied (their challan's value, no tax in it): what the
    e-way bill threshold judges for such a consignment (CGST Rule 138(1)(iii), "for reasons other than
    supply")."""
    document = gst_challan_document_of(
        picking, picking.oms_challan_number or picking.name, picking.scheduled_date.date()
    )
    try:
        return float(document_consignment_value(document))
    except GstDocumentError as error:
        _refuse(picking, [str(error)])


def consignment_value(picking, invoice):
    """Taxable value plus all taxes (cess included) of the picking's own quantities at the invoice's prices:
    the value the e-way bill threshold is judged on, per consignment (CGST Rule 138)."""
    document = gst_document_of(invoice, quantities=_consignment_quantities(picking, invoice))
    try:
        return float(document_consignment_value(document))
    except GstDocumentError as error:
        _refuse(picking, [str(error)])


def _validated(picking, document, sub_supply_type, sub_supply_description=""):
    try:
        payload = build_ewb_payload(
            document,
            ewb_transport_of(picking),
            sub_supply_type=sub_supply_type,
            sub_supply_description=sub_supply_description,
        )
    except GstDocumentError as error:
        _refuse(picking, [str(error)])
    problems = validate_ewb_payload(payload)
    if problems:
        _refuse(picking, problems)
    return payload


def _consignment_quantities(picking, invoice):
    """Invoice line → quantity this picking moves of it, in the invoice line's unit."""
    quantities = defaultdict(float)
    for move in picking.move_ids.filtered(lambda move: move.state != "cancel" and move.quantity):
        sale_line = move.sale_line_id
        line = invoice.invoice_line_ids.filtered(
            lambda line, sale_line=sale_line: sale_line in line.sale_line_ids
        )[:1]
        if not sale_line or not line:
            _refuse(
                picking,
                [
                    picking.env._(
                        "%(product)s is not on invoice %(invoice)s: invoice its order line before it moves.",
                        product=move.product_id.display_name,
                        invoice=invoice.display_name,
                    )
                ],
            )
        quantity = move.product_uom._compute_quantity(move.quantity, sale_line.product_uom)
        quantities[line] += sale_line.product_uom._compute_quantity(quantity, line.product_uom_id)
    if not quantities:
        _refuse(picking, [picking.env._("The delivery moves nothing yet: set the quantities that leave.")])
    return dict(quantities)
