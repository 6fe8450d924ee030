"""Typed failures of the Tally bridge, split by what the caller should do next.

Retryable failures (Tally down, slow, answering garbage) leave the outbox job queued;
a rejection needs a person to fix data or settings, so retrying it would only repeat it.
"""


class TallyError(Exception):
    """Base class of every error raised by the Tally core."""

    retryable = False


class TallyUnavailable(TallyError):
    """Tally did not answer: connection refused or dropped, timeout, or an HTTP 5xx."""

    retryable = True


class TallyMalformedResponse(TallyError):
    """Tally answered with something that is not a usable XML response."""

    retryable = True


class TallyRejected(TallyError):
    """Tally answered and refused the data (ERRORS, EXCEPTIONS or LINEERROR).

    ``result`` is the parsed :class:`oms_tally.response.ImportResult`.
    """

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class VoucherNotBalanced(ValueError):
    """A voucher's debits and credits differ, so it must not be sent."""
