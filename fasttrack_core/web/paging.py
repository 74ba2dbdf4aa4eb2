"""The page of a bounded list the address asks for (`?side=N`, Danish)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from fasttrack_core.errors import Refused

PAGE_PARAM = "side"


def page_asked(values: ImmutableMultiDict[str, Any]) -> int:
    """The page number (1 when none is given); refused in Danish unless a whole number from 1."""
    text = values.get(PAGE_PARAM, "")
    if text in ("", None):
        return 1
    valid = isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 6
    if not valid or int(text) < 1:
        message = "Sidetallet skal være et helt tal fra 1."
        raise Refused(message, fields={"page": message})
    return int(text)


def page_links(path: str) -> Callable[[int], str]:
    """The address of page n of the list at `path` (a path without a query)."""
    return lambda number: page_address(path, number)


def page_address(path: str, number: int) -> str:
    """Page n of the list at `path`; the first page is the path itself."""
    return path if number == 1 else f"{path}?{PAGE_PARAM}={number}"
