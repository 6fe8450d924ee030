"""Sample Tally configuration, masters and vouchers shared by the Tally tests.

The numbers are an intra-state sale at 18 %: 10 Nos at 100.00 = 1000.00 taxable,
CGST 90.00 + SGST 90.00, total 1180.00.
"""

import datetime
from decimal import Decimal

from oms_tally import masters
from oms_tally.config import TallyCompanyConfig
from oms_tally.documents import (
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
from oms_tally.envelope import masters_envelope

COMPANY = "Acme Traders & Co <Pune>"
PARTY = 'Sharma & Sons "Retail" ₹ खाता'
ITEM = "Widget 10mm <steel> & brass"


def make_config(**overrides) -> TallyCompanyConfig:
    """A configuration for the sample company; keyword arguments override fields."""
    values = {
        "company_name": COMPANY,
        "sales_ledgers": {18: "Sales 18%", "5.0": "Sales 5%"},
        "godowns": {"WH": "Main Location"},
        "units": {"Units": "Nos"},
    }
    values.update(overrides)
    return TallyCompanyConfig(**values)


def make_party(name: str = PARTY) -> PartyMaster:
    """A registered customer in Maharashtra."""
    return PartyMaster(
        name=name,
        gstin="27AAPFU0939F1ZV",
        state_name="Maharashtra",
        address_lines=("Plot 4 & 5, MIDC", "Bhosari <East>"),
        pincode="411026",
        applicable_from=datetime.date(2025, 4, 1),
    )


def make_item(name: str = ITEM) -> StockItemMaster:
    """A stock item at 18 % GST."""
    return StockItemMaster(name=name, base_unit="Nos", hsn="73181500", gst_rate=Decimal("18"))


def make_line(quantity="10", rate="100", godown="", order_no="", **overrides) -> VoucherLine:
    """One item line; the amount is quantity x rate."""
    values = {
        "item_name": ITEM,
        "quantity": Decimal(quantity),
        "unit": "Nos",
        "rate": Decimal(rate),
        "amount": Decimal(quantity) * Decimal(rate),
        "gst_rate": Decimal("18"),
        "godown": godown,
        "order_no": order_no,
        "order_due_date": datetime.date(2025, 5, 15),
    }
    values.update(overrides)
    return VoucherLine(**values)


def _intra_state(lines, config: TallyCompanyConfig, **overrides) -> dict:
    taxable = sum((line.amount for line in lines), Decimal("0"))
    half_tax = (taxable * Decimal("0.09")).quantize(Decimal("0.01"))
    values = {
        "party_ledger": PARTY,
        "lines": tuple(lines),
        "tax_lines": (TaxLine(config.cgst_ledger, half_tax), TaxLine(config.sgst_ledger, half_tax)),
        "total": taxable + 2 * half_tax,
        "date": datetime.date(2025, 4, 10),
    }
    values.update(overrides)
    return values


def make_sales_order(config=None, remote_id="odoo-sale.order-1", number="SO/0001", lines=None, **overrides):
    """A Sales Order voucher; ``lines`` defaults to one line of 10 x 100.00."""
    config = config or make_config()
    lines = lines or [make_line()]
    values = _intra_state(lines, config, kind=SALES_ORDER, remote_id=remote_id, number=number)
    values.update(overrides)
    return Voucher(**values)


def make_einvoice(**overrides):
    """The IRP's registration of a sample invoice: IRN a1b2c3, ack 112510000012345 of 10 April 2025,
    and one e-way bill 331000123456 generated on 11 April 2025."""
    values = {
        "irn": "a1b2c3",
        "ack_no": "112510000012345",
        "ack_date": datetime.date(2025, 4, 10),
        "eway_bills": (EwayBillReference("331000123456", datetime.date(2025, 4, 11)),),
    }
    values.update(overrides)
    return EInvoiceDetails(**values)


def make_invoice(
    config=None, remote_id="odoo-account.move-7", number="INV/2025/0007", order_no="SO/0001", **overrides
):
    """A Sales invoice linked to ``order_no``, with its IRN and e-way bill (see :func:`make_einvoice`)."""
    config = config or make_config()
    lines = overrides.pop("lines", None) or [make_line()]
    values = _intra_state(lines, config, kind=SALES, remote_id=remote_id, number=number, order_no=order_no)
    values.update(einvoice=make_einvoice(), narration="Dispatch 1 of 1")
    values.update(overrides)
    return Voucher(**values)


def make_credit_note(
    config=None,
    remote_id="odoo-account.move-8",
    number="RINV/2025/0001",
    against="INV/2025/0007",
    **overrides,
):
    """A credit note for 2 of the 10 Nos of ``against`` (200.00 + 18 % GST = 236.00)."""
    config = config or make_config()
    lines = overrides.pop("lines", None) or [make_line(quantity="2", order_no="SO/0001")]
    values = _intra_state(lines, config, kind=CREDIT_NOTE, remote_id=remote_id, number=number)
    values.update(against_number=against, against_date=datetime.date(2025, 4, 10))
    values.update(overrides)
    return Voucher(**values)


def masters_for(config=None) -> bytes:
    """One All Masters envelope with the unit, ledgers, party and stock item the samples use."""
    config = config or make_config()
    objects = [masters.build_unit("Nos", uqc="NOS-NUMBERS")]
    objects += masters.build_company_ledgers(config)
    objects += [masters.build_party_ledger(make_party(), config), masters.build_stock_item(make_item())]
    return masters_envelope(config, objects)
