"""A reason for refusing what a user sent: the Danish sentence the API, the CLI and the staff's
pages show, which also says what it is (an error type or a refusal id, and the values in it), so
that a citizen's page can say the same in the citizen's language (issue 15)."""

from __future__ import annotations

from typing import Any


class Reason(str):
    """A Danish sentence (it is a `str`) with its `code` and `values`."""

    code: str
    values: dict[str, Any]

    def __new__(cls, danish: str, code: str, **values: Any) -> Reason:
        reason = super().__new__(cls, danish)
        reason.code = code
        reason.values = values
        return reason

    def __getnewargs_ex__(self) -> tuple[tuple[str, str], dict[str, Any]]:
        """Pickled (a refusal that crosses a process) with its code and values."""
        return (str(self), self.code), self.values
