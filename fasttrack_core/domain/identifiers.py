"""Danish identifiers: CPR (personal) and CVR (company) numbers."""

from __future__ import annotations

from datetime import date

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def ascii_digits(text: str, length: int) -> bool:
    """Exactly `length` of the digits 0-9. str.isdigit() alone also accepts Arabic-Indic,
    fullwidth and superscript digits, which would make one person two CPR numbers."""
    return len(text) == length and text.isascii() and text.isdigit()


def cpr_birth_date(cpr: str) -> date | None:
    """The birth date a CPR number encodes, or None when it is not a CPR number.

    CPR = DDMMYY-SSSS; the first serial digit gives the century (CPR-kontoret's table).
    No modulus-11 check: numbers issued since 2007 need not satisfy it.
    """
    if not ascii_digits(cpr, 10):
        return None
    day, month, yy, century_digit = (
        int(cpr[0:2]),
        int(cpr[2:4]),
        int(cpr[4:6]),
        int(cpr[6]),
    )
    if century_digit <= 3:
        century = 1900
    elif century_digit in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def cpr_is_valid(cpr: str) -> bool:
    return cpr_birth_date(cpr) is not None


def cvr_is_valid(cvr: str) -> bool:
    """8 digits whose weighted sum is divisible by 11 (CVR's modulus-11 rule)."""
    if not ascii_digits(cvr, 8):
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0


def mask_cpr(cpr: str) -> str:
    """Show only the birth date part: 030478-****."""
    return f"{cpr[:6]}-****"
