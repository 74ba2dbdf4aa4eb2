"""What a password must be (issue 12): long, and not easy to guess.

Guessability is zxcvbn's estimate (Dropbox's algorithm: frequency lists of common passwords,
words and names, keyboard patterns, repeats, sequences and dates); a score of 3 means "safely
unguessable: moderate protection from an offline slow-hash scenario". The user's own name and
e-mail count as guessable words.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3
# zxcvbn's running time grows with the length; the first characters decide the estimate.
_SCORED_PREFIX = 100


def password_problems(password: str, user_words: list[str]) -> list[str]:
    """Why this password is refused (Danish), or nothing when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return [f"Adgangskoden skal være på mindst {MIN_LENGTH} tegn."]
    if len(password) > MAX_LENGTH:
        return [f"Adgangskoden må højst være på {MAX_LENGTH} tegn."]
    words = [part for word in user_words for part in word.replace("@", " ").split() if part]
    if zxcvbn(password[:_SCORED_PREFIX], user_inputs=words)["score"] < MIN_SCORE:
        return [
            "Adgangskoden er for let at gætte (fx en kendt adgangskode, et almindeligt ord, en "
            "gentagelse eller dit navn). Brug fx flere tilfældige ord i en sætning."
        ]
    return []
