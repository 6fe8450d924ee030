"""Tally Prime bridge core: XML builders, envelopes, response parsing, HTTP client.

Plain Python with no Odoo import, so it is tested in milliseconds; the Odoo models of
``oms_tally_bridge`` translate records into these values and back.
"""

from .client import ConnectionCheck, TallyClient
from .config import TallyCompanyConfig
from .documents import (
    CREDIT_NOTE,
    SALES,
    SALES_ORDER,
    EInvoiceDetails,
    EwayBillReference,
    PartyMaster,
    StockItemMaster,
    TaxLine,
    Voucher,
    VoucherLine,
)
from .exceptions import (
    TallyError,
    TallyMalformedResponse,
    TallyRejected,
    TallyUnavailable,
    VoucherNotBalanced,
)
from .reconcile import ExpectedDocument, ReconciliationReport, reconcile
from .response import ImportResult, VoucherRecord, parse_import_response, parse_voucher_export
from .vouchers import build_voucher, check_balanced

__all__ = [
    "CREDIT_NOTE",
    "SALES",
    "SALES_ORDER",
    "ConnectionCheck",
    "EInvoiceDetails",
    "EwayBillReference",
    "ExpectedDocument",
    "ImportResult",
    "PartyMaster",
    "ReconciliationReport",
    "StockItemMaster",
    "TallyClient",
    "TallyCompanyConfig",
    "TallyError",
    "TallyMalformedResponse",
    "TallyRejected",
    "TallyUnavailable",
    "TaxLine",
    "Voucher",
    "VoucherLine",
    "VoucherNotBalanced",
    "VoucherRecord",
    "build_voucher",
    "check_balanced",
    "parse_import_response",
    "parse_voucher_export",
    "reconcile",
]
