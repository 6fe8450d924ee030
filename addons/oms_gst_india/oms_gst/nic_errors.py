"""Typed errors of the NIC clients.

The job layer decides from the type alone: a :class:`NicTransientError` is
retried with backoff (nothing certain was learnt); a :class:`NicError` is a
business answer from NIC and is shown to the user or handled by code (2150,
604, ...). Messages never carry credentials or session keys.
"""


class NicTransientError(Exception):
    """Timeout, connection failure, HTTP 5xx or an unreadable reply: retry later.

    The request may or may not have been processed, so a retry of a generate
    call must be ready for a duplicate answer (IRP 2150, EWB 604).
    """

    def __init__(self, message, status_code=None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class NicError(Exception):
    """A business error answered by NIC: ``codes`` (list of str), ``message``, ``info``.

    ``info`` holds the IRP's ``InfoDtls`` list (or the EWB ``info`` text) as sent.
    """

    def __init__(self, codes, message, info=None):
        if isinstance(codes, (str, int)):
            codes = [codes]
        self.codes = [str(code).strip() for code in codes if str(code).strip()]
        self.message = message
        self.info = info if info is not None else []
        super().__init__(f"{', '.join(self.codes) or '?'}: {message}")

    @property
    def code(self):
        """The first error code, or None."""
        return self.codes[0] if self.codes else None

    def has_code(self, *codes):
        """Return True if NIC reported any of ``codes``."""
        return any(str(code) in self.codes for code in codes)

    @property
    def duplicate_irn(self):
        """For IRP error 2150, the existing ``{"Irn", "AckNo", "AckDt"}`` from InfoDtls; else None."""
        if not self.has_code("2150") or not isinstance(self.info, list):
            return None
        for entry in self.info:
            if isinstance(entry, dict) and entry.get("InfoCode") == "DUPIRN":
                details = entry.get("Desc") or {}
                return {key: details.get(key) for key in ("Irn", "AckNo", "AckDt")}
        return None
