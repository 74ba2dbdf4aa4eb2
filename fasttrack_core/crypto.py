"""Data at rest: encryption (Fernet, one key id per value), the keyed hash for CPR look-up, the
key check value, and where the keys are kept.

Two secrets that never derive from each other: the data keys (CPR numbers, health data, the
look-up hash) and the session key (what signs the web app's cookies).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fasttrack_core.errors import Refused

# A key id in front of each encrypted value ("k2:gAAAA..."): rotation finds what is still under
# an older key. Values written before key ids existed have none; they are under key k0.
LEGACY_KEY_ID = "k0"
_KEY_ENTRY = re.compile(r"^(k\d+):(\S+)$")
_SEALED = re.compile(r"^k\d+:gAAAAA[A-Za-z0-9_=-]+$")  # what CprVault.encrypt returns
# A secret shorter than this, or with fewer distinct characters, is refused as weak (a generated
# key has 43 characters of 64 kinds: 256 bits).
MIN_KEY_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 12


class KeyProblem(Refused):
    """A key that is missing, empty, weak, wrong or unreadable: the command refuses to start."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret.encode(), b"fasttrack cpr encryption")))


@dataclass(frozen=True)
class DataKey:
    key_id: str
    secret: str


def parse_keyring(text: str) -> list[DataKey]:
    """The keys in a key file or FASTTRACK_SECRET_KEY: `kN:SECRET` entries separated by
    whitespace, the current key first. A bare secret (a key file from before key ids) is k0."""
    keys = []
    for entry in text.split():
        match = _KEY_ENTRY.match(entry)
        keys.append(DataKey(*match.groups()) if match else DataKey(LEGACY_KEY_ID, entry))
    if len({key.key_id for key in keys}) != len(keys):
        raise KeyProblem("Nøglefilen har samme nøgle-id to gange.")
    return keys


def format_keyring(keys: Sequence[DataKey]) -> str:
    return "".join(f"{key.key_id}:{key.secret}\n" for key in keys)


def check_strength(keys: Sequence[DataKey], source: str) -> None:
    if not keys:
        raise KeyProblem(f"Nøglen i {source} er tom.")
    for key in keys:
        if len(key.secret) < MIN_KEY_LENGTH or len(set(key.secret)) < MIN_DISTINCT_CHARACTERS:
            raise KeyProblem(
                f"Nøglen {key.key_id} i {source} er for svag: mindst {MIN_KEY_LENGTH} tegn og "
                f"{MIN_DISTINCT_CHARACTERS} forskellige (lav en med `fasttrack keys rotate`)."
            )


def new_key(key_id: str) -> DataKey:
    return DataKey(key_id, secrets.token_urlsafe(32))


def next_key_id(keys: Sequence[DataKey]) -> str:
    return f"k{max(int(key.key_id[1:]) for key in keys) + 1}"


class CprVault:
    """Encrypts with the current (first) key; decrypts with the key its value names."""

    def __init__(self, keys: str | Sequence[DataKey]) -> None:
        ring = [DataKey(LEGACY_KEY_ID, keys)] if isinstance(keys, str) else list(keys)
        current = ring[0]
        self.key_id = current.key_id
        self._fernets = {key.key_id: _fernet(key.secret) for key in ring}
        self._any = MultiFernet(list(self._fernets.values()))
        self._hash_key = _derive(current.secret.encode(), b"fasttrack cpr lookup")
        self._check_key = _derive(current.secret.encode(), b"fasttrack key check")

    def encrypt(self, plain: str) -> str:
        return f"{self.key_id}:{self._fernets[self.key_id].encrypt(plain.encode()).decode()}"

    def decrypt(self, token: str) -> str:
        key_id, _, body = token.rpartition(":")
        fernet = self._fernets.get(key_id) if key_id else self._any
        if fernet is None:
            raise KeyProblem(f"Værdien er krypteret med nøglen {key_id}, som ikke er indlæst.")
        try:
            return fernet.decrypt(body.encode()).decode()
        except InvalidToken:
            raise KeyProblem("Værdien kan ikke dekrypteres med den indlæste nøgle.") from None

    @staticmethod
    def is_sealed(value: str) -> bool:
        """Whether a stored value is one this vault encrypted (else it is from before)."""
        return bool(_SEALED.match(value))

    def is_current(self, token: str) -> bool:
        return token.startswith(f"{self.key_id}:")

    def lookup_hash(self, cpr: str) -> str:
        return hmac.new(self._hash_key, cpr.encode(), hashlib.sha256).hexdigest()

    def key_check_value(self) -> str:
        """What the database keeps to recognise the current key without holding it."""
        return hmac.new(self._check_key, b"fasttrack key check", hashlib.sha256).hexdigest()


def write_secret_file(path: Path, text: str) -> None:
    """Write (or replace, atomically) a key file readable by its owner only (0600)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(temporary, path)


def read_key_file(path: Path) -> list[DataKey]:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise KeyProblem(f"Nøglefilen {path} findes ikke.") from None
    keys = parse_keyring(text)
    check_strength(keys, str(path))
    return keys


def session_signing_key(secret: str) -> str:
    """The key that signs the web app's session cookies, from the session secret (never from a
    data key)."""
    return _derive(secret.encode(), b"fasttrack web session").hex()
