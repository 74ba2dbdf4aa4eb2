"""The error a user sees when the system refuses what they asked for."""

from __future__ import annotations


class Refused(Exception):
    """A request or a recorded event that is refused; every reason is a Danish sentence."""

    def __init__(self, reasons: list[str] | str) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(" ".join(self.reasons))
