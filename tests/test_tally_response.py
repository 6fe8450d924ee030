"""Parsing Tally's answers: both import shapes, illegal characters, encodings, exports."""

import codecs
import datetime
from decimal import Decimal

import pytest

from oms_tally.exceptions import TallyMalformedResponse, TallyRejected
from oms_tally.response import (
    SILENT_EXCEPTION_HINT,
    parse_company_list,
    parse_import_response,
    parse_voucher_export,
    strip_illegal_xml,
)

FLAT_SUCCESS = b"""<RESPONSE>
 <CREATED>1</CREATED>
 <ALTERED>0</ALTERED>
 <DELETED>0</DELETED>
 <LASTVCHID>1043</LASTVCHID>
 <LASTMID>0</LASTMID>
 <COMBINED>0</COMBINED>
 <IGNORED>0</IGNORED>
 <ERRORS>0</ERRORS>
 <CANCELLED>0</CANCELLED>
</RESPONSE>"""

ENVELOPE_WITH_ERROR = """<ENVELOPE>
 <HEADER>
  <VERSION>1</VERSION>
  <STATUS>1</STATUS>
 </HEADER>
 <BODY>
  <DESC>
   <CMPINFO><COMPANY>&#4; Not Applicable</COMPANY></CMPINFO>
  </DESC>
  <DATA>
   <LINEERROR>Ledger 'Sharma &amp; Sons' does not exist!</LINEERROR>
   <IMPORTRESULT>
    <CREATED>2</CREATED>
    <ALTERED>1</ALTERED>
    <DELETED>0</DELETED>
    <LASTVCHID>0</LASTVCHID>
    <LASTMID>77</LASTMID>
    <COMBINED>0</COMBINED>
    <IGNORED>0</IGNORED>
    <ERRORS>1</ERRORS>
    <CANCELLED>0</CANCELLED>
    <EXCEPTIONS>0</EXCEPTIONS>
   </IMPORTRESULT>
  </DATA>
 </BODY>
</ENVELOPE>"""

SILENT_EXCEPTION = (
    "<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>1</STATUS></HEADER><BODY><DATA><IMPORTRESULT>"
    "<CREATED>0</CREATED><ALTERED>0</ALTERED><ERRORS>0</ERRORS><EXCEPTIONS>1</EXCEPTIONS>"
    "</IMPORTRESULT></DATA></BODY></ENVELOPE>"
)

VOUCHER_EXPORT = """<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>1</STATUS></HEADER><BODY><DESC></DESC><DATA>
<COLLECTION>
 <VOUCHER REMOTEID="odoo-sale.order-1" VCHKEY="abc:00000008" VCHTYPE="Sales Order">
  <DATE TYPE="Date">20250410</DATE>
  <GUID TYPE="String">odoo-sale.order-1</GUID>
  <VOUCHERNUMBER>SO/0001</VOUCHERNUMBER>
  <PERSISTEDVIEW>&#4; Invoice Voucher View</PERSISTEDVIEW>
  <MASTERID> 12</MASTERID>
  <ALTERID> 40</ALTERID>
  <AMOUNT TYPE="Amount">-1180.00</AMOUNT>
  <ISCANCELLED>No</ISCANCELLED>
  <LEDGERENTRIES.LIST><AMOUNT>-1180.00</AMOUNT></LEDGERENTRIES.LIST>
 </VOUCHER>
 <VOUCHER VCHTYPE="Sales">
  <DATE TYPE="Date">20250411</DATE>
  <GUID TYPE="String">f3a1-guid-made-in-tally</GUID>
  <VOUCHERNUMBER>7</VOUCHERNUMBER>
  <AMOUNT TYPE="Amount">-590.00</AMOUNT>
  <ISCANCELLED>Yes</ISCANCELLED>
 </VOUCHER>
</COLLECTION></DATA></BODY></ENVELOPE>"""


def test_flat_response_counters():
    result = parse_import_response(FLAT_SUCCESS)
    assert (result.created, result.altered, result.last_voucher_id) == (1, 0, 1043)
    assert result.exceptions == 0
    assert result.is_success
    assert result.hint == ""


def test_envelope_response_with_illegal_characters_and_line_error():
    result = parse_import_response(ENVELOPE_WITH_ERROR.encode())
    assert (result.created, result.altered, result.last_master_id, result.errors) == (2, 1, 77, 1)
    assert result.line_errors == ("Ledger 'Sharma & Sons' does not exist!",)
    assert not result.is_success
    assert "does not exist" in result.describe()


def test_raw_control_characters_and_hex_references_are_stripped():
    dirty = FLAT_SUCCESS.replace(b"<ERRORS>", b"\x04<IGNORED2>&#x4;&#4;\x01</IGNORED2><ERRORS>")
    assert parse_import_response(dirty).is_success
    assert strip_illegal_xml("a&#4;b\x04c&#x1F;d&#38;e&#9;") == "abcd&#38;e&#9;"


def test_exceptions_without_line_error_get_the_godown_hint():
    result = parse_import_response(SILENT_EXCEPTION)
    assert not result.is_success
    assert result.exceptions == 1
    assert result.line_errors == ()
    assert result.hint == SILENT_EXCEPTION_HINT
    assert "godown is missing" in result.describe()


def test_errors_count_alone_means_failure():
    result = parse_import_response(FLAT_SUCCESS.replace(b"<ERRORS>0", b"<ERRORS>2"))
    assert not result.is_success
    assert result.errors == 2
    assert result.hint


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_answers_are_decoded(bom):
    text = ENVELOPE_WITH_ERROR.replace("Sharma", "शर्मा ₹")
    data = (codecs.BOM_UTF16_LE if bom else b"") + text.encode("utf-16-le")
    assert parse_import_response(data).line_errors == ("Ledger 'शर्मा ₹ & Sons' does not exist!",)


def test_declared_encoding_and_utf8_bom_are_accepted():
    data = codecs.BOM_UTF8 + b'<?xml version="1.0" encoding="UTF-8"?>\n' + FLAT_SUCCESS
    assert parse_import_response(data).created == 1


@pytest.mark.parametrize(
    "garbage",
    [b"", b"   ", b"Server busy\r\n<ENVELOPE><BODY>half", b"<html><body>502 Bad Gateway", b"\xff\xfe\x00"],
)
def test_garbage_is_malformed(garbage):
    with pytest.raises(TallyMalformedResponse):
        parse_import_response(garbage)


def test_xml_without_counters_is_malformed():
    with pytest.raises(TallyMalformedResponse, match="no import counters"):
        parse_import_response(b"<ENVELOPE><BODY><DATA/></BODY></ENVELOPE>")
    with pytest.raises(TallyMalformedResponse, match="CREATED is not a number"):
        parse_import_response(b"<RESPONSE><CREATED>many</CREATED></RESPONSE>")


def test_unknown_request_text_is_a_rejection_with_its_message():
    result = parse_import_response(b"<RESPONSE>Unknown Request, cannot be processed</RESPONSE>")
    assert not result.is_success
    assert result.line_errors == ("Unknown Request, cannot be processed",)


def test_voucher_export_records():
    first, second = parse_voucher_export(VOUCHER_EXPORT.encode())
    assert first.remote_id == "odoo-sale.order-1"
    assert (first.number, first.voucher_type, first.date) == (
        "SO/0001",
        "Sales Order",
        datetime.date(2025, 4, 10),
    )
    assert (first.amount, first.master_id, first.alter_id, first.cancelled) == (
        Decimal("1180.00"),
        12,
        40,
        False,
    )
    assert (second.remote_id, second.amount, second.cancelled) == (
        "f3a1-guid-made-in-tally",
        Decimal("590.00"),
        True,
    )


def test_export_with_line_error_is_rejected_and_empty_export_is_empty():
    answer = (
        "<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>0</STATUS></HEADER><BODY><DATA>"
        "<LINEERROR>Could not set 'SVCurrentCompany' to 'Acme'.</LINEERROR></DATA></BODY></ENVELOPE>"
    )
    with pytest.raises(TallyRejected) as rejection:
        parse_voucher_export(answer)
    assert rejection.value.result.line_errors == ("Could not set 'SVCurrentCompany' to 'Acme'.",)
    assert parse_voucher_export(b"<ENVELOPE><BODY><DATA><COLLECTION/></DATA></BODY></ENVELOPE>") == []


def test_company_list():
    answer = (
        '<ENVELOPE><BODY><DATA><COLLECTION><COMPANY NAME="Acme &amp; Co"><NAME>Acme &amp; Co</NAME></COMPANY>'
        "<COMPANY><NAME>&#4; Second Ltd</NAME></COMPANY></COLLECTION></DATA></BODY></ENVELOPE>"
    )
    assert parse_company_list(answer) == ["Acme & Co", "Second Ltd"]
