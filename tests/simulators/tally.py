"""Loopback Tally Prime XML server for tests.

Usage::

    with TallySimulator(["Acme Traders"]) as sim:
        client = TallyClient(sim.host, sim.port, timeout=0.5)

It speaks Tally's protocol over real HTTP on 127.0.0.1: Import Data (masters and
vouchers), the List of Companies export and the inline-TDL voucher Collection
(filtered by $Guid, $AlterID, $VoucherTypeName and the SVFROMDATE..SVTODATE period). It
answers in either response shape, optionally with the illegal ``&#4;`` characters
real Tally emits, in the request's encoding (UTF-8 or UTF-16). Faults can be queued
with :meth:`TallySimulator.fail_next`.
"""

import codecs
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape, quoteattr

from simulators.tally_books import ImportCounts, TallyCompany, text_of

FAULT_KINDS = ("down", "slow", "http_500", "garbage")
SHAPES = ("flat", "envelope", "alternate")
UNKNOWN_REQUEST = "<RESPONSE>Unknown Request, cannot be processed</RESPONSE>"
COUNTER_TAGS = (
    ("CREATED", "created"),
    ("ALTERED", "altered"),
    ("DELETED", "deleted"),
    ("LASTVCHID", "last_voucher_id"),
    ("LASTMID", "last_master_id"),
    ("COMBINED", "combined"),
    ("IGNORED", "ignored"),
    ("ERRORS", "errors"),
    ("CANCELLED", "cancelled"),
    ("EXCEPTIONS", "exceptions"),
)
_CHAR_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _strip_control_references(text: str) -> str:
    """Drop references to control characters such as ``&#4;``, which XML parsers refuse."""

    def keep_legal(match):
        reference = match.group(1)
        code = int(reference[1:], 16) if reference[0] in "xX" else int(reference)
        return match.group(0) if code >= 0x20 or code in (0x9, 0xA, 0xD) else ""

    return _CHAR_REFERENCE.sub(keep_legal, text)


def _decode(body: bytes):
    """Return (text, encoding) of a request, trusting a BOM, then NUL bytes, then UTF-8."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16"), "utf-16"
    if len(body) > 1 and body[1] == 0:
        return body.decode("utf-16-le"), "utf-16"
    return body.decode("utf-8-sig"), "utf-8"


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode("utf-8")


class TallySimulator:
    """A Tally Prime XML server with one or more loaded companies, kept in memory.

    ``response_shape`` is ``flat`` (RESPONSE), ``envelope`` (ENVELOPE/BODY/DATA/
    IMPORTRESULT) or ``alternate`` (switching at every import). With
    ``embed_illegal_chars`` every answer carries ``&#4;`` and a raw control character.
    """

    def __init__(self, companies=("Acme Traders",), response_shape="alternate", embed_illegal_chars=False):
        if response_shape not in SHAPES:
            raise ValueError(f"response_shape must be one of {SHAPES}")
        self.companies = {name: TallyCompany(name) for name in companies}
        self.response_shape = response_shape
        self.embed_illegal_chars = embed_illegal_chars
        self.slow_seconds = 1.0
        self.requests_received = 0
        self.imports_received = 0
        self.last_request_encoding = None
        self._faults = deque()
        self._lock = threading.RLock()
        self._next_shape = "flat"
        self._server = None
        self._thread = None

    # --- set-up -----------------------------------------------------------------
    def add_company(self, name: str, tracks_godowns: bool = False) -> TallyCompany:
        """Load another company and return it."""
        with self._lock:
            self.companies[name] = TallyCompany(name, tracks_godowns)
            return self.companies[name]

    def company(self, name: str | None = None) -> TallyCompany:
        """Return a loaded company (the first one when ``name`` is None)."""
        return self.companies[name] if name else next(iter(self.companies.values()))

    def fail_next(self, kind: str, count: int = 1):
        """Make the next ``count`` requests fail: down, slow, http_500 or garbage."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"Unknown fault {kind!r}; use one of {FAULT_KINDS}")
        with self._lock:
            self._faults.extend([kind] * count)

    def take_fault(self):
        """Pop the fault that applies to the current request, if any."""
        with self._lock:
            return self._faults.popleft() if self._faults else None

    # --- lifecycle --------------------------------------------------------------
    def start(self):
        """Listen on 127.0.0.1 on a free port, serving from a daemon thread."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.simulator = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and free the port."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def host(self) -> str:
        """Listening address."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """Listening port, chosen by the OS."""
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://{self.host}:{self.port}"

    # --- protocol ---------------------------------------------------------------
    def handle(self, body: bytes):
        """Process one request body; return (answer bytes, encoding)."""
        text, encoding = _decode(body)
        with self._lock:
            self.requests_received += 1
            self.last_request_encoding = encoding
            try:
                # Tally's own requests carry "&#4; Any"-style values; its parser tolerates them.
                cleaned = _DECLARATION.sub("", _strip_control_references(text)).strip()
                root = ET.fromstring(cleaned)
            except ET.ParseError:
                return _encode(UNKNOWN_REQUEST, encoding), encoding
            request = text_of(root, "HEADER/TALLYREQUEST").lower()
            if request == "import data":
                answer = self._import(root)
            elif request in ("export", "export data"):
                answer = self._export(root)
            else:
                answer = UNKNOWN_REQUEST
        return _encode(answer, encoding), encoding

    def _resolve_company(self, static_variables_path: str, root):
        name = text_of(root, static_variables_path)
        if not name:
            return self.company(), None
        if name in self.companies:
            return self.companies[name], None
        return None, f"Could not set 'SVCurrentCompany' to '{name}'."

    def _import(self, root) -> str:
        self.imports_received += 1
        counts = ImportCounts()
        company, error = self._resolve_company(
            "BODY/IMPORTDATA/REQUESTDESC/STATICVARIABLES/SVCURRENTCOMPANY", root
        )
        if error:
            counts.refuse(error)
        else:
            for message in root.iterfind("BODY/IMPORTDATA/REQUESTDATA/TALLYMESSAGE"):
                for element in message:
                    company.import_object(element, counts)
        return self._render_import(counts)

    def _render_import(self, counts: ImportCounts) -> str:
        shape = self.response_shape
        if shape == "alternate":
            shape, self._next_shape = self._next_shape, ("envelope" if self._next_shape == "flat" else "flat")
        noise = "&#4;\x04 " if self.embed_illegal_chars else ""
        errors = "".join(f"<LINEERROR>{noise}{escape(line)}</LINEERROR>" for line in counts.line_errors)
        counters = "".join(f"<{tag}>{getattr(counts, name)}</{tag}>" for tag, name in COUNTER_TAGS)
        if shape == "flat":
            extra = f"<CMPINFO>{noise}Primary</CMPINFO>" if noise else ""
            return f"<RESPONSE>{extra}{errors}{counters}</RESPONSE>"
        return (
            "<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>1</STATUS></HEADER><BODY>"
            f"<DESC>{noise}</DESC><DATA>{errors}<IMPORTRESULT>{counters}</IMPORTRESULT></DATA></BODY></ENVELOPE>"
        )

    def _export_envelope(self, data: str, status: int = 1) -> str:
        return (
            f"<ENVELOPE><HEADER><VERSION>1</VERSION><STATUS>{status}</STATUS></HEADER>"
            f"<BODY><DESC></DESC><DATA>{data}</DATA></BODY></ENVELOPE>"
        )

    def _export(self, root) -> str:
        collection_id = text_of(root, "HEADER/ID")
        if collection_id == "List of Companies":
            rows = "".join(
                f"<COMPANY NAME={quoteattr(name)}><NAME>{escape(name)}</NAME></COMPANY>"
                for name in self.companies
            )
            return self._export_envelope(f"<COLLECTION>{rows}</COLLECTION>")
        company, error = self._resolve_company("BODY/DESC/STATICVARIABLES/SVCURRENTCOMPANY", root)
        if error:
            return self._export_envelope(f"<LINEERROR>{escape(error)}</LINEERROR>", status=0)
        collections = root.iterfind("BODY/DESC/TDL/TDLMESSAGE/COLLECTION")
        collection = next((c for c in collections if c.get("NAME") == collection_id), None)
        if collection is not None and text_of(collection, "TYPE").lower() == "bill":
            return self._export_envelope(f"<COLLECTION>{self._render_bills(company)}</COLLECTION>")
        if collection is None or text_of(collection, "TYPE").lower() != "voucher":
            return UNKNOWN_REQUEST
        formula = " ".join(
            text_of(system, ".") for system in root.iterfind("BODY/DESC/TDL/TDLMESSAGE/SYSTEM")
        )
        guids = re.findall(r'\$Guid\s*=\s*"([^"]*)"', formula)
        watermark = re.search(r"\$AlterID\s*>\s*(\d+)", formula)
        types = re.findall(r'\$VoucherTypeName\s*=\s*"([^"]*)"', formula)
        # Like Tally, a Voucher collection covers the period of SVFROMDATE..SVTODATE when given.
        date_from = text_of(root, "BODY/DESC/STATICVARIABLES/SVFROMDATE")
        date_to = text_of(root, "BODY/DESC/STATICVARIABLES/SVTODATE")
        for value in (date_from, date_to):
            if value and not re.fullmatch(r"\d{8}", value):
                return self._export_envelope(f"<LINEERROR>Invalid Date '{escape(value)}'</LINEERROR>", 0)
        vouchers = [
            voucher
            for voucher in company.vouchers.values()
            if (not guids or voucher.remote_id in guids)
            and (not watermark or voucher.alter_id > int(watermark.group(1)))
            and (not types or voucher.voucher_type in types)
            and (not date_from or voucher.date >= date_from)
            and (not date_to or voucher.date <= date_to)
        ]
        return self._export_envelope(
            f"<COLLECTION>{''.join(map(self._render_voucher, vouchers))}</COLLECTION>"
        )

    def _render_voucher(self, voucher) -> str:
        noise = (
            "<PERSISTEDVIEW>&#4; Invoice Voucher View\x04</PERSISTEDVIEW>" if self.embed_illegal_chars else ""
        )
        return (
            f"<VOUCHER REMOTEID={quoteattr(voucher.remote_id)} VCHTYPE={quoteattr(voucher.voucher_type)}>"
            f'<DATE TYPE="Date">{voucher.date}</DATE><GUID TYPE="String">{escape(voucher.remote_id)}</GUID>'
            f"<VOUCHERNUMBER>{escape(voucher.number)}</VOUCHERNUMBER>{noise}"
            f"<REFERENCE>{escape(voucher.reference)}</REFERENCE>"
            f"<PARTYLEDGERNAME>{escape(voucher.party)}</PARTYLEDGERNAME>"
            f"<MASTERID> {voucher.master_id}</MASTERID><ALTERID> {voucher.alter_id}</ALTERID>"
            f'<AMOUNT TYPE="Amount">{-voucher.amount:.2f}</AMOUNT>'
            f"<ISCANCELLED>{'Yes' if voucher.cancelled else 'No'}</ISCANCELLED>"
            f"{self._render_einvoice(voucher)}{self._render_party_entry(voucher)}</VOUCHER>"
        )

    @staticmethod
    def _render_party_entry(voucher) -> str:
        """The party's ledger entry with its bill allocations, as a Voucher collection fetches them."""
        if not voucher.bills:
            return ""
        bills = "".join(
            f"<BILLALLOCATIONS.LIST><NAME>{escape(name)}</NAME><BILLTYPE>{escape(kind)}</BILLTYPE>"
            f'<AMOUNT TYPE="Amount">{amount:.2f}</AMOUNT></BILLALLOCATIONS.LIST>'
            for kind, name, amount in voucher.bills
        )
        total = sum(amount for _kind, _name, amount in voucher.bills)
        return (
            f"<ALLLEDGERENTRIES.LIST><LEDGERNAME>{escape(voucher.party)}</LEDGERNAME>"
            f'<AMOUNT TYPE="Amount">{total:.2f}</AMOUNT>{bills}</ALLLEDGERENTRIES.LIST>'
        )

    @staticmethod
    def _render_bills(company) -> str:
        """Every open bill as Tally's Bill collection lists it (debit balances negative)."""
        return "".join(
            f"<BILL NAME={quoteattr(name)}><NAME>{escape(name)}</NAME><PARENT>{escape(party)}</PARENT>"
            f'<BILLDATE TYPE="Date">{date}</BILLDATE><BILLDUEDATE TYPE="Date">{date}</BILLDUEDATE>'
            f'<CLOSINGBALANCE TYPE="Amount">{-balance:.2f}</CLOSINGBALANCE></BILL>'
            for party, name, date, balance in company.outstanding_bills()
        )

    @staticmethod
    def _render_einvoice(voucher) -> str:
        """The IRN fields and e-way bills Tally holds on the voucher, as its exports show them."""
        text = ""
        if voucher.irn:
            text += f'<IRN TYPE="String">{escape(voucher.irn)}</IRN>'
        if voucher.irn_ack_no:
            text += f'<IRNACKNO TYPE="String">{escape(voucher.irn_ack_no)}</IRNACKNO>'
        if voucher.irn_ack_date:
            text += f'<IRNACKDATE TYPE="Date">{voucher.irn_ack_date}</IRNACKDATE>'
        for number, date in voucher.eway_bills:
            text += (
                f'<EWAYBILLDETAILS.LIST><BILLNUMBER TYPE="String">{escape(number)}</BILLNUMBER>'
                f'<BILLDATE TYPE="Date">{date}</BILLDATE></EWAYBILLDETAILS.LIST>'
            )
        return text


class _Handler(BaseHTTPRequestHandler):
    """HTTP front of the simulator, where the queued faults are applied."""

    def do_GET(self):
        """Answer a browser-style probe the way Tally does."""
        self._reply(200, b"<RESPONSE>TallyPrime Server is Running</RESPONSE>", "utf-8")

    def do_POST(self):
        """Apply a queued fault, or hand the XML request to the simulator."""
        simulator = self.server.simulator
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault = simulator.take_fault()
        if fault == "down":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "http_500":
            self._reply(500, b"Internal Server Error", "utf-8")
            return
        if fault == "garbage":
            self._reply(200, b"Server busy\r\n<ENVELOPE><BODY>half an answer", "utf-8")
            return
        answer, encoding = simulator.handle(body)
        if fault == "slow":
            # The import has been applied: a client that gave up must re-send idempotently.
            time.sleep(simulator.slow_seconds)
        self._reply(200, answer, encoding)

    def _reply(self, status: int, payload: bytes, encoding: str):
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"text/xml; charset={encoding}")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and left

    def log_message(self, *args):
        """Keep test output quiet."""
