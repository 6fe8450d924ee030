"""Tally's refusals in plain words: what its LINEERROR means for the user, and what to do about it.

Tally Prime and Tally.ERP 9 word these the same way; the original text is kept beside the explanation, so
support can still search Tally's own wording."""

import re

_EXPLANATIONS = (
    (
        re.compile(r"Could not set 'SVCurrentCompany' to '(?P<name>.*?)'", re.IGNORECASE),
        "Tally does not have the company '{name}' open: open it in Tally (Gateway of Tally > Select Company), "
        "or correct the Tally company name in the settings, which must match exactly.",
    ),
    (
        re.compile(
            r"(?P<kind>Ledger|Group|Unit|Stock Item|Godown|Voucher Type) '(?P<name>.*?)' does not exist",
            re.IGNORECASE,
        ),
        "Tally has no {kind} '{name}': send the masters again (Tally settings > Push Ledgers and Units), or "
        "create it in Tally with exactly this name, then retry.",
    ),
    (
        re.compile(r"Voucher totals do not match", re.IGNORECASE),
        "Tally found the voucher's debits and credits unequal: check the tax and round-off ledgers of the "
        "settings, then retry.",
    ),
    (
        re.compile(r"Voucher with REMOTEID '(?P<name>.*?)' does not exist", re.IGNORECASE),
        "Tally no longer holds this voucher (deleted there?): there is nothing to cancel or alter.",
    ),
    (
        re.compile(r"Invalid Date", re.IGNORECASE),
        "Tally refused the date: it is probably outside the financial year open in Tally; open that year "
        "(or extend the books' period), then retry.",
    ),
)


def explain(line_error: str) -> str:
    """``line_error`` followed by what it means, when it is one Tally is known to send."""
    for pattern, explanation in _EXPLANATIONS:
        match = pattern.search(line_error)
        if match:
            return f"{line_error} ({explanation.format(**match.groupdict())})"
    return line_error
