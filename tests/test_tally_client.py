"""TallyClient against the loopback Tally simulator, over real HTTP on 127.0.0.1."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from oms_tally.client import TallyClient
from oms_tally.envelope import voucher_envelopes
from oms_tally.exceptions import TallyMalformedResponse, TallyRejected, TallyUnavailable, VoucherNotBalanced
from simulators.tally import TallySimulator
from simulators.tally_samples import (
    COMPANY,
    PARTY,
    make_config,
    make_credit_note,
    make_einvoice,
    make_invoice,
    make_line,
    make_sales_order,
    masters_for,
)

REMOTE_ID = "odoo-sale.order-1"


@pytest.fixture
def sim():
    with TallySimulator([COMPANY]) as simulator:
        yield simulator


@pytest.fixture
def client(sim):
    return TallyClient(sim.host, sim.port, timeout=0.5)


def push(client, *vouchers, config=None):
    """Send vouchers and return the result of the single envelope."""
    config = config or make_config()
    (envelope,) = voucher_envelopes(config, vouchers)
    return client.import_xml(envelope)


def test_masters_then_sales_order_are_created(sim, client):
    masters = client.import_xml(masters_for())
    assert (masters.created, masters.errors) == (10, 0)
    company = sim.company(COMPANY)
    assert company.ledgers[PARTY].findtext("PARENT") == "Sundry Debtors"
    result = push(client, make_sales_order())
    assert (result.created, result.altered) == (1, 0)
    assert company.vouchers[REMOTE_ID].voucher_type == "Sales Order"
    assert company.vouchers[REMOTE_ID].amount == Decimal("1180.00")
    assert company.creations[REMOTE_ID] == 1


def test_masters_sent_again_are_altered_not_duplicated(sim, client):
    client.import_xml(masters_for())
    again = client.import_xml(masters_for())
    assert (again.created, again.altered) == (0, 10)


def test_resend_after_edit_alters_the_same_voucher(sim, client):
    client.import_xml(masters_for())
    push(client, make_sales_order())
    edited = make_sales_order(lines=[make_line(quantity="12")])
    result = push(client, edited)
    assert (result.created, result.altered) == (0, 1)
    company = sim.company(COMPANY)
    assert company.voucher_count() == 1
    assert company.creations[REMOTE_ID] == 1
    assert company.vouchers[REMOTE_ID].amount == Decimal("1416.00")


def test_sales_voucher_is_linked_to_the_order_by_order_number(sim, client):
    client.import_xml(masters_for())
    push(client, make_sales_order())
    push(client, make_invoice())
    linked = sim.company(COMPANY).vouchers_with_order("SO/0001")
    assert sorted(v.voucher_type for v in linked) == ["Sales", "Sales Order"]


def test_missing_godown_on_a_godown_tracking_company_is_rejected_with_the_hint(sim, client):
    client.import_xml(masters_for())
    sim.company(COMPANY).tracks_godowns = True
    with pytest.raises(TallyRejected) as rejection:
        push(client, make_sales_order())
    assert rejection.value.result.exceptions == 1
    assert rejection.value.result.line_errors == ()
    assert "godown is missing" in str(rejection.value)
    assert sim.company(COMPANY).voucher_count() == 0
    config = make_config(tracks_godowns=True)
    order = make_sales_order(config, lines=[make_line(godown=config.godown_for("WH"))])
    assert push(client, order, config=config).created == 1


def test_company_name_mismatch_is_rejected_and_reported_by_test_connection(sim, client):
    config = make_config(company_name="Acme Traders")
    with pytest.raises(TallyRejected, match="Could not set 'SVCurrentCompany' to 'Acme Traders'"):
        client.import_xml(masters_for(config))
    check = client.test_connection("Acme Traders")
    assert (check.reachable, check.company_loaded, check.ok) == (True, False, False)
    assert COMPANY in check.message
    assert client.test_connection(COMPANY).ok


def test_missing_ledger_is_named_in_the_rejection(sim, client):
    with pytest.raises(TallyRejected) as rejection:
        push(client, make_sales_order())
    assert rejection.value.result.line_errors == (f"Ledger '{PARTY}' does not exist!",)
    assert rejection.value.result.errors == 1


def test_an_unbalanced_voucher_never_leaves_odoo(sim, client):
    with pytest.raises(VoucherNotBalanced):
        push(client, make_sales_order(total=Decimal("1179.99")))
    assert sim.requests_received == 0


def test_tally_down_then_back(sim, client):
    sim.fail_next("down")
    with pytest.raises(TallyUnavailable) as failure:
        client.import_xml(masters_for())
    assert failure.value.retryable
    assert client.import_xml(masters_for()).created == 10


def test_connection_refused_is_unavailable():
    with TallySimulator([COMPANY]) as stopped:
        client = TallyClient(stopped.host, stopped.port, timeout=0.5)
    with pytest.raises(TallyUnavailable, match="not reachable"):
        client.import_xml(masters_for())
    check = client.test_connection(COMPANY)
    assert (check.reachable, check.ok) == (False, False)


def test_slow_tally_times_out_and_the_resend_alters_instead_of_duplicating(sim):
    client = TallyClient(sim.host, sim.port, timeout=0.2)
    client.import_xml(masters_for())
    sim.slow_seconds = 0.5
    sim.fail_next("slow")
    with pytest.raises(TallyUnavailable, match=r"did not answer within 0\.2 s"):
        push(client, make_sales_order())
    result = push(client, make_sales_order())
    assert (result.created, result.altered) == (0, 1)
    assert sim.company(COMPANY).creations[REMOTE_ID] == 1


def test_http_500_is_unavailable_and_garbage_is_malformed(sim, client):
    sim.fail_next("http_500")
    with pytest.raises(TallyUnavailable, match="HTTP 500"):
        client.import_xml(masters_for())
    sim.fail_next("garbage", count=2)
    for _attempt in range(2):
        with pytest.raises(TallyMalformedResponse) as failure:
            client.import_xml(masters_for())
        assert failure.value.retryable
    assert client.import_xml(masters_for()).created == 10


def test_cancel_marks_the_voucher_cancelled(sim, client):
    client.import_xml(masters_for())
    push(client, make_invoice())
    result = push(client, make_invoice(cancelled=True))
    assert result.cancelled == 1
    (record,) = client.fetch_vouchers(COMPANY, ["odoo-account.move-7"])
    assert record.cancelled
    assert sim.company(COMPANY).voucher_count() == 1


@pytest.mark.parametrize("shape", ["flat", "envelope", "alternate"])
def test_every_response_shape_with_illegal_characters_is_understood(sim, client, shape):
    sim.response_shape = shape
    sim.embed_illegal_chars = True
    assert client.import_xml(masters_for()).created == 10
    assert push(client, make_sales_order()).created == 1
    with pytest.raises(TallyRejected, match="Stock Item 'Nope' does not exist!"):
        push(client, make_sales_order(remote_id="x", lines=[make_line(item_name="Nope")]))
    (record,) = client.fetch_vouchers(COMPANY, [REMOTE_ID])
    assert record.number == "SO/0001"


def test_utf16_end_to_end(sim):
    config = make_config(encoding="utf-16")
    client = TallyClient(sim.host, sim.port, timeout=0.5, encoding="utf-16")
    assert client.import_xml(masters_for(config)).created == 10
    assert sim.last_request_encoding == "utf-16"
    assert push(client, make_sales_order(config), config=config).created == 1
    assert PARTY in sim.company(COMPANY).ledgers
    (record,) = client.fetch_vouchers(COMPANY, [REMOTE_ID])
    assert record.party_ledger == PARTY


def test_250_vouchers_go_in_three_requests(sim, client):
    client.import_xml(masters_for())
    config = make_config()
    orders = [make_sales_order(config, remote_id=f"so-{n}", number=f"SO/{n:04d}") for n in range(250)]
    before = sim.requests_received
    results = client.import_all(voucher_envelopes(config, orders))
    assert [r.created for r in results] == [100, 100, 50]
    assert sim.requests_received - before == 3
    assert sim.company(COMPANY).voucher_count() == 250


def test_read_back_by_alter_id_watermark(sim, client):
    client.import_xml(masters_for())
    push(client, make_sales_order())
    (first,) = client.fetch_vouchers(COMPANY)
    push(client, make_invoice())
    newer = client.fetch_vouchers(COMPANY, after_alter_id=first.alter_id)
    assert [r.remote_id for r in newer] == ["odoo-account.move-7"]
    with pytest.raises(TallyRejected, match="SVCurrentCompany"):
        client.fetch_vouchers("Someone Else")


def test_einvoice_fields_are_stored_altered_and_read_back(sim, client):
    client.import_xml(masters_for())
    push(client, make_invoice(einvoice=make_einvoice(eway_bills=())))
    company = sim.company(COMPANY)
    stored = company.vouchers["odoo-account.move-7"]
    assert (stored.irn, stored.irn_ack_no, stored.irn_ack_date, stored.eway_bills) == (
        "a1b2c3",
        "112510000012345",
        "20250410",
        (),
    )
    # The e-way bill arrives later: the same REMOTEID alters the voucher Tally holds.
    result = push(client, make_invoice())
    assert (result.created, result.altered) == (0, 1)
    assert company.vouchers["odoo-account.move-7"].eway_bills == (("331000123456", "20250411"),)
    assert (company.creations["odoo-account.move-7"], company.alterations["odoo-account.move-7"]) == (1, 1)
    (record,) = client.fetch_vouchers(COMPANY)
    assert (record.irn, record.irn_ack_no, record.irn_ack_date, record.eway_bill_numbers) == (
        "a1b2c3",
        "112510000012345",
        datetime.date(2025, 4, 10),
        ("331000123456",),
    )


def test_client_refuses_an_unknown_encoding():
    with pytest.raises(ValueError, match="utf-8 or utf-16"):
        TallyClient("127.0.0.1", encoding="latin-1")
    assert dataclasses.is_dataclass(make_config())


def test_credit_note_is_one_credit_note_voucher_against_the_invoice(sim, client):
    client.import_xml(masters_for())
    push(client, make_invoice())
    assert push(client, make_credit_note()).created == 1
    assert (
        push(client, make_credit_note(lines=[make_line(quantity="1")], total=Decimal("118.00"))).altered == 1
    )
    company = sim.company(COMPANY)
    assert company.voucher_count("Credit Note") == 1
    note = company.vouchers["odoo-account.move-8"]
    assert (note.amount, note.reference) == (Decimal("118.00"), "INV/2025/0007")
    assert note.bills == (("Agst Ref", "INV/2025/0007", Decimal("118.00")),)
    assert company.bills_of(PARTY) == {"INV/2025/0007": Decimal("1062.00")}
    assert push(client, make_credit_note(cancelled=True)).cancelled == 1
    assert company.bills_of(PARTY) == {"INV/2025/0007": Decimal("1180.00")}


def test_period_read_back_lists_vouchers_keyed_in_tally_filtered_by_date_and_type(sim, client):
    client.import_xml(masters_for())
    push(
        client,
        make_sales_order(),
        make_invoice(),
        make_invoice(remote_id="late", date=datetime.date(2025, 5, 2)),
    )
    keyed = sim.company(COMPANY).enter_voucher("Sales", "77", "20250412", PARTY, "42.00")
    sim.company(COMPANY).enter_voucher("Receipt", "R1", "20250412", PARTY, "42.00")
    april = (datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))
    records = client.fetch_period(COMPANY, *april, voucher_types=["Sales", "Sales Order"])
    assert sorted((r.voucher_type, r.number) for r in records) == [
        ("Sales", "77"),
        ("Sales", "INV/2025/0007"),
        ("Sales Order", "SO/0001"),
    ]
    (manual,) = [r for r in records if r.number == "77"]
    assert (manual.remote_id, manual.amount) == (keyed.remote_id, Decimal("42.00"))
    assert len(client.fetch_period(COMPANY, *april)) == 4, "no type filter: the receipt too"
    assert client.fetch_period(COMPANY, datetime.date(2025, 6, 1), datetime.date(2025, 6, 30)) == []
