"""Indian vehicle registration numbers as the e-way bill expects them (DOMAIN.md, "Vehicle numbers").

Accepted, after removing spaces and dashes and upper-casing:

* state series: ``AB12AB1234``, ``AB12A1234``, ``AB121234``, ``AB123A1234``, ``AB12ABC1234``, where ``AB``
  is a state / union territory code; the district and the last number are padded with zeros
  (``DL1AB123`` -> ``DL01AB0123``). Without series letters the digits cannot be split safely, so exactly
  six digits (``AB121234``) are required;
* old three-letter series ``ABC1234`` (number padded to 4 digits);
* Bharat series ``22BH1234AA``: year, ``BH``, 4 digits (padded), one or two letters without I and O;
* special numbers kept as typed: temporary ``TM…`` (at least 7 characters), defence ``DF…``, Bhutan ``BP…``
  and Nepal ``NP…``, all at most 15 characters (the e-way bill field length).
"""

import re

# The core has no Odoo environment: `_` only marks templates for extraction (see errors._).
# pylint: disable=prefer-env-translation
from .errors import LogisticsError, _

# Registration codes of Indian states and union territories, including retired ones still on old plates
# (OR, UA, DN, TS alongside OD, UK, DD, TG).
# A space-separated list reads like the RTO table it comes from; one code a line would be 40 lines.
STATE_PREFIXES = frozenset(
    "AN AP AR AS BR CH CG DD DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK TN TR"  # noqa: SIM905
    " TS TG UK UA UP WB".split()
)
BHARAT_SERIES_PREFIX = "BH"
SPECIAL_PREFIXES = {"TM": "temporary", "DF": "defence", "BP": "Bhutan", "NP": "Nepal"}
TEMPORARY_MIN_LENGTH = 7
MAX_LENGTH = 15

MSG_EMPTY = _("Enter a vehicle number")
MSG_INVALID = _(
    "Vehicle number %(number)s is not valid: expected a number like AB12AB1234, AB12A1234, AB121234,"
    " ABC1234, AB123A1234 or AB12ABC1234, a Bharat series number like 22BH1234AA, or a temporary (TM...),"
    " defence (DF...), Bhutan (BP...) or Nepal (NP...) number"
)
MSG_UNKNOWN_STATE = _(
    "Vehicle number %(number)s starts with %(prefix)s, which is not an Indian state or union territory code"
)
MSG_TEMPORARY_TOO_SHORT = _(
    "Temporary vehicle number %(number)s is too short: it needs at least %(minimum)s characters"
)
MSG_TOO_LONG = _("Vehicle number %(number)s is too long: at most %(maximum)s characters are allowed")

_SEPARATORS = re.compile(r"[\s\-]+")
_STATE_WITH_SERIES = re.compile(r"^([A-Z]{2})(\d{1,3})([A-Z]{1,3})(\d{1,4})$")
_STATE_WITHOUT_SERIES = re.compile(r"^([A-Z]{2})(\d{2})(\d{4})$")
_OLD_THREE_LETTER = re.compile(r"^([A-Z]{3})(\d{1,4})$")
_BHARAT_SERIES = re.compile(r"^(\d{2})BH(\d{1,4})([A-HJ-NP-Z]{1,2})$")
_ALPHANUMERIC = re.compile(r"^[A-Z0-9]+$")


class VehicleNumberError(LogisticsError):
    """Raised when a vehicle number matches none of the accepted formats."""


def is_valid_state_prefix(prefix):
    """Return True when ``prefix`` (any case) is an Indian state / UT registration code or ``BH``."""
    code = (prefix or "").strip().upper()
    return code in STATE_PREFIXES or code == BHARAT_SERIES_PREFIX


def normalize_vehicle_number(raw):
    """Return the vehicle number in the e-way bill's canonical form, or raise :class:`VehicleNumberError`.

    See the module docstring for the accepted formats and the zero padding.
    """
    number = _SEPARATORS.sub("", raw or "").upper()
    if not number:
        raise VehicleNumberError(MSG_EMPTY)
    if not _ALPHANUMERIC.match(number):
        raise VehicleNumberError(MSG_INVALID, number=number)
    if len(number) > MAX_LENGTH:
        raise VehicleNumberError(MSG_TOO_LONG, number=number, maximum=MAX_LENGTH)
    special = SPECIAL_PREFIXES.get(number[:2])
    if special:
        return _special_number(number, special)

    match = _BHARAT_SERIES.match(number)
    if match:
        year, digits, letters = match.groups()
        return f"{year}{BHARAT_SERIES_PREFIX}{digits.zfill(4)}{letters}"
    match = _STATE_WITHOUT_SERIES.match(number)
    if match:
        return _checked_state(number, match.group(1), number)
    match = _STATE_WITH_SERIES.match(number)
    if match:
        state, district, series, digits = match.groups()
        # The three-digit district exists only with a one-letter series (AB123A1234).
        if len(district) == 3 and len(series) != 1:
            raise VehicleNumberError(MSG_INVALID, number=number)
        return _checked_state(number, state, f"{state}{district.zfill(2)}{series}{digits.zfill(4)}")
    match = _OLD_THREE_LETTER.match(number)
    if match:
        letters, digits = match.groups()
        return f"{letters}{digits.zfill(4)}"
    raise VehicleNumberError(MSG_INVALID, number=number)


def _special_number(number, kind):
    """Temporary, defence and foreign numbers have no fixed layout: check only their length."""
    if kind == "temporary" and len(number) < TEMPORARY_MIN_LENGTH:
        raise VehicleNumberError(MSG_TEMPORARY_TOO_SHORT, number=number, minimum=TEMPORARY_MIN_LENGTH)
    if len(number) < 3:
        raise VehicleNumberError(MSG_INVALID, number=number)
    return number


def _checked_state(number, state, normalized):
    """Return ``normalized`` once ``state`` is a known code; a typo in it would pass the regex otherwise."""
    if state not in STATE_PREFIXES:
        raise VehicleNumberError(MSG_UNKNOWN_STATE, number=number, prefix=state)
    return normalized
