"""Reading receipts, credit notes and outstanding bills back from the loopback Tally simulator: incrementally
by AlterID, streamed in chunks, in UTF-8 and UTF-16, through Tally's illegal characters and its faults."""

from decimal import Decimal

import pytest

from oms_tally.client import TallyClient
from oms_tally.envelope import voucher_envelopes
from oms_tally.exceptions import TallyMalformedResponse, TallyRejected, TallyUnavailable
from oms_tally.pull import _CleanDecoder, iter_elements, parse_settlements, settlements_request
from simulators.tally import TallySimulator
from simulators.tally_samples import COMPANY, PARTY, make_config, make_invoice, masters_for

SETTLEMENT_TYPES = ("Receipt", "Credit Note")


def pushed(simulator, client, count=2):
    """Invoices INV/0001.. sent by Odoo (each raises a New Ref bill), and their totals."""
    config = make_config()
    client.import_xml(masters_for(config))
    invoices = [
        make_invoice(remote_id=f"odoo-account.move-{n}", number=f"INV/{n:04d}") for n in range(1, count + 1)
    ]
    for envelope in voucher_envelopes(config, invoices):
        client.import_xml(envelope)
    return {invoice.number: invoice.total for invoice in invoices}


@pytest.fixture(params=["utf-8", "utf-16"])
def tally(request):
    with TallySimulator([COMPANY], embed_illegal_chars=True) as simulator:
        yield simulator, TallyClient(simulator.host, simulator.port, timeout=5, encoding=request.param)


def test_receipts_keyed_in_tally_come_back_with_the_bills_they_settle_and_only_once(tally):
    simulator, client = tally
    totals = pushed(simulator, client)
    books = simulator.company(COMPANY)
    books.enter_voucher("Receipt", "R-1", "20250510", PARTY, 500, bills=[("Agst Ref", "INV/0001", 500)])
    books.enter_voucher("Credit Note", "CN-7", "20250511", PARTY, 100, bills=[("Agst Ref", "INV/0002", 100)])
    pulled = list(client.pull_settlements(COMPANY, SETTLEMENT_TYPES))
    assert [(s.voucher_type, s.number, s.amount) for s in pulled] == [
        ("Receipt", "R-1", Decimal("500.00")),
        ("Credit Note", "CN-7", Decimal("100.00")),
    ]
    assert pulled[0].party_ledger == PARTY
    assert pulled[0].bills[0].name == "INV/0001" and pulled[0].bills[0].kind == "Agst Ref"
    assert pulled[0].bills[0].amount == Decimal("500.00")
    watermark = max(s.alter_id for s in pulled)
    assert list(client.pull_settlements(COMPANY, SETTLEMENT_TYPES, watermark)) == []
    # An accountant corrects the receipt: it comes back, with a higher AlterID.
    books.alter_voucher(pulled[0].guid, amount=550, bills=[("Agst Ref", "INV/0001", 550)])
    [altered] = client.pull_settlements(COMPANY, SETTLEMENT_TYPES, watermark)
    assert (altered.guid, altered.amount) == (pulled[0].guid, Decimal("550.00"))
    assert altered.alter_id > watermark
    # Outstanding bills: what the receipt and the credit note left open.
    bills = {bill.name: bill.amount for bill in client.pull_outstanding_bills(COMPANY)}
    assert bills == {"INV/0001": totals["INV/0001"] - 550, "INV/0002": totals["INV/0002"] - 100}


def test_a_company_that_is_not_open_is_said_in_plain_words(tally):
    _simulator, client = tally
    with pytest.raises(TallyRejected, match="Could not set 'SVCurrentCompany' to 'Other Co'"):
        list(client.pull_settlements("Other Co", SETTLEMENT_TYPES))


@pytest.mark.parametrize(
    ("fault", "error"),
    [("down", TallyUnavailable), ("http_500", TallyUnavailable), ("garbage", TallyMalformedResponse)],
)
def test_faults_while_pulling_are_typed_so_the_pull_is_tried_again(fault, error):
    with TallySimulator([COMPANY]) as simulator:
        client = TallyClient(simulator.host, simulator.port, timeout=5)
        simulator.fail_next(fault)
        with pytest.raises(error):
            list(client.pull_settlements(COMPANY, SETTLEMENT_TYPES))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16"])
def test_an_answer_cut_anywhere_parses_the_same(encoding):
    """Chunks of one byte cut every character and every &#4; reference in two."""
    xml = (
        "<ENVELOPE><BODY><DATA><COLLECTION>"
        '<VOUCHER REMOTEID="g-1" VCHTYPE="Receipt"><DATE>20250510</DATE><GUID>g-1</GUID>'
        "<VOUCHERNUMBER>&#4; R-1 ₹</VOUCHERNUMBER><PARTYLEDGERNAME>Sharma &amp; Sons</PARTYLEDGERNAME>"
        "<ALTERID> 7</ALTERID><AMOUNT>500.00</AMOUNT></VOUCHER>"
        "</COLLECTION></DATA></BODY></ENVELOPE>"
    )
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + xml).encode(encoding)
    [settlement] = parse_settlements(data[i : i + 1] for i in range(len(data)))
    assert (settlement.number, settlement.party_ledger, settlement.alter_id) == ("R-1 ₹", "Sharma & Sons", 7)
    decoder = _CleanDecoder()
    assert decoder.feed(b"a&#") + decoder.feed(b"4;b", final=True) == "ab"


def test_not_xml_is_refused_and_a_request_names_its_types():
    with pytest.raises(TallyMalformedResponse):
        list(iter_elements([b"<ENVELOPE><BODY>"], "VOUCHER"))
    request = settlements_request(COMPANY, SETTLEMENT_TYPES, 41).decode()
    assert (
        '($AlterID &gt; 41) AND ($VoucherTypeName = "Receipt" OR $VoucherTypeName = "Credit Note")' in request
    )


@pytest.mark.parametrize(
    "shape",
    [
        # TallyPrime: a Collection export under ENVELOPE/BODY/DATA/COLLECTION.
        "<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>1</STATUS></HEADER><BODY><DESC/><DATA><COLLECTION>"
        "{voucher}</COLLECTION></DATA></BODY></ENVELOPE>",
        # Tally.ERP 9: vouchers each in a TALLYMESSAGE, with the UDF namespace declared.
        '<ENVELOPE><BODY><DATA><TALLYMESSAGE xmlns:UDF="TallyUDF">{voucher}</TALLYMESSAGE></DATA></BODY>'
        "</ENVELOPE>",
    ],
)
def test_tallyprime_and_tally_erp9_export_shapes_read_alike(shape):
    voucher = (
        '<VOUCHER REMOTEID="g-9" VCHTYPE="Receipt"><GUID>g-9</GUID><VOUCHERNUMBER>R-9</VOUCHERNUMBER>'
        "<PARTYLEDGERNAME>Ace</PARTYLEDGERNAME><ALTERID>12</ALTERID><AMOUNT>250.00</AMOUNT>"
        "<ALLLEDGERENTRIES.LIST><LEDGERNAME>Ace</LEDGERNAME><AMOUNT>250.00</AMOUNT><BILLALLOCATIONS.LIST>"
        "<NAME>INV/9</NAME><BILLTYPE>Agst Ref</BILLTYPE><AMOUNT>250.00</AMOUNT></BILLALLOCATIONS.LIST>"
        "</ALLLEDGERENTRIES.LIST></VOUCHER>"
    )
    [settlement] = parse_settlements([shape.format(voucher=voucher).encode()])
    assert (settlement.number, settlement.alter_id, settlement.bills[0].name) == ("R-9", 12, "INV/9")
