"""Comparison of what Odoo sent with what Tally holds, for the reconciliation report."""

from dataclasses import dataclass
from decimal import Decimal

from .xmlutil import money


@dataclass(frozen=True)
class ExpectedDocument:
    """A document Odoo believes is in Tally, keyed by its remote id."""

    remote_id: str
    number: str
    amount: Decimal


@dataclass(frozen=True)
class AmountMismatch:
    """A voucher present on both sides with different totals."""

    remote_id: str
    number: str
    expected_amount: Decimal
    tally_amount: Decimal


@dataclass(frozen=True)
class ReconciliationReport:
    """Missing in Tally, differing in amount, and present only in Tally."""

    missing: tuple
    differing: tuple
    unknown: tuple
    matched: tuple

    @property
    def is_clean(self) -> bool:
        """True when both sides agree on every voucher."""
        return not (self.missing or self.differing or self.unknown)

    def describe(self) -> str:
        """One line for the sync log."""
        return (
            f"{len(self.matched)} matched, {len(self.missing)} missing in Tally, "
            f"{len(self.differing)} with a different amount, {len(self.unknown)} unknown in Odoo"
        )


def reconcile(expected, found) -> ReconciliationReport:
    """Match ``expected`` documents with read-back ``found`` vouchers by remote id.

    Amounts are compared to the paisa, ignoring sign, since Tally reports the party
    side of a sale as a debit.
    """
    found_by_id = {record.remote_id: record for record in found}
    expected_ids = set()
    missing, differing, matched = [], [], []
    for document in expected:
        expected_ids.add(document.remote_id)
        record = found_by_id.get(document.remote_id)
        if record is None:
            missing.append(document)
        elif abs(money(record.amount)) != abs(money(document.amount)):
            differing.append(
                AmountMismatch(
                    document.remote_id, document.number, money(document.amount), money(record.amount)
                )
            )
        else:
            matched.append(document.remote_id)
    unknown = [record for record in found if record.remote_id not in expected_ids]
    return ReconciliationReport(tuple(missing), tuple(differing), tuple(unknown), tuple(matched))
