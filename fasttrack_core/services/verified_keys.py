"""API keys verified a moment ago, kept in the process (issue 13, item 5: intake at scale).

Every API request showed its key; looking it up took a session and a query each time. A key
found live is now trusted for `TRUST_SECONDS` without asking the database again. A key revoked
in this process (`fasttrack_core.services.users.revoke_api_key`) is refused at once; revoked in
another process (the command line, another web worker), it is refused at the latest
`TRUST_SECONDS` later. Unknown and revoked keys are never kept: each is looked up every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

from fasttrack_core.models import ApiKey

TRUST_SECONDS = 2.0
# The clock the trust is measured by (monotonic seconds); the tests replace it.
Monotonic = Callable[[], float]


class VerifiedKeys:
    """By database (engine) and key hash: the key's client and when its trust runs out."""

    def __init__(self, clock: Monotonic = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._keys: WeakKeyDictionary[Engine, dict[str, tuple[ApiKey, float]]] = WeakKeyDictionary()

    def get(self, engine: Engine, key_hash: str) -> ApiKey | None:
        """The client of a key verified less than `TRUST_SECONDS` ago, else None."""
        with self._lock:
            found = self._keys.get(engine, {}).get(key_hash)
        if found is None or found[1] <= self.clock():
            return None
        return found[0]

    def trust(self, engine: Engine, key_hash: str, client: ApiKey) -> None:
        with self._lock:
            keys = self._keys.setdefault(engine, {})
            now = self.clock()
            for stale in [h for h, (_, until) in keys.items() if until <= now]:
                del keys[stale]  # expired entries go: the map holds the keys in use only
            keys[key_hash] = (client, now + TRUST_SECONDS)

    def forget(self) -> None:
        """After a key is revoked in this process: every key, of every database the process
        serves, is looked up again (a revocation is rare; an engine of the command line is not
        the web app's, though both open the same database)."""
        with self._lock:
            self._keys.clear()


VERIFIED = VerifiedKeys()
