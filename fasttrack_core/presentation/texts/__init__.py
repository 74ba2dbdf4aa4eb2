"""Every text a citizen or a leader reads on a page (issue 15, item 4), by page group and
language: one module per group (`public`, `citizen`, `leader`), each with a `DA` and an `EN`
table with the same keys and the same placeholders (one unit test checks every group). A new
language is one more table in each module; a new page adds its keys to both tables.

Values are `str.format` templates; a date or a time among the values is written as the language
writes a deadline. Staff pages stay Danish.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from fasttrack_core.presentation.language import Language, deadline
from fasttrack_core.presentation.texts import citizen, leader, public


class Group(StrEnum):
    """The page groups, each with its own texts."""

    PUBLIC = "public"  # the start page, about, the request forms and receipt, the error pages
    CITIZEN = "citizen"  # the employee's own pages and the workplace's booking page
    LEADER = "leader"  # the leader's tools (issue 16)


TABLES: dict[Group, dict[Language, dict[str, str]]] = {
    Group.PUBLIC: {Language.DA: public.DA, Language.EN: public.EN},
    Group.CITIZEN: {Language.DA: citizen.DA, Language.EN: citizen.EN},
    Group.LEADER: {Language.DA: leader.DA, Language.EN: leader.EN},
}


def text(language: Language, group: Group, key: str, **values: Any) -> str:
    """The text for `key` in the group's table of the language, with its values filled in."""
    shown = {
        name: deadline(language, value) if isinstance(value, date) else value
        for name, value in values.items()
    }
    return TABLES[group][language][key].format(**shown)


def section(language: Language, group: Group, prefix: str) -> dict[str, str]:
    """The texts whose keys start with `prefix.`, by the rest of the key, unformatted (a leader
    page reads them as `t.title`)."""
    start = f"{prefix}."
    table = TABLES[group][language]
    return {key.removeprefix(start): value for key, value in table.items() if key.startswith(start)}
