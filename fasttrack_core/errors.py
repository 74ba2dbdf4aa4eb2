"""The error a user sees when the system refuses what they asked for."""

from __future__ import annotations

from collections.abc import Mapping


class Refused(Exception):
    """A request or a recorded event that is refused; every reason is a Danish sentence."""

    def __init__(self, reasons: list[str] | str, fields: Mapping[str, str] | None = None) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        # The reasons that concern one input field, by its JSON path (e.g. "employee.cpr"), so a
        # form can show each next to its field. A `domain.reasons.Reason` among them also says
        # what it is, so that a citizen's page can say it in English (issue 15).
        self.fields = dict(fields or {})
        super().__init__(" ".join(self.reasons))
