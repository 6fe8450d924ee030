"""Phone numbers (drivers, transporters) in E.164 form, validated with Google's ``phonenumbers`` data."""

import phonenumbers

# The core has no Odoo environment: `_` only marks templates for extraction (see errors._).
# pylint: disable=prefer-env-translation
from .errors import LogisticsError, _

MSG_EMPTY = _("Enter a phone number")
MSG_INVALID = _("Phone number %(number)s is not valid; enter it with its country code, e.g. +91 98765 43210")
MSG_NOT_MOBILE = _("Phone number %(number)s is not a mobile number; enter the driver's mobile number")

_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


class PhoneNumberError(LogisticsError):
    """Raised when a phone number cannot be read or is not a valid (mobile) number."""


def normalize_phone(raw, default_region="IN", require_mobile=False):
    """Return ``raw`` as an E.164 string (``+919876543210``) or raise :class:`PhoneNumberError`.

    Numbers without a country code are read as numbers of ``default_region``; a national trunk ``0`` is
    accepted (``09876543210``). Validity follows the numbering plan (an Indian mobile has 10 digits and
    starts with 6 to 9). ``require_mobile`` also refuses landlines, e.g. for a driver's phone.
    """
    text = (raw or "").strip()
    if not text:
        raise PhoneNumberError(MSG_EMPTY)
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise PhoneNumberError(MSG_INVALID, number=text) from None
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneNumberError(MSG_INVALID, number=text)
    if require_mobile and phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        raise PhoneNumberError(MSG_NOT_MOBILE, number=text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
