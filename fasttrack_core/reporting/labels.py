"""Danish names of what the report counts (ids as the database stores them)."""

from __future__ import annotations

from fasttrack_core.domain.vocabulary import OUTCOME_LABELS, STATUS_LABELS, STEP_LABELS

CHANNEL_LABELS: dict[str, str] = {
    "digital": "Digital",
    "phone": "Telefon",
    "email": "E-mail",
    "doctor": "Læge",
    "absence_alert": "Fraværsalarm",
}
REQUESTER_LABELS: dict[str, str] = {"employer": "Arbejdsgiver", "employee": "Medarbejder"}
OUTCOME_NAMES: dict[str, str] = {outcome.value: label for outcome, label in OUTCOME_LABELS.items()}
STAGE_NAMES: dict[str, str] = {status.value: label for status, label in STATUS_LABELS.items()}
STEP_NAMES: dict[str, str] = {kind.value: label for kind, label in STEP_LABELS.items()}
