"""Reconciliation of what Odoo sent with what Tally holds."""

import datetime
from decimal import Decimal

from oms_tally.client import TallyClient
from oms_tally.envelope import voucher_envelopes
from oms_tally.reconcile import AmountMismatch, ExpectedDocument, reconcile
from oms_tally.response import VoucherRecord
from simulators.tally import TallySimulator
from simulators.tally_samples import COMPANY, make_config, make_line, make_sales_order, masters_for


def record(remote_id, amount, number="X"):
    """A read-back voucher as Tally reports it."""
    return VoucherRecord(remote_id, number, "Sales", datetime.date(2025, 4, 1), Decimal(amount))


def test_missing_differing_unknown_and_matched_are_sorted_apart():
    expected = [
        ExpectedDocument("a", "INV/1", Decimal("1180.00")),
        ExpectedDocument("b", "INV/2", Decimal("590.00")),
        ExpectedDocument("c", "INV/3", Decimal("100.00")),
    ]
    found = [record("a", "1180.00"), record("b", "590.01"), record("zz", "42.00", "77")]
    report = reconcile(expected, found)
    assert [d.remote_id for d in report.missing] == ["c"]
    assert report.differing == (AmountMismatch("b", "INV/2", Decimal("590.00"), Decimal("590.01")),)
    assert [r.remote_id for r in report.unknown] == ["zz"]
    assert report.matched == ("a",)
    assert not report.is_clean
    assert report.describe() == "1 matched, 1 missing in Tally, 1 with a different amount, 1 unknown in Odoo"


def test_agreeing_sides_are_clean_whatever_the_sign():
    report = reconcile([ExpectedDocument("a", "INV/1", Decimal("-1180"))], [record("a", "1180.00")])
    assert report.is_clean
    assert report.matched == ("a",)


def test_reconciliation_against_the_simulator_finds_a_missing_and_a_differing_voucher():
    config = make_config()
    sent = [make_sales_order(config, remote_id=f"so-{n}", number=f"SO/{n}") for n in range(3)]
    with TallySimulator([COMPANY]) as sim:
        client = TallyClient(sim.host, sim.port, timeout=0.5)
        client.import_xml(masters_for(config))
        client.import_all(voucher_envelopes(config, sent[:2]))
        # so-1 was edited in Tally afterwards, e.g. by an accountant.
        edited = make_sales_order(config, remote_id="so-1", number="SO/1", lines=[make_line(quantity="11")])
        client.import_all(voucher_envelopes(config, [edited]))
        expected = [ExpectedDocument(v.remote_id, v.number, v.total) for v in sent]
        found = client.fetch_vouchers(COMPANY, [d.remote_id for d in expected])
    report = reconcile(expected, found)
    assert [d.number for d in report.missing] == ["SO/2"]
    assert report.differing == (AmountMismatch("so-1", "SO/1", Decimal("1180.00"), Decimal("1298.00")),)
    assert report.matched == ("so-0",)
    assert report.unknown == ()


def test_period_reconciliation_reports_missing_differing_and_tally_only_vouchers():
    config = make_config()
    sent = [make_sales_order(config, remote_id=f"so-{n}", number=f"SO/{n}") for n in range(3)]
    with TallySimulator([COMPANY]) as sim:
        client = TallyClient(sim.host, sim.port, timeout=0.5)
        client.import_xml(masters_for(config))
        client.import_all(voucher_envelopes(config, sent[:2]))
        sim.company(COMPANY).vouchers["so-1"].amount = Decimal("1.00")  # edited in Tally
        keyed = sim.company(COMPANY).enter_voucher("Sales Order", "SO/HAND", "20250410", "Cash", "50")
        found = client.fetch_period(COMPANY, datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))
    report = reconcile([ExpectedDocument(v.remote_id, v.number, v.total) for v in sent], found)
    assert [d.number for d in report.missing] == ["SO/2"]
    assert [d.number for d in report.differing] == ["SO/1"]
    assert [(r.remote_id, r.number) for r in report.unknown] == [(keyed.remote_id, "SO/HAND")]
    assert report.matched == ("so-0",)
