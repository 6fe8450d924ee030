"""The e-way bill's GENEWAYBILL payload, built from the same :class:`oms_gst.gst_document.GstDocument` as the
IRN payload: the invoice itself (docType INV) or a delivery challan of one lot of it (docType CHL).

Items are the document's goods lines (services do not move); their rates are the GST rate split by the supply
(CGST + SGST inside the state, IGST otherwise) and the ad valorem cess rate, with the per-unit cess as
``cessNonadvol``. The header's tax values are the items' amounts, and ``otherValue`` is whatever else the
document's total holds (services, state cess, other charges, rounding), so that ``totInvValue`` equals the
document's total and NIC's rule 620 (total not below value plus taxes) holds.
"""

from .amounts import ZERO, json_number, round_amount, to_decimal
from .gst_document import GstDocumentError, plain_text, resolve_lines, tax_mode, totals
from .nic_dates import nic_date
from .tax_split import INTER, INTRA

# The IRP's document types and the EWB's: a credit note is "CNT" there.
EWB_DOC_TYPES = {"INV": "INV", "CRN": "CNT", "CHL": "CHL"}
SUB_SUPPLY_SUPPLY = 1
# "Others": goods moved for a reason other than a supply (free samples, gifts, display), on a delivery
# challan; NIC requires subSupplyDesc to say what the reason is.
SUB_SUPPLY_OTHERS = 8
SUB_SUPPLY_LOTS = 9  # "SKD/CKD/Lots": a supply sent in batches on delivery challans (CGST Rule 55(5))
OUTWARD = "O"
# State code NIC expects for a party outside India.
OTHER_COUNTRY = 99


def build_ewb_payload(doc, transport, sub_supply_type=SUB_SUPPLY_SUPPLY, sub_supply_description=""):
    """Return the GENEWAYBILL JSON of ``doc`` (a GstDocument) moved by ``transport`` (an EwbTransport).

    ``sub_supply_type`` is 1 (supply) for an invoice and 9 (SKD/CKD/Lots) for the challan of a lot. The
    transaction type follows the parties: 2 with a ship-to, 3 with a dispatch-from, 4 with both. Raises
    :class:`GstDocumentError` naming the line for a document NIC cannot take.
    """
    if doc.doc_type not in EWB_DOC_TYPES:
        raise GstDocumentError(
            f"An e-way bill is made on an invoice, a credit note or a delivery challan, not {doc.doc_type!r}"
        )
    try:
        lines = resolve_lines(doc)
        mode = tax_mode(doc)
    except GstDocumentError:
        raise
    except ValueError as error:
        raise GstDocumentError(f"Document {doc.number}: {error}") from error
    goods = [line for line in lines if not line.source.is_service]
    if not goods:
        raise GstDocumentError(f"Document {doc.number} has no goods lines; an e-way bill moves goods only")
    return {
        "supplyType": OUTWARD,
        "subSupplyType": str(sub_supply_type),
        "subSupplyDesc": sub_supply_description,
        "docType": EWB_DOC_TYPES[doc.doc_type],
        "docNo": doc.number,
        "docDate": nic_date(doc.date),
        **_parties(doc),
        "transactionType": 1 + (doc.ship_to is not None) + 2 * (doc.dispatch_from is not None),
        **_values(doc, lines, goods),
        "transMode": str(int(transport.mode)) if transport.mode else "",
        "transDistance": str(int(transport.distance_km)),
        "transporterId": transport.transporter_id,
        "transporterName": transport.transporter_name,
        "transDocNo": transport.document_number,
        "transDocDate": nic_date(transport.document_date),
        "vehicleNo": transport.vehicle_number,
        "vehicleType": "O" if transport.odc else "R",
        "itemList": [_item(line, mode) for line in goods],
    }


def consignment_value(doc):
    """Taxable value plus every tax and cess of the document's goods: what the e-way bill threshold judges
    (CGST Rule 138), as a Decimal."""
    goods = [line for line in resolve_lines(doc) if not line.source.is_service]
    return totals(goods)["item_value"]


def _parties(doc):
    seller, buyer = doc.seller, doc.buyer
    origin = doc.dispatch_from or seller
    destination = doc.ship_to or buyer
    return {
        "fromGstin": plain_text(seller.gstin).upper() or "URP",
        "fromTrdName": plain_text(seller.legal_name),
        "fromAddr1": plain_text(origin.address1),
        "fromAddr2": plain_text(origin.address2),
        "fromPlace": plain_text(origin.location),
        "fromPincode": _pincode(origin.pincode),
        "fromStateCode": _state(seller.state_code),
        "actFromStateCode": _state(origin.state_code),
        "toGstin": plain_text(buyer.gstin).upper() or "URP",
        "toTrdName": plain_text(buyer.legal_name),
        "toAddr1": plain_text(destination.address1),
        "toAddr2": plain_text(destination.address2),
        "toPlace": plain_text(destination.location),
        "toPincode": _pincode(destination.pincode),
        "toStateCode": _state(doc.place_of_supply),
        "actToStateCode": _state(destination.state_code),
    }


def _values(doc, lines, goods):
    sums = totals(goods)
    document_total = (
        totals(lines)["item_value"]
        - round_amount(to_decimal(doc.discount, "document discount"))
        + round_amount(to_decimal(doc.other_charges, "document other charges"))
        + round_amount(to_decimal(doc.round_off, "round-off"))
    )
    values = {
        "totalValue": sums["assessable"],
        "cgstValue": sums["cgst"],
        "sgstValue": sums["sgst"],
        "igstValue": sums["igst"],
        "cessValue": sums["cess"],
        "cessNonAdvolValue": sums["cess_non_advol"],
    }
    values["otherValue"] = document_total - sum(values.values(), ZERO)
    values["totInvValue"] = document_total
    return {key: json_number(value) for key, value in values.items()}


def _item(line, mode):
    source = line.source
    gst_rate = to_decimal(source.gst_rate)
    half = gst_rate / 2 if mode == INTRA else ZERO
    return {
        "productName": plain_text(source.description),
        "productDesc": plain_text(source.description),
        "hsnCode": str(source.hsn).strip(),
        "quantity": json_number(line.quantity, 3),
        "qtyUnit": plain_text(source.unit).upper() or "OTH",
        "taxableAmount": json_number(line.assessable),
        "cgstRate": json_number(half, 3),
        "sgstRate": json_number(half, 3),
        "igstRate": json_number(gst_rate if mode == INTER else ZERO, 3),
        "cessRate": json_number(ZERO if mode is None else to_decimal(source.cess_rate), 3),
        "cessNonadvol": json_number(line.amounts["cess_non_advol"]),
    }


def _pincode(value):
    # A malformed PIN goes out as 0 so that the validator and NIC name it (error 210/214).
    text = plain_text(value)
    return int(text) if text.isascii() and text.isdigit() else 0


def _state(code):
    text = plain_text(code)
    return int(text) if text.isascii() and text.isdigit() else OTHER_COUNTRY
