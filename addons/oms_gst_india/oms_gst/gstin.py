"""GSTIN validation: layout, state code and the mod-36 check character.

A GSTIN is 15 characters: a 2-digit state code, the holder's 10-character PAN, an entity number
(1-9, then A-Z), a 14th character (``Z`` for normal taxpayers) and a check character.

Besides normal taxpayers, these registrations with their own layout are recognised, because
Odoo's ``base_vat`` accepts them on partners and the IRP sees them as buyers:

* ``tds`` - tax deductors: a TAN (or PAN) where the PAN sits, ``D`` as 14th character;
* ``tcs`` - e-commerce operators collecting tax: ``C`` as 14th character;
* ``uin`` - UN bodies and embassies: ``SSYYAAA99999UN`` or ``...ON`` plus check;
* ``nri`` - non-resident taxable persons: ``SSYYAAA99999NR`` plus check;
* ``oidar`` - online service providers abroad: ``99YYAAA99999OS`` plus check.

Government department IDs (``SSAAAA99999A9Z9``) are out of scope: their layout overlaps the others
and no public rule for them was available.
"""

import re

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GSTIN_LENGTH = 15
# 01-38 are states and union territories (38 = Ladakh), 97 is "other territory" and 99 the
# centre's jurisdiction (OIDAR). 96 ("other country") never starts a GSTIN.
VALID_STATE_CODES = frozenset([f"{code:02d}" for code in range(1, 39)] + ["97", "99"])

PAN_PATTERN = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
_TAN_OR_PAN = re.compile(r"^[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z]$")
_ENTITY = re.compile(r"^[1-9A-Z]$")
# Normal taxpayers carry Z; Odoo's base_vat also accepts 1-9 and A-J, kept for the same partners.
# C and D are left out: they mark TCS and TDS registrations.
_REGULAR_14TH = frozenset("Z123456789ABEFGHIJ")
_SPECIAL_KINDS = (
    ("uin", re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[0-9A-Z]$")),
    ("nri", re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$")),
    ("oidar", re.compile(r"^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$")),
)


class GstinError(ValueError):
    """A GSTIN that cannot be accepted; the message says what is wrong with it."""


def compute_check_character(first14):
    """Return the check character for the first 14 characters of a GSTIN.

    Each character's index in ``0-9A-Z`` is multiplied by 1, 2, 1, 2, ... and the digits of the
    product in base 36 are summed; the check character brings that sum to a multiple of 36.
    """
    body = str(first14).strip().upper()
    if len(body) != GSTIN_LENGTH - 1:
        raise GstinError(f"The check character is computed on 14 characters; {body!r} has {len(body)}")
    total = 0
    for position, char in enumerate(body):
        index = ALPHABET.find(char)
        if index < 0:
            raise GstinError(f"GSTIN character {char!r} is not a letter or a digit")
        product = index * (1 if position % 2 == 0 else 2)
        total += product // 36 + product % 36
    return ALPHABET[(36 - total % 36) % 36]


def gstin_kind(value, sandbox=False):
    """Validate ``value`` and return its kind: 'regular', 'tds', 'tcs', 'uin', 'nri' or 'oidar'."""
    gstin = _normalise(value)
    _check_length_and_characters(gstin)
    _check_state_code(gstin)
    kind = _layout_kind(gstin, sandbox)
    if not sandbox:
        _check_checksum(gstin)
    return kind


def validate_gstin(value, sandbox=False):
    """Return the GSTIN upper-cased and stripped, or raise :class:`GstinError` saying what is wrong.

    ``sandbox=True`` accepts the NIC sandbox test GSTINs (e.g. ``02AMBPG7773M002``): the check
    character is not verified and the entity number and 14th character may be any letter or digit.
    The state code and the PAN part are still checked.
    """
    gstin_kind(value, sandbox=sandbox)
    return _normalise(value)


def state_code_of(gstin):
    """Return the 2-digit state code a GSTIN starts with (e.g. '27' for Maharashtra)."""
    normalised = _normalise(gstin)
    _check_length_and_characters(normalised)
    _check_state_code(normalised)
    return normalised[:2]


def pan_of(gstin):
    """Return the PAN inside a GSTIN; raise :class:`GstinError` for registrations without one."""
    normalised = _normalise(gstin)
    _check_length_and_characters(normalised)
    pan = normalised[2:12]
    if not PAN_PATTERN.match(pan):
        raise GstinError(
            f"GSTIN {normalised} does not contain a PAN: characters 3 to 12 ({pan}) are not "
            "five letters, four digits and a letter"
        )
    return pan


def _normalise(value):
    if value is None or not str(value).strip():
        raise GstinError("The GSTIN is empty")
    return str(value).strip().upper()


def _check_length_and_characters(gstin):
    if len(gstin) != GSTIN_LENGTH:
        raise GstinError(f"GSTIN {gstin} has {len(gstin)} characters; a GSTIN has exactly {GSTIN_LENGTH}")
    if not gstin.isascii() or not gstin.isalnum():
        raise GstinError(f"GSTIN {gstin} may contain only letters and digits")


def _check_state_code(gstin):
    state_code = gstin[:2]
    if state_code not in VALID_STATE_CODES:
        raise GstinError(
            f"GSTIN {gstin} starts with {state_code}, which is not a GST state code (01 to 38, 97 or 99)"
        )


def _layout_kind(gstin, sandbox):
    for kind, pattern in _SPECIAL_KINDS:
        if pattern.match(gstin):
            return kind
    pan, entity, fourteenth = gstin[2:12], gstin[12], gstin[13]
    if not PAN_PATTERN.match(pan) and not (fourteenth == "D" and _TAN_OR_PAN.match(pan)):
        raise GstinError(
            f"GSTIN {gstin}: characters 3 to 12 ({pan}) must be a PAN: five letters, four digits and a letter"
        )
    if not sandbox and not _ENTITY.match(entity):
        raise GstinError(
            f"GSTIN {gstin}: the 13th character (entity number) must be 1-9 or A-Z, not {entity}"
        )
    if fourteenth == "D":
        return "tds"
    if fourteenth == "C":
        return "tcs"
    if not sandbox and fourteenth not in _REGULAR_14TH:
        raise GstinError(f"GSTIN {gstin}: the 14th character must be Z, not {fourteenth}")
    return "regular"


def _check_checksum(gstin):
    expected = compute_check_character(gstin[:14])
    if gstin[14] != expected:
        raise GstinError(
            f"GSTIN {gstin} fails its check character: expected {expected}, found {gstin[14]}. "
            "Check the number for a typing mistake."
        )
