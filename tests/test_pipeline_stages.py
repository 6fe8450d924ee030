"""Stage catalogue and the two views of a stage (ARCHITECTURE.md, "Views of the same stage")."""

import pytest

from oms_pipeline import stages

EXPECTED_VIEWS = {
    "sale_order": ("new", "received"),
    "purchase_order": ("pending_purchase", "placed_to_vendor"),
    "factory_order": ("pending_purchase", "placed_to_vendor"),
    "assembly_plan": ("pending_purchase", "placed_to_vendor"),
    "finished_products": ("ready_to_bill", "ready_for_dispatch"),
    "invoice": ("ready_to_bill", "ready_for_dispatch"),
    "tax_invoice": ("dispatched", "invoiced"),
    "shipment": ("dispatched", "invoiced"),
    "eway_bill": ("dispatched", "invoiced"),
    "partial_dispatch": ("dispatched", "invoiced"),
    "complete_dispatch": ("dispatched", "invoiced"),
    "customer_feedback": ("delivered", "delivered"),
}


def test_twelve_stage_codes_in_order():
    assert tuple(EXPECTED_VIEWS) == stages.STAGE_CODES
    assert stages.CANCELLED == "cancelled"
    assert stages.CANCELLED not in stages.STAGE_CODES
    assert set(stages.STAGE_NAMES) == {*stages.STAGE_CODES, stages.CANCELLED}
    assert stages.STAGE_NAMES["invoice"] == "Commercial Invoice"
    assert stages.STAGE_NAMES["eway_bill"] == "E-Way Bill"


@pytest.mark.parametrize(("code", "expected"), EXPECTED_VIEWS.items())
def test_views_of_every_stage(code, expected):
    assert (stages.board_column(code), stages.customer_status(code)) == expected


@pytest.mark.parametrize("code", stages.STAGE_CODES)
def test_pod_received_means_delivered(code):
    assert stages.board_column(code, pod_received=True) == "delivered"
    assert stages.customer_status(code, pod_received=True) == "delivered"


@pytest.mark.parametrize("code", [None, "sale_order", "tax_invoice"])
def test_pending_handover_is_new_and_received(code):
    assert stages.board_column(code, handover_pending=True) == "new"
    assert stages.customer_status(code, handover_pending=True) == "received"


def test_no_stage_yet_is_new():
    assert stages.board_column(None) == "new"
    assert stages.customer_status(None) == "received"


def test_cancelled_has_no_view():
    assert stages.board_column(stages.CANCELLED) is None
    assert stages.customer_status(stages.CANCELLED, pod_received=True) is None


def test_views_stay_within_declared_values():
    for code in stages.STAGE_CODES:
        assert stages.board_column(code) in stages.BOARD_COLUMNS
        assert stages.customer_status(code) in stages.CUSTOMER_STATUSES


def test_unknown_stage_code_is_an_error():
    with pytest.raises(ValueError, match="Unknown pipeline stage code"):
        stages.board_column("shipped")


def test_stage_position_is_one_based():
    assert stages.stage_position("sale_order") == 1
    assert stages.stage_position("customer_feedback") == 12


def test_stage_name_prefers_given_names():
    assert stages.stage_name("invoice") == "Commercial Invoice"
    assert stages.stage_name("invoice", {"invoice": "Facture commerciale"}) == "Facture commerciale"
    assert stages.stage_name("invoice", {"shipment": "Expédition"}) == "Commercial Invoice"
