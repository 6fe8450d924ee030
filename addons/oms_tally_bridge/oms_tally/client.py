"""HTTP client for Tally Prime's XML server, with failures sorted into typed exceptions."""

from dataclasses import dataclass

import requests

from .envelope import company_list_request, voucher_period_request, voucher_readback_request
from .exceptions import TallyMalformedResponse, TallyRejected, TallyUnavailable
from .pull import (
    CHUNK_SIZE,
    outstanding_bills_request,
    parse_outstanding_bills,
    parse_settlements,
    settlements_request,
)
from .response import parse_company_list, parse_import_response, parse_voucher_export

CONTENT_TYPES = {"utf-8": "text/xml; charset=utf-8", "utf-16": "text/xml; charset=utf-16"}


@dataclass(frozen=True)
class ConnectionCheck:
    """Outcome of :meth:`TallyClient.test_connection`, with a message for the user."""

    reachable: bool
    company_loaded: bool
    companies: tuple
    message: str

    @property
    def ok(self) -> bool:
        """True when Tally answers and has the company open."""
        return self.reachable and self.company_loaded


class TallyClient:
    """Posts XML to one Tally instance (``http://host:port``, 9000 by default).

    ``session`` may be a shared ``requests.Session``; ``encoding`` is the charset
    announced for the request bodies, which must match how they were serialised.
    """

    def __init__(
        self, host: str, port: int = 9000, timeout: float = 30.0, encoding: str = "utf-8", session=None
    ):
        if encoding not in CONTENT_TYPES:
            raise ValueError(f"Tally encoding {encoding!r} is not supported; use utf-8 or utf-16.")
        self.host = host
        self.port = port
        self.timeout = timeout
        self.encoding = encoding
        self.session = session or requests.Session()

    @property
    def url(self) -> str:
        """Address of Tally's XML server."""
        return f"http://{self.host}:{self.port}"

    def _send(self, xml_bytes: bytes, stream=False):
        headers = {"Content-Type": CONTENT_TYPES[self.encoding]}
        try:
            answer = self.session.post(
                self.url, data=xml_bytes, headers=headers, timeout=self.timeout, stream=stream
            )
        except requests.Timeout:
            raise TallyUnavailable(f"Tally at {self.url} did not answer within {self.timeout} s.") from None
        except requests.RequestException as error:
            raise TallyUnavailable(
                f"Tally at {self.url} is not reachable ({type(error).__name__}); check that Tally Prime "
                "is running with its XML server enabled on this port."
            ) from None
        if answer.status_code >= 500:
            raise TallyUnavailable(f"Tally at {self.url} answered HTTP {answer.status_code}.")
        if answer.status_code != 200:
            raise TallyMalformedResponse(f"Tally at {self.url} answered HTTP {answer.status_code}.")
        return answer

    def stream(self, xml_bytes: bytes):
        """Send one request and yield its answer in chunks as they arrive (for exports of any size)."""
        answer = self._send(xml_bytes, stream=True)
        try:
            yield from answer.iter_content(CHUNK_SIZE)
        except requests.RequestException as error:
            raise TallyUnavailable(
                f"Tally at {self.url} broke off its answer ({type(error).__name__})."
            ) from None
        finally:
            answer.close()

    def pull_settlements(self, company_name: str, voucher_types, after_alter_id: int = 0):
        """Yield the Receipt / Credit Note vouchers (``voucher_types``) created or altered since
        ``after_alter_id``, as :class:`.pull.Settlement`, while they arrive."""
        request = settlements_request(company_name, voucher_types, after_alter_id, self.encoding)
        return parse_settlements(self.stream(request))

    def pull_outstanding_bills(self, company_name: str):
        """Yield every party's open bills, as :class:`.pull.OutstandingBill`, while they arrive."""
        return parse_outstanding_bills(self.stream(outstanding_bills_request(company_name, self.encoding)))

    def post(self, xml_bytes: bytes) -> bytes:
        """Send one request and return the raw answer.

        Raises TallyUnavailable (refused, dropped, timed out, HTTP 5xx) or
        TallyMalformedResponse (any other non-200 status, or an empty body).
        """
        answer = self._send(xml_bytes)
        if not answer.content:
            raise TallyMalformedResponse(f"Tally at {self.url} answered with an empty body.")
        return answer.content

    def import_xml(self, xml_bytes: bytes):
        """Send one import envelope; return its ImportResult or raise TallyRejected."""
        result = parse_import_response(self.post(xml_bytes))
        if not result.is_success:
            raise TallyRejected(f"Tally rejected the import: {result.describe()}", result)
        return result

    def import_all(self, envelopes) -> list:
        """Send envelopes in order and return their results; stop at the first failure."""
        return [self.import_xml(envelope) for envelope in envelopes]

    def list_companies(self) -> list:
        """Return the names of the companies loaded in Tally."""
        return parse_company_list(self.post(company_list_request(self.encoding)))

    def test_connection(self, company_name: str) -> ConnectionCheck:
        """Report whether Tally answers and has ``company_name`` loaded; never raises."""
        try:
            companies = tuple(self.list_companies())
        except (TallyUnavailable, TallyMalformedResponse, TallyRejected) as error:
            return ConnectionCheck(False, False, (), str(error))
        if company_name in companies:
            return ConnectionCheck(
                True, True, companies, f"Connected to Tally; company {company_name!r} is open."
            )
        loaded = ", ".join(repr(name) for name in companies) or "none"
        return ConnectionCheck(
            True,
            False,
            companies,
            f"Tally answers but company {company_name!r} is not loaded (loaded: {loaded}). Open it in "
            "Tally, or correct the company name in the settings: it must match exactly.",
        )

    def fetch_vouchers(self, company_name: str, remote_ids=(), after_alter_id: int | None = None) -> list:
        """Read vouchers back by remote id or AlterID watermark, as VoucherRecord objects."""
        request = voucher_readback_request(company_name, remote_ids, after_alter_id, self.encoding)
        return parse_voucher_export(self.post(request))

    def fetch_period(self, company_name: str, date_from, date_to, voucher_types=()) -> list:
        """Read back every voucher dated ``date_from``..``date_to`` (of ``voucher_types`` if given),
        including vouchers Odoo never sent, as VoucherRecord objects."""
        request = voucher_period_request(company_name, date_from, date_to, voucher_types, self.encoding)
        return parse_voucher_export(self.post(request))
