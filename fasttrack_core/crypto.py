"""CPR numbers at rest: encrypted for display (Fernet), keyed hash for duplicate look-up."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


class CprVault:
    def __init__(self, secret: str) -> None:
        raw = secret.encode()
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(raw, b"fasttrack cpr encryption")))
        self._hash_key = _derive(raw, b"fasttrack cpr lookup")

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()

    def lookup_hash(self, cpr: str) -> str:
        return hmac.new(self._hash_key, cpr.encode(), hashlib.sha256).hexdigest()


def load_or_create_secret(secret: str | None, key_file: Path) -> str:
    """The configured secret, or the embedded default's secret file (created once, mode 0600)."""
    if secret:
        return secret
    if key_file.exists():
        return key_file.read_text().strip()
    value = secrets.token_urlsafe(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def session_signing_key(secret: str) -> str:
    """The key that signs the web app's session cookies, derived from the same secret."""
    return _derive(secret.encode(), b"fasttrack web session").hex()
