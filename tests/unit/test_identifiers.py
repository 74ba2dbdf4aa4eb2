"""CPR and CVR numbers (SPEC §3)."""

from datetime import date

from fasttrack_core.domain.identifiers import cpr_birth_date, cpr_is_valid, cvr_is_valid, mask_cpr


def test_cpr_with_a_real_birth_date_is_valid() -> None:
    assert cpr_birth_date("0304785678") == date(1878, 4, 3)  # 7th digit 5, year 78: 1800s
    assert cpr_birth_date("0304781234") == date(1978, 4, 3)  # 7th digit 1: 1900s
    assert cpr_birth_date("0304104234") == date(2010, 4, 3)  # 7th digit 4, year ≤ 36: 2000s


def test_cpr_must_be_ten_digits() -> None:
    assert not cpr_is_valid("030478567")
    assert not cpr_is_valid("03047856789")
    assert not cpr_is_valid("030478-567")
    assert not cpr_is_valid("03047a5678")


def test_cpr_with_an_impossible_date_is_invalid() -> None:
    assert not cpr_is_valid("3102781234")  # 31 February
    assert not cpr_is_valid("0013781234")  # month 13
    assert not cpr_is_valid("2902001234")  # 29 February 1900 (7th digit 1: 1900s, not a leap year)
    assert cpr_is_valid("2902004234")  # 29 February 2000


def test_cvr_follows_modulus_11() -> None:
    # CVR's rule: weights 2,7,6,5,4,3,2,1; the weighted sum is divisible by 11.
    assert cvr_is_valid("12345674")
    assert cvr_is_valid("29189919")
    assert not cvr_is_valid("12345675")
    assert not cvr_is_valid("1234567")
    assert not cvr_is_valid("1234567a")


def test_cpr_is_masked_after_the_birth_date() -> None:
    assert mask_cpr("0304785678") == "030478-****"
