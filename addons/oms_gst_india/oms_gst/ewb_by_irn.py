"""The IRP's "Generate EWB by IRN" request (``eiewb/v1.03/ewaybill``): payload and the IRP's own checks.

Pure functions over plain values; the transport data is the same :class:`ewb_rules.EwbTransport` the
GENEWAYBILL payload is built from, so a delivery note gives either request.
"""

import re

from .ewb_rules import TransportMode
from .nic_dates import nic_date

MAX_DISTANCE_KM = 4000
_IRN = re.compile(r"^[0-9a-f]{64}$")


def build_ewb_by_irn_payload(irn, transport):
    """The request for an IRN and an :class:`ewb_rules.EwbTransport`; empty values are left out."""
    payload = {
        "Irn": irn,
        "Distance": int(transport.distance_km or 0),
        "TransMode": str(int(transport.mode)) if transport.mode else None,
        "TransId": transport.transporter_id or None,
        "TransName": transport.transporter_name or None,
        "TransDocNo": transport.document_number or None,
        "TransDocDt": nic_date(transport.document_date, None),
        "VehNo": transport.vehicle_number or None,
        "VehType": ("O" if transport.odc else "R") if transport.vehicle_number else None,
    }
    return {key: value for key, value in payload.items() if value is not None}


def validate_ewb_by_irn_payload(payload):
    """Return the rule violations of a Generate-EWB-by-IRN request (empty when it may be sent)."""
    problems = []
    if not _IRN.match(str(payload.get("Irn") or "")):
        problems.append("The invoice has no IRN yet: wait for the e-invoice to be registered.")
    distance = payload.get("Distance")
    if not isinstance(distance, int) or not 0 <= distance <= MAX_DISTANCE_KM:
        problems.append("Enter the approximate distance (0 to 4000 km; 0 lets NIC compute it).")
    mode = payload.get("TransMode")
    if not (payload.get("TransId") or payload.get("VehNo") or payload.get("TransDocNo")):
        problems.append(
            "Enter the transporter's GSTIN/TRANSIN, the vehicle number or the transport document number."
        )
    if mode == str(int(TransportMode.ROAD)) and not payload.get("VehNo") and not payload.get("TransDocNo"):
        problems.append("Transport by road needs a vehicle number.")
    if mode in {
        str(int(mode_)) for mode_ in TransportMode if mode_ != TransportMode.ROAD
    } and not payload.get("TransDocNo"):
        problems.append("Transport by rail, air or ship needs the transport document number (RR/AWB/BL).")
    if payload.get("VehType") == "O" and mode != str(int(TransportMode.ROAD)):
        problems.append("Over-dimensional cargo can only travel by road: set the transport mode to road.")
    return problems
