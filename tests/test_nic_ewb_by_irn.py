"""Generate-EWB-by-IRN: the payload builder and its checks, and the IRP simulator refusing what the IRP refuses."""

from datetime import date

import pytest

from oms_gst.ewb_by_irn import build_ewb_by_irn_payload, validate_ewb_by_irn_payload
from oms_gst.ewb_rules import EwbTransport, TransportMode
from oms_gst.irp_client import IrpClient
from oms_gst.nic_errors import NicError
from simulators.nic_irp import IrpSimulator
from simulators.nic_samples import SIMULATED_NOW, client_for, sample_invoice

IRN = "a" * 64


def transport(**changes):
    values = {"distance_km": 450, "mode": TransportMode.ROAD, "vehicle_number": "KA01AB1234"}
    values.update(changes)
    return EwbTransport(**values)


def test_payload_leaves_out_empty_values():
    payload = build_ewb_by_irn_payload(IRN, transport())
    assert payload == {"Irn": IRN, "Distance": 450, "TransMode": "1", "VehNo": "KA01AB1234", "VehType": "R"}
    assert validate_ewb_by_irn_payload(payload) == []


def test_part_a_only_with_transporter_and_rail_with_document():
    part_a = build_ewb_by_irn_payload(
        IRN, transport(mode=None, vehicle_number="", transporter_id="29AABCU9603R1ZJ")
    )
    assert "VehNo" not in part_a and "TransMode" not in part_a
    assert validate_ewb_by_irn_payload(part_a) == []
    rail = build_ewb_by_irn_payload(
        IRN,
        transport(
            mode=TransportMode.RAIL,
            vehicle_number="",
            document_number="RR123",
            document_date=date(2025, 9, 15),
        ),
    )
    assert rail["TransDocDt"] == "15/09/2025"
    assert validate_ewb_by_irn_payload(rail) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"mode": None, "vehicle_number": ""}, "transporter's GSTIN/TRANSIN"),
        (
            {"mode": TransportMode.AIR, "vehicle_number": "", "transporter_id": "29AABCU9603R1ZJ"},
            "transport document",
        ),
        ({"distance_km": 4500}, "approximate distance"),
        ({"mode": TransportMode.SHIP, "odc": True, "document_number": "BL1"}, "Over-dimensional"),
    ],
)
def test_problems_named(changes, fragment):
    problems = validate_ewb_by_irn_payload(build_ewb_by_irn_payload(IRN, transport(**changes)))
    assert any(fragment in problem for problem in problems), problems


def test_missing_irn_named():
    assert "no IRN yet" in validate_ewb_by_irn_payload(build_ewb_by_irn_payload("", transport()))[0]


@pytest.fixture
def simulator():
    with IrpSimulator(timeout_delay=0.8) as sim:
        sim.now = SIMULATED_NOW
        yield sim


@pytest.mark.parametrize(
    ("request_changes", "code"),
    [
        ({"Distance": None}, "4019"),
        ({"VehNo": None, "TransMode": None, "VehType": None}, "4007"),
        ({"TransMode": "3", "VehNo": None, "VehType": None, "TransId": "29AABCU9603R1ZJ"}, "4010"),
        ({"TransId": "29AABCU9603R1ZK"}, "4011"),
    ],
)
def test_simulator_refuses_like_the_irp(simulator, request_changes, code):
    client = client_for(IrpClient, simulator, timeout=0.5)
    irn = client.generate_irn(sample_invoice("INV/77"))["Irn"]
    request = {"Irn": irn, "Distance": 450, "TransMode": "1", "VehNo": "KA01AB1234", "VehType": "R"}
    request.update(request_changes)
    request = {key: value for key, value in request.items() if value is not None}
    with pytest.raises(NicError) as caught:
        client.generate_ewb_by_irn(request)
    assert caught.value.has_code(code)
    assert simulator.invoices[irn]["ewb"] is None


def test_simulator_issues_one_bill_per_irn(simulator):
    client = client_for(IrpClient, simulator, timeout=0.5)
    irn = client.generate_irn(sample_invoice("INV/78"))["Irn"]
    request = {"Irn": irn, "Distance": 450, "TransMode": "1", "VehNo": "KA01AB1234", "VehType": "R"}
    assert client.generate_ewb_by_irn(request)["EwbNo"]
    with pytest.raises(NicError) as caught:
        client.generate_ewb_by_irn(request)
    assert caught.value.has_code("4002")
