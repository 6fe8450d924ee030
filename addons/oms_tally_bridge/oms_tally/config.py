"""Per-company Tally settings, as plain values the Odoo models fill in."""

from dataclasses import dataclass, field
from decimal import Decimal

SUPPORTED_ENCODINGS = ("utf-8", "utf-16")


def rate_key(rate) -> Decimal:
    """Return a GST rate as a normalised Decimal so 18, 18.0 and "18.00" compare equal."""
    return Decimal(str(rate)).normalize()


def _ledger_for(ledgers: dict, gst_rate, what: str) -> str:
    wanted = rate_key(gst_rate)
    for rate, ledger in ledgers.items():
        if rate_key(rate) == wanted:
            return ledger
    raise ValueError(
        f"No Tally {what} ledger is configured for GST rate {wanted}%; "
        "add one in the Tally settings of the company."
    )


@dataclass(frozen=True)
class TallyCompanyConfig:
    """How one Odoo company maps onto one company loaded in Tally Prime.

    ``sales_ledgers`` maps a GST rate (any numeric form) to the sales ledger name, and
    ``purchase_ledgers`` likewise to the purchase ledger name (empty: the company sends no
    purchases, and no purchase or input GST ledger is created in Tally);
    ``godowns`` maps an Odoo warehouse code to a Tally godown and ``units`` maps an
    Odoo unit-of-measure name to a Tally unit name.
    """

    company_name: str
    party_group: str = "Sundry Debtors"
    sales_ledgers: dict = field(default_factory=dict)
    cgst_ledger: str = "Output CGST"
    sgst_ledger: str = "Output SGST"
    igst_ledger: str = "Output IGST"
    cess_ledger: str = "Output Cess"
    round_off_ledger: str = "Round Off"
    tracks_godowns: bool = False
    godowns: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    sales_order_voucher_type: str = "Sales Order"
    sales_voucher_type: str = "Sales"
    credit_note_voucher_type: str = "Credit Note"
    creditor_group: str = "Sundry Creditors"
    purchase_ledgers: dict = field(default_factory=dict)
    input_cgst_ledger: str = "Input CGST"
    input_sgst_ledger: str = "Input SGST"
    input_igst_ledger: str = "Input IGST"
    input_cess_ledger: str = "Input Cess"
    purchase_order_voucher_type: str = "Purchase Order"
    purchase_voucher_type: str = "Purchase"
    debit_note_voucher_type: str = "Debit Note"
    encoding: str = "utf-8"
    batch_size: int = 100

    def __post_init__(self):
        if not self.company_name:
            raise ValueError("Tally company name is empty; enter it exactly as shown in Tally.")
        if self.encoding not in SUPPORTED_ENCODINGS:
            raise ValueError(f"Tally encoding {self.encoding!r} is not supported; use utf-8 or utf-16.")
        if self.batch_size < 1:
            raise ValueError("Tally batch size must be at least 1.")

    def sales_ledger_for(self, gst_rate) -> str:
        """Return the sales ledger configured for ``gst_rate``, or explain what is missing."""
        return _ledger_for(self.sales_ledgers, gst_rate, "sales")

    def purchase_ledger_for(self, gst_rate) -> str:
        """Return the purchase ledger configured for ``gst_rate``, or explain what is missing."""
        return _ledger_for(self.purchase_ledgers, gst_rate, "purchase")

    def input_tax_ledgers(self) -> dict:
        """Return the input GST ledger of each duty (cgst, sgst, igst, cess)."""
        return {
            "cgst": self.input_cgst_ledger,
            "sgst": self.input_sgst_ledger,
            "igst": self.input_igst_ledger,
            "cess": self.input_cess_ledger,
        }

    def godown_for(self, warehouse_code: str) -> str:
        """Return the Tally godown of an Odoo warehouse code, or explain what is missing."""
        try:
            return self.godowns[warehouse_code]
        except KeyError:
            raise ValueError(
                f"No Tally godown is configured for warehouse {warehouse_code!r}; "
                "add it in the Tally settings of the company."
            ) from None

    def unit_for(self, uom_name: str) -> str:
        """Return the Tally unit of an Odoo unit of measure; unmapped names pass through."""
        return self.units.get(uom_name, uom_name)
