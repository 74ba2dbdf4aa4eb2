"""The Danish labels of `domain.vocabulary`, keyed by the ids the report's figures carry (plain
strings, as the database stores them)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from fasttrack_core.domain import vocabulary

Id = TypeVar("Id", bound=StrEnum)


def by_id(labels: Mapping[Id, str]) -> dict[str, str]:
    return {kind.value: label for kind, label in labels.items()}


CHANNEL_LABELS = by_id(vocabulary.CHANNEL_LABELS)
REQUESTER_LABELS = by_id(vocabulary.REQUESTER_LABELS)
OUTCOME_NAMES = by_id(vocabulary.OUTCOME_LABELS)
STAGE_NAMES = by_id(vocabulary.STATUS_LABELS)
STEP_NAMES = by_id(vocabulary.STEP_LABELS)
