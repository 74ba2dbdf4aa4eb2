"""Every text the citizen's own pages show (issue 15: the employee's link and case page, the
workplace's roundtable booking page), in `DA` and `EN` (see `presentation.texts`), and why a
citizen's request changed nothing (`Problem`, each with a text)."""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    """Why the citizen's request changed nothing (each has a text per language)."""

    NOT_RECOGNISED = "not_recognised"  # unknown, expired or revoked link, or wrong birth date
    LOCKED = "locked"
    SESSION_ENDED = "session_ended"
    NOT_ALLOWED = "not_allowed"
    ANSWER_CLOSED = "answer_closed"
    ALREADY_ANSWERED = "already_answered"
    DOCTOR_ALREADY = "doctor_already"
    DOCTOR_CLOSED = "doctor_closed"
    NO_TIME_CHOSEN = "no_time_chosen"
    SLOT_TAKEN = "slot_taken"
    AFTER_DEADLINE = "after_deadline"
    TOO_LATE_TO_CHANGE = "too_late_to_change"
    NOT_BOOKABLE = "not_bookable"
    NOTHING_TO_CANCEL = "nothing_to_cancel"


DA: dict[str, str] = {
    "lang.name": "Dansk",
    "lang.other": "In English",
    "site.title": "Din sag om Fast track",
    "site.footer": "Jobcentret behandler dine oplysninger fortroligt. Sygedagpengeloven § 7 c–e "
    "og § 13 b.",
    "site.skip": "Gå til indholdet",
    "site.accessibility": "Tilgængelighedserklæring",
    "verify.heading": "Bekræft, at det er dig",
    "verify.intro": "Du har fået et personligt link fra jobcentret. Før vi viser noget, skal du "
    "skrive din fødselsdato.",
    "verify.label": "Din fødselsdato",
    "verify.hint": "Skriv datoen som dd-mm-åååå, fx 03-04-1978.",
    "verify.button": "Fortsæt",
    "verify.privacy": "Linket er kun til dig. Del det ikke med andre.",
    "employer.verify.heading": "Bekræft arbejdspladsen",
    "employer.verify.intro": "Jobcentret har sendt jer et link til at booke rundbordssamtalen. "
    "Før vi viser noget, skal du skrive arbejdsgiverens CVR-nummer.",
    "employer.verify.label": "Arbejdsgiverens CVR-nummer",
    "employer.verify.hint": "8 cifre, fx 12345674.",
    "employer.verify.privacy": "Linket er kun til arbejdspladsens leder og personaleafdeling.",
    "employer.not_recognised": "Vi kunne ikke genkende linket eller CVR-nummeret. Tjek nummeret "
    "og prøv igen. Virker det stadig ikke, er linket måske udløbet: kontakt jobcentret.",
    "employer.heading": "Rundbordssamtale i sag {reference}",
    "employer.site": "Fast track for arbejdspladsen",
    "employer.roundtable": "Book rundbordssamtalen",
    "employer.consultant": "Fastholdelseskonsulent",
    "employer.intro": "Book rundbordssamtalen med medarbejderen, lederen og "
    "fastholdelseskonsulenten i en af konsulentens ledige tider. Alle får en invitation på e-mail.",
    "roundtable.due": "Mødet skal holdes senest {due}.",
    "roundtable.booked": "Rundbordssamtalen med {consultant} er {when} ({minutes} minutter).",
    "roundtable.none": "Rundbordssamtalen kan ikke bookes her. Kontakt fastholdelseskonsulenten.",
    "problem.not_recognised": "Vi kunne ikke genkende linket eller fødselsdatoen. Tjek datoen og "
    "prøv igen. Virker det stadig ikke, er linket måske udløbet: kontakt jobcentret.",
    "problem.locked": "For mange forsøg. Af sikkerhedshensyn kan du prøve igen om {minutes} "
    "minutter.",
    "problem.session_ended": "Din adgang er udløbet. Åbn linket i e-mailen fra jobcentret igen.",
    "problem.not_allowed": "Det kan du ikke gøre her. Kontakt din konsulent.",
    "problem.answer_closed": "Fristen for at svare var {due}. Kontakt din konsulent, hvis du vil "
    "svare nu.",
    "problem.already_answered": "Du har allerede svaret. Dit svar er ikke ændret. Kontakt din "
    "konsulent, hvis du har fortrudt.",
    "problem.doctor_already": "Der er allerede bedt om en lægeattest. Intet er ændret.",
    "problem.doctor_closed": "Den første samtale er holdt; tal med din konsulent om en lægeattest.",
    "problem.no_time_chosen": "Vælg en af de ledige tider.",
    "problem.slot_taken": "Den tid er ikke længere ledig. Vælg en anden tid.",
    "problem.after_deadline": "Tiden ligger efter fristen for samtalen ({due}). Vælg en tid før.",
    "problem.too_late_to_change": "Samtalen kan ikke flyttes eller aflyses senere end {hours} "
    "timer før. Kontakt din konsulent.",
    "problem.not_bookable": "Den første samtale kan ikke bookes her længere. Kontakt din "
    "konsulent.",
    "problem.nothing_to_cancel": "Der er ingen booket samtale at aflyse.",
    "case.heading": "Din sag {reference}",
    "case.centre": "Jobcenter",
    "case.consultant": "Din konsulent",
    "case.sign_out": "Log ud",
    "case.signed_out": "Du er logget ud. Luk vinduet, hvis du bruger en fælles computer.",
    "answer.heading": "Vil du tage imod Fast track?",
    "answer.due": "Svar senest {due}.",
    "answer.accept": "Ja tak, jeg vil gerne",
    "answer.decline": "Nej tak",
    "answer.decline_note": "Siger du nej tak, følger jobcentret op på din sygemelding på den "
    "almindelige måde.",
    "answer.accepted": "Du har sagt ja tak til Fast track.",
    "answer.declined": "Du har sagt nej tak til Fast track.",
    "answer.closed": "Fristen for at svare var {due}. Kontakt din konsulent, hvis du vil svare.",
    "doctor.heading": "Lægeattest",
    "doctor.intro": "Du kan bede om, at jobcentret indhenter en lægeattest fra din egen læge "
    "(sygedagpengeloven § 11 c). Ønsker du ikke en, skal du ikke gøre noget.",
    "doctor.button": "Ja, jeg ønsker en lægeattest",
    "doctor.asked": "Der er bedt om en lægeattest. Den skal foreligge senest {due}.",
    "doctor.received": "Lægeattesten er modtaget.",
    "talk.heading": "Første samtale",
    "talk.due": "Samtalen skal holdes senest {due}.",
    "talk.booked": "Din samtale med {consultant} er {when} ({minutes} minutter).",
    "talk.choose": "Vælg en ledig tid",
    "talk.book": "Book tiden",
    "talk.move": "Flyt til den valgte tid",
    "talk.cancel": "Aflys samtalen",
    "talk.change_until": "Du kan flytte eller aflyse samtalen indtil {hours} timer før.",
    "talk.no_times": "Der er ingen ledige tider før fristen. Din konsulent kontakter dig.",
    "talk.held": "Den første samtale er holdt.",
    "talk.later": "Din konsulent aftaler tiden med dig.",
    "timeline.heading": "Det er sket",
    "next.heading": "Det sker nu",
    "next.by": "senest {due}",
    "next.none": "Der er ikke noget, du skal nå lige nu.",
    "step.acceptance": "Dit svar på tilbuddet om Fast track",
    "step.doctor_statement": "Lægeattest",
    "step.first_followup": "Første samtale",
    "step.roundtable": "Rundbordssamtale med dig, din arbejdsplads og jobcentret",
    "step.review": "Opfølgning",
    "event.requested": "Anmodningen om Fast track blev modtaget",
    "event.accepted": "Ja tak til Fast track",
    "event.declined": "Nej tak til Fast track",
    "event.doctor_statement_requested": "Der blev bedt om en lægeattest",
    "event.doctor_statement_received": "Lægeattesten blev modtaget",
    "event.followup_booked": "Første samtale booket: {when}",
    "event.followup_moved": "Første samtale flyttet til {when}",
    "event.followup_cancelled": "Første samtale aflyst",
    "event.followup_held": "Første samtale holdt",
    "event.roundtable_booked": "Rundbordssamtale booket: {when}",
    "event.roundtable_moved": "Rundbordssamtale flyttet til {when}",
    "event.roundtable_cancelled": "Rundbordssamtale aflyst",
    "event.roundtable_held": "Rundbordssamtale holdt",
    "event.review_held": "Opfølgning holdt",
    "event.closed": "Sagen blev afsluttet",
    "event.by_you": "dig",
    "event.by_centre": "jobcentret",
    "event.by_workplace": "din arbejdsplads",
    "flash.accepted": "Tak. Dit ja til Fast track er registreret.",
    "flash.declined": "Dit nej tak til Fast track er registreret.",
    "flash.doctor": "Dit ønske om en lægeattest er registreret. Din konsulent beder din læge om "
    "den.",
    "flash.booked": "Din samtale er booket. Du får en invitation på e-mail.",
    "flash.moved": "Din samtale er flyttet. Du får en ny invitation på e-mail.",
    "flash.cancelled": "Din samtale er aflyst. Du får besked på e-mail.",
    "table.when": "Hvornår",
    "table.what": "Hvad",
    "table.by": "Af",
}

EN: dict[str, str] = {
    "lang.name": "English",
    "lang.other": "På dansk",
    "site.title": "Your Fast track case",
    "site.footer": "The job centre treats your information confidentially. Danish Sickness "
    "Benefit Act § 7 c–e and § 13 b.",
    "site.skip": "Skip to content",
    "site.accessibility": "Accessibility statement (in Danish)",
    "verify.heading": "Confirm that it is you",
    "verify.intro": "The job centre has sent you a personal link. Before we show anything, "
    "please enter your date of birth.",
    "verify.label": "Your date of birth",
    "verify.hint": "Write the date as dd-mm-yyyy, e.g. 03-04-1978.",
    "verify.button": "Continue",
    "verify.privacy": "The link is for you alone. Do not share it.",
    "employer.verify.heading": "Confirm the workplace",
    "employer.verify.intro": "The job centre has sent you a link to book the round-table meeting. "
    "Before we show anything, please enter the employer's CVR number.",
    "employer.verify.label": "The employer's CVR number",
    "employer.verify.hint": "8 digits, e.g. 12345674.",
    "employer.verify.privacy": "The link is for the workplace's manager and HR alone.",
    "employer.not_recognised": "We could not recognise the link or the CVR number. Check the "
    "number and try again. If it still does not work, the link may have expired: contact the job "
    "centre.",
    "employer.heading": "Round-table meeting in case {reference}",
    "employer.site": "Fast track for the workplace",
    "employer.roundtable": "Book the round-table meeting",
    "employer.consultant": "Retention consultant",
    "employer.intro": "Book the round-table meeting with the employee, the manager and the "
    "consultant in one of the consultant's free times. Everyone gets an invitation by e-mail.",
    "roundtable.due": "The meeting must be held by {due}.",
    "roundtable.booked": "The round-table meeting with {consultant} is on {when} ({minutes} "
    "minutes).",
    "roundtable.none": "The round-table meeting cannot be booked here. Please contact the "
    "consultant.",
    "problem.not_recognised": "We could not recognise the link or the date of birth. Check the "
    "date and try again. If it still does not work, the link may have expired: contact the job "
    "centre.",
    "problem.locked": "Too many attempts. For your security, please try again in {minutes} "
    "minutes.",
    "problem.session_ended": "Your access has ended. Open the link in the job centre's e-mail "
    "again.",
    "problem.not_allowed": "That cannot be done here. Please contact your consultant.",
    "problem.answer_closed": "The deadline for answering was {due}. Contact your consultant if "
    "you want to answer now.",
    "problem.already_answered": "You have already answered. Your answer is unchanged. Contact "
    "your consultant if you have changed your mind.",
    "problem.doctor_already": "A doctor's statement has already been asked for. Nothing was "
    "changed.",
    "problem.doctor_closed": "The first talk has been held; talk to your consultant about a "
    "doctor's statement.",
    "problem.no_time_chosen": "Please choose one of the free times.",
    "problem.slot_taken": "That time is no longer free. Please choose another time.",
    "problem.after_deadline": "That time is after the deadline for the talk ({due}). Please "
    "choose an earlier time.",
    "problem.too_late_to_change": "The talk cannot be moved or cancelled later than {hours} hours "
    "before. Please contact your consultant.",
    "problem.not_bookable": "The first talk can no longer be booked here. Please contact your "
    "consultant.",
    "problem.nothing_to_cancel": "There is no booked talk to cancel.",
    "case.heading": "Your case {reference}",
    "case.centre": "Job centre",
    "case.consultant": "Your consultant",
    "case.sign_out": "Sign out",
    "case.signed_out": "You are signed out. Close the window if you use a shared computer.",
    "answer.heading": "Do you want to take up Fast track?",
    "answer.due": "Please answer by {due}.",
    "answer.accept": "Yes, please",
    "answer.decline": "No, thank you",
    "answer.decline_note": "If you say no, the job centre follows up on your sick leave in the "
    "ordinary way.",
    "answer.accepted": "You have said yes to Fast track.",
    "answer.declined": "You have said no to Fast track.",
    "answer.closed": "The deadline for answering was {due}. Contact your consultant if you want "
    "to answer.",
    "doctor.heading": "Doctor's statement",
    "doctor.intro": "You may ask the job centre to obtain a statement from your own doctor "
    "(Sickness Benefit Act § 11 c). If you do not want one, you need not do anything.",
    "doctor.button": "Yes, I want a doctor's statement",
    "doctor.asked": "A doctor's statement has been asked for. It is due by {due}.",
    "doctor.received": "The doctor's statement has been received.",
    "talk.heading": "First talk",
    "talk.due": "The talk must be held by {due}.",
    "talk.booked": "Your talk with {consultant} is on {when} ({minutes} minutes).",
    "talk.choose": "Choose a free time",
    "talk.book": "Book this time",
    "talk.move": "Move to the chosen time",
    "talk.cancel": "Cancel the talk",
    "talk.change_until": "You can move or cancel the talk until {hours} hours before.",
    "talk.no_times": "There are no free times before the deadline. Your consultant will contact "
    "you.",
    "talk.held": "The first talk has been held.",
    "talk.later": "Your consultant will agree the time with you.",
    "timeline.heading": "What has happened",
    "next.heading": "What happens next",
    "next.by": "by {due}",
    "next.none": "There is nothing you need to do right now.",
    "step.acceptance": "Your answer to the offer of Fast track",
    "step.doctor_statement": "Doctor's statement",
    "step.first_followup": "First talk",
    "step.roundtable": "Round-table meeting with you, your workplace and the job centre",
    "step.review": "Follow-up",
    "event.requested": "The request for Fast track was received",
    "event.accepted": "Yes to Fast track",
    "event.declined": "No to Fast track",
    "event.doctor_statement_requested": "A doctor's statement was asked for",
    "event.doctor_statement_received": "The doctor's statement was received",
    "event.followup_booked": "First talk booked: {when}",
    "event.followup_moved": "First talk moved to {when}",
    "event.followup_cancelled": "First talk cancelled",
    "event.followup_held": "First talk held",
    "event.roundtable_booked": "Round-table meeting booked: {when}",
    "event.roundtable_moved": "Round-table meeting moved to {when}",
    "event.roundtable_cancelled": "Round-table meeting cancelled",
    "event.roundtable_held": "Round-table meeting held",
    "event.review_held": "Follow-up held",
    "event.closed": "The case was closed",
    "event.by_you": "you",
    "event.by_centre": "the job centre",
    "event.by_workplace": "your workplace",
    "flash.accepted": "Thank you. Your yes to Fast track has been recorded.",
    "flash.declined": "Your no to Fast track has been recorded.",
    "flash.doctor": "Your wish for a doctor's statement has been recorded. Your consultant will "
    "ask your doctor for it.",
    "flash.booked": "Your talk is booked. You will receive an invitation by e-mail.",
    "flash.moved": "Your talk has been moved. You will receive a new invitation by e-mail.",
    "flash.cancelled": "Your talk has been cancelled. You will be told by e-mail.",
    "table.when": "When",
    "table.what": "What",
    "table.by": "By",
}
