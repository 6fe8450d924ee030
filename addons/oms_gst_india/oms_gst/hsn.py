"""HSN (goods) and SAC (services) code checks for invoice lines.

The IRP accepts 4 to 8 digits. A company may have to print more than 4 (6 above ₹5 crore
turnover); ``required_length`` carries that company setting.
"""

MAX_HSN_LENGTH = 8
REQUIRED_LENGTHS = (4, 6, 8)


class HsnError(ValueError):
    """An HSN code that cannot be used on an invoice line; the message names the line."""


def line_label(line_number=None, product=None):
    """Return how messages name a line: 'Line 3 (Widget 10mm)', 'Line 3', 'Widget 10mm' or ''."""
    if line_number is not None and product:
        return f"Line {line_number} ({product})"
    if line_number is not None:
        return f"Line {line_number}"
    return str(product) if product else ""


def check_hsn(code, required_length=4, line_number=None, product=None):
    """Return the HSN code stripped of surrounding spaces, or raise :class:`HsnError`.

    The code must be digits only, at least ``required_length`` (4, 6 or 8) and at most 8 digits.
    ``line_number`` and ``product`` are used to name the line in the message.
    """
    if required_length not in REQUIRED_LENGTHS:
        raise ValueError(f"The required HSN length must be 4, 6 or 8, got {required_length!r}")
    label = line_label(line_number, product)
    text = str(code).strip() if code not in (None, False) else ""
    if not text:
        where = f" on line {line_number}" if line_number is not None else ""
        what = f" ({product})" if product and where else (f" for {product}" if product else "")
        raise HsnError(f"HSN code missing{where}{what}")
    prefix = f"{label}: " if label else ""
    if not (text.isascii() and text.isdigit()):
        raise HsnError(f"{prefix}HSN code {text} must contain digits only")
    if not required_length <= len(text) <= MAX_HSN_LENGTH:
        span = "8 digits" if required_length == MAX_HSN_LENGTH else f"{required_length} to 8 digits"
        reason = " (company setting)" if required_length > 4 and len(text) < required_length else ""
        raise HsnError(f"{prefix}HSN code {text} must have {span}{reason}")
    return text


def uqc_code(l10n_in_code):
    """The UQC NIC and the GST portal want for a unit: the code part of l10n_in's "NOS-NUMBERS" ('OTH' when
    the unit has none)."""
    return (l10n_in_code or "OTH").split("-")[0]
