"""Tally's refusals in plain words, and large master imports in chunks."""

import pytest

from oms_tally.client import TallyClient
from oms_tally.envelope import masters_envelopes
from oms_tally.masters import build_ledger
from oms_tally.messages import explain
from oms_tally.response import ImportResult
from simulators.tally import TallySimulator
from simulators.tally_samples import COMPANY, make_config


@pytest.mark.parametrize(
    ("line_error", "meaning"),
    [
        ("Could not set 'SVCurrentCompany' to 'Acme'.", "does not have the company 'Acme' open"),
        ("Ledger 'Output IGST' does not exist!", "Tally has no Ledger 'Output IGST'"),
        ("Stock Item 'Widget' does not exist!", "Tally has no Stock Item 'Widget'"),
        ("Voucher totals do not match! Dr: 10.00 Dr Cr: 9.00 Cr", "debits and credits unequal"),
        ("Invalid Date '20300101' in voucher", "outside the financial year"),
    ],
)
def test_known_refusals_are_explained_beside_tallys_own_words(line_error, meaning):
    explained = explain(line_error)
    assert explained.startswith(line_error) and meaning in explained
    assert meaning in ImportResult(errors=1, line_errors=(line_error,)).describe()


def test_an_unknown_refusal_is_kept_as_tally_wrote_it():
    assert explain("Something new went wrong") == "Something new went wrong"


def test_a_large_master_import_goes_in_chunks_that_tally_takes_whole():
    config = make_config(batch_size=100)
    masters = [build_ledger(f"Customer {number:03d}", "Sundry Debtors") for number in range(250)]
    envelopes = masters_envelopes(config, masters)
    assert len(envelopes) == 3
    with TallySimulator([COMPANY]) as simulator:
        client = TallyClient(simulator.host, simulator.port, timeout=5)
        results = client.import_all(envelopes)
        assert sum(result.created for result in results) == 250
        assert "Customer 249" in simulator.company(COMPANY).ledgers
