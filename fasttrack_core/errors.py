"""The error a user sees when the system refuses what they asked for."""

from __future__ import annotations


class Refused(Exception):
    """A request or a recorded event that is refused; every reason is a Danish sentence."""

    def __init__(self, reasons: list[str] | str, fields: dict[str, str] | None = None) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        # The reasons that concern one input field, by its JSON path (e.g. "employee.cpr"), so a
        # form can show each next to its field.
        self.fields = dict(fields or {})
        super().__init__(" ".join(self.reasons))
