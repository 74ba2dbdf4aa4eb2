"""The Danish email templates: every kind renders, carries its link and deadline, is safe HTML, and
never prints anything about the employee (SPEC §6; GDPR art. 9)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from jinja2 import UndefinedError

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.kinds import EMAIL_KINDS
from fasttrack_core.notify.rendering import (
    TEMPLATES_DIR,
    RenderedEmail,
    environment,
    redact,
    render_email,
)
from fasttrack_core.presentation.danish import danish_date, danish_deadline

KINDS = sorted(EMAIL_KINDS)
NOT_CASE_BOUND = {"weekly_digest", "steering_report", "operations_alert"}

# The optional and branching values each kind must also render with.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "case_assigned": [{"suggested_specialist": None}, {"steps": []}],
    "book_followup": [{"declined": True}],
    "book_roundtable": [{"specialist": None, "empowerment_due": None}],
    "action_due": [{"owner_role": "konsulenten"}, {"owner_role": "Lise Holm"}],
    "overdue_escalation": [{"consultant_name": None}],
    "weekly_digest": [{"due_this_week": [], "overdue": []}],
    "operations_alert": [{"reminder": True}],
    "employee_notice": [{"requested_by_employer": False}],
    "meeting_invitation": [
        {"change": "moved", "meeting": "rundbordssamtale"},
        {"change": "cancelled", "location": None},
    ],
    "delivery_failed": [{"reference": ""}],
    "absence_alert": [{"rule": "repeated_spells"}],
}


def contexts(kind: str) -> Iterator[dict[str, Any]]:
    yield example_context(kind)
    for change in VARIANTS.get(kind, []):
        yield {**example_context(kind), **change}


CASES = [
    pytest.param(kind, context, id=f"{kind}-{n}")
    for kind in KINDS
    for n, context in enumerate(contexts(kind))
]


def deadlines(value: Any) -> Iterator[datetime]:
    """Every datetime in a context, however deeply nested (steps, digest rows)."""
    if isinstance(value, datetime):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from deadlines(item)
    elif isinstance(value, list):
        for item in value:
            yield from deadlines(item)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class StrictHTML(HTMLParser):
    """Collects unbalanced or mismatched tags: enough to catch a broken template."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def render(kind: str, context: dict[str, Any]) -> RenderedEmail:
    return render_email(kind, context)


@pytest.mark.parametrize(("kind", "context"), CASES)
def test_subject_is_one_nonempty_line_naming_the_case(kind: str, context: dict[str, Any]) -> None:
    raw = environment().get_template(f"{kind}.subject.txt").render(context).strip()
    assert raw
    assert "\n" not in raw
    if kind not in NOT_CASE_BOUND and context["reference"]:
        assert context["reference"] in raw


@pytest.mark.parametrize(("kind", "context"), CASES)
def test_text_and_html_carry_the_link_and_every_deadline_in_danish(
    kind: str, context: dict[str, Any]
) -> None:
    email = render(kind, context)
    for body in (email.text, email.html):
        assert context["link"] in body
        for due in deadlines(context):
            assert danish_date(due) in body
    if kind not in NOT_CASE_BOUND and context["reference"]:
        assert context["reference"] in email.text
        assert context["reference"] in email.html
    assert "Fast track · Jobcenter Ishøj" in email.text
    assert "Fast track · Jobcenter Ishøj" in email.html


@pytest.mark.parametrize(("kind", "context"), CASES)
def test_html_is_well_formed(kind: str, context: dict[str, Any]) -> None:
    parser = StrictHTML()
    parser.feed(render(kind, context).html)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []


@pytest.mark.parametrize("kind", KINDS)
def test_html_escapes_special_characters_in_values(kind: str) -> None:
    email = render(kind, {**example_context(kind), "job_centre": "Jobcenter <b>&"})
    assert "Jobcenter &lt;b&gt;&amp;" in email.html
    assert "<b>&" not in email.html
    assert "Jobcenter <b>&" in email.text  # the plain text is not HTML: no entities there


@pytest.mark.parametrize("kind", KINDS)
def test_text_body_is_plain_text(kind: str) -> None:
    text = render(kind, example_context(kind)).text
    assert "<p" not in text
    assert "&amp;" not in text
    assert "\n\n\n" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_plain_text_footer_keeps_each_sentence_on_its_line(kind: str) -> None:
    text = render(kind, example_context(kind)).text
    footer = text.rsplit("\n--\n", 1)[1].splitlines()
    assert footer[0].startswith("Denne e-mail er sendt automatisk")
    assert footer[1].startswith("Af hensyn til databeskyttelsen")
    assert not any(re.search(r"\.[A-ZÆØÅ]", line) for line in footer)  # "e-mail.Log ind"


SENSITIVE = {
    "cpr": "0304782678",
    "cpr_formatted": "030478-2678",
    "employee_name": "Ole Hansen",
    "name": "Ole Hansen",
    "employee": {"name": "Ole Hansen", "cpr": "0304782678", "email": "ole.hansen@example.dk"},
    "cause": "musculoskeletal",
    "cause_category": "stress",
    "diagnosis": "stress",
    "answers": {
        "job_functions": "Kan ikke løfte varer på lageret",
        "duration": "Ondt i ryggen siden januar",
        "adaptations": "Har prøvet hæve-sænkebord",
    },
    "note": "Ondt i ryggen siden januar",
}
SENSITIVE_STRINGS = [
    "0304782678",
    "030478-2678",
    "Ole Hansen",
    "ole.hansen",
    "musculoskeletal",
    "stress",
    "Kan ikke løfte varer",
    "Ondt i ryggen",
    "hæve-sænkebord",
]


@pytest.mark.parametrize(("kind", "context"), CASES)
def test_no_email_prints_employee_data_smuggled_into_the_context(
    kind: str, context: dict[str, Any]
) -> None:
    email = render(kind, {**SENSITIVE, **context})
    for part in (email.subject, email.text, email.html):
        for secret in SENSITIVE_STRINGS:
            assert secret.lower() not in part.lower(), (kind, secret)


def test_delivery_failure_hides_addresses_and_cpr_like_numbers_in_the_error() -> None:
    context = {
        **example_context("delivery_failed"),
        "error": "550 <ole.hansen@example.dk>: mailbox 0304782678 unknown",
    }
    email = render("delivery_failed", context)
    for part in (email.subject, email.text, email.html):
        assert "ole.hansen" not in part
        assert "0304782678" not in part
    assert "mailbox [skjult] unknown" in email.text


@pytest.mark.parametrize("kind", KINDS)
def test_every_context_key_is_required(kind: str) -> None:
    """StrictUndefined: a key the caller forgot is an error, never a silently empty field."""
    context = example_context(kind)
    for key in context:
        if key == "reference" and kind in NOT_CASE_BOUND:
            continue
        partial = {k: v for k, v in context.items() if k != key}
        with pytest.raises(UndefinedError):
            render(kind, partial)


def test_an_undefined_variable_raises() -> None:
    with pytest.raises(UndefinedError):
        render_email("delivery_failed", {"job_centre": "Jobcenter Ishøj"})


def test_email_kinds_have_danish_descriptions_and_example_contexts() -> None:
    # Every kind has its three templates, and every template belongs to a kind.
    files = {p.name.split(".")[0] for p in TEMPLATES_DIR.iterdir() if not p.name.startswith("_")}
    assert files == set(EMAIL_KINDS)
    for kind in EMAIL_KINDS:
        for suffix in (".subject.txt", ".txt", ".html"):
            assert (TEMPLATES_DIR / f"{kind}{suffix}").is_file()
    for kind, description in EMAIL_KINDS.items():
        assert description and "\n" not in description
        context = example_context(kind)
        assert {"reference", "job_centre", "link"} <= set(context)
        for due in deadlines(context):
            assert due.tzinfo is not None
    with pytest.raises(KeyError):
        example_context("no_such_kind")


def test_a_deadline_at_the_end_of_the_day_shows_the_day_alone() -> None:
    assert danish_deadline(datetime(2026, 4, 7, 23, 59, 59, tzinfo=COPENHAGEN)) == (
        "tirsdag den 7. april 2026"
    )
    assert danish_deadline(datetime(2026, 4, 7, 10, 0, tzinfo=COPENHAGEN)) == (
        "tirsdag den 7. april 2026 kl. 10.00"
    )
    # A UTC moment is shown in Danish (summer) time.
    assert danish_deadline(datetime(2026, 4, 7, 8, 0, tzinfo=UTC)) == (
        "tirsdag den 7. april 2026 kl. 10.00"
    )


def test_redact_caps_the_length_of_a_technical_text() -> None:
    assert len(redact("x" * 1000)) == 300
    assert redact("  two\n lines ") == "two lines"


def body(kind: str, **change: Any) -> str:
    return render(kind, {**example_context(kind), **change}).text


def test_the_weekly_digest_says_so_when_there_is_nothing_to_do() -> None:
    email = render(
        "weekly_digest", {**example_context("weekly_digest"), "due_this_week": [], "overdue": []}
    )
    assert "Ingen overskredne frister." in email.text
    assert "Ingen frister i denne uge." in email.text
    assert "Ingen overskredne frister." in email.html
    assert "ingen frister" in email.subject


def test_the_weekly_digest_links_every_case() -> None:
    context = example_context("weekly_digest")
    email = render("weekly_digest", context)
    for item in context["due_this_week"] + context["overdue"]:
        assert item["reference"] in email.text
        assert f'href="{item["link"]}"' in email.html
    assert "2 frister, 1 overskredet" in email.subject


def test_a_declined_offer_books_the_ordinary_first_talk_before_the_end_of_week_8() -> None:
    assert "8. uge" in body("book_followup", declined=True)
    assert "sagt ja" in body("book_followup", declined=False)


def test_the_employee_notice_says_it_is_no_dismissal_and_may_be_declined() -> None:
    for by_employer in (True, False):
        text = body("employee_notice", requested_by_employer=by_employer)
        assert "ikke et tegn på afskedigelse" in text
        assert "nej tak" in text
        assert "egen læge" in text
        assert "rundbordssamtale" in text
    assert "Din arbejdsplads har bedt" in body("employee_notice", requested_by_employer=True)
    assert "Du har bedt" in body("employee_notice", requested_by_employer=False)


def test_an_action_owned_by_the_consultant_is_addressed_to_them() -> None:
    assert "skal være gjort af dig" in body("action_due", owner_role="konsulenten")
    assert "skal være gjort af lederen" in body("action_due", owner_role="lederen")


def test_the_roundtable_task_prompts_the_specialist_and_the_empowerment_talk() -> None:
    text = body("book_roundtable")
    assert "Inviter en psykolog" in text
    assert "empowerment-samtale" in text
    plain = body("book_roundtable", specialist=None, empowerment_due=None)
    assert "Inviter" not in plain
    assert "empowerment" not in plain
    assert "fysioterapeut med til rundbordssamtalen" in body("case_assigned")
    assert "Tværfagligt" not in body("case_assigned", suggested_specialist=None)


def test_an_escalation_without_a_consultant_asks_for_one() -> None:
    assert "ingen ansvarlig konsulent" in body("overdue_escalation", consultant_name=None)
    assert "Mette Larsen" in body("overdue_escalation")


@pytest.mark.parametrize(
    ("change", "words"),
    [("new", "Du er inviteret"), ("moved", "er flyttet"), ("cancelled", "er aflyst")],
)
def test_a_meeting_invitation_says_whether_it_is_new_moved_or_cancelled(
    change: str, words: str
) -> None:
    email = render(
        "meeting_invitation", {**example_context("meeting_invitation"), "change": change}
    )
    assert words in email.text
    assert words in email.html
    assert "kl. 10.00" in email.subject
    assert "60 minutter" in email.text


def test_a_meeting_without_a_place_says_it_follows() -> None:
    assert "Sted: oplyses senere" in body("meeting_invitation", location=None)


def test_the_absence_alert_has_an_english_paragraph_leading_to_its_english_pages() -> None:
    """The alert comes from the employer's absence file before any request, so no language has
    been chosen: the Danish message carries an English paragraph with English links."""
    context = example_context("absence_alert")
    email = render("absence_alert", context)
    assert "In English" in email.text
    assert '<div lang="en">' in email.html
    for link in ("link", "talk_link", "screening_link", "request_link"):
        assert f"{context[link]}?lang=en" in email.text
        assert f'href="{context[link]}?lang=en"' in email.html
