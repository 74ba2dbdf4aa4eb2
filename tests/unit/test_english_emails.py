"""The English messages (issue 15, item 4): every kind a citizen or a leader reads renders in
English, in every variant the Danish one has, with English dates and no Danish text left; a staff
kind stays Danish whatever the case's language."""

from __future__ import annotations

from typing import Any

import pytest

from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.kinds import CITIZEN_KINDS, MessageKind
from fasttrack_core.notify.rendering import TEMPLATES_DIR, render_email
from fasttrack_core.presentation.language import english_deadline
from tests.unit.test_email_templates import VARIANTS

# Words only the Danish templates use (the job centre's name may hold æ, ø and å).
DANISH = ("Hej", "senest", "Sagsnummer", "Venlig hilsen", "Mødeindkaldelse", "Læs om",
          "medarbejder", "jobcentret", "Tidspunkt", "Varighed", "Sted:", "oplyses", "sygemeld",
          "Denne e-mail", "personoplysninger", "Virker knappen", "Aflyst", "Flyttet")  # fmt: skip


ENGLISH_MEETINGS = {"første opfølgningssamtale": "first follow-up talk",
                    "rundbordssamtale": "roundtable talk"}  # fmt: skip


def variants(kind: str) -> list[dict[str, Any]]:
    """The Danish test's variants, with the meeting named as the English message names it."""
    found = []
    for variant in [{}, *VARIANTS.get(kind, [])]:
        context = {**example_context(kind), **variant}
        if "meeting" in context:
            context["meeting"] = ENGLISH_MEETINGS[context["meeting"]]
        found.append(context)
    return found


@pytest.mark.parametrize("kind", sorted(CITIZEN_KINDS))
def test_every_citizen_kind_has_an_english_subject_text_and_html(kind: str) -> None:
    for part in ("subject.txt", "txt", "html"):
        assert (TEMPLATES_DIR / f"{kind}.en.{part}").is_file()


@pytest.mark.parametrize("kind", sorted(CITIZEN_KINDS))
def test_the_english_message_has_no_danish_left_in_any_variant(kind: str) -> None:
    for context in variants(kind):
        email = render_email(kind, context, Language.EN)
        for text in (email.subject, email.text, email.html):
            left = [word for word in DANISH if word in text]
            assert not left, f"{kind}: Danish left in the English message: {left}"
        assert 'lang="en"' in email.html
        assert context["link"] in email.text and context["link"] in email.html


def test_the_employee_notice_gives_its_deadlines_as_english_dates() -> None:
    context = example_context(MessageKind.EMPLOYEE_NOTICE)
    email = render_email(MessageKind.EMPLOYEE_NOTICE, context, Language.EN)
    assert f"by {english_deadline(context['first_followup_due'])}" in email.text
    assert english_deadline(context["first_followup_due"]).split()[0] in (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    )  # fmt: skip


def test_a_staff_message_stays_danish_whatever_the_cases_language() -> None:
    kind = MessageKind.CASE_ASSIGNED
    context = example_context(kind)
    assert render_email(kind, context, Language.EN) == render_email(kind, context)
