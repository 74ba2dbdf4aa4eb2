"""Every text the public pages show (issue 15: the start page, the page about Fast track, the
request forms, the receipt, the error pages), in `DA` and `EN` (see `presentation.texts`).
Staff pages stay Danish; the staff's phone form shares the request form and reads it in Danish.

The refusals of a request say the same in English: the Danish sentence is a
`domain.reasons.Reason` that carries its code (pydantic's error type, or an `IntakeRefusal`),
and `field_error` says it again with the English tables below, by the field's path.
"""

from __future__ import annotations

from typing import Any

from fasttrack_core.domain.vocabulary import CAUSE_LABELS, Language

DA: dict[str, str] = {
    "lang.other": "In English",
    "site.title": "Jobcenter",
    "site.tagline": "jobcentrets opfølgning på sygemeldte",
    "site.footer": "Sygedagpengeloven § 7 c–e og § 13 b · Helbredsoplysninger behandles "
    "fortroligt.",
    "nav.label": "Hovedmenu",
    "nav.request": "Anmod om Fast track",
    "nav.leaders": "For ledere",
    "nav.sign_in": "Log ind (jobcenter)",
    "skip": "Gå til indholdet",
    "footer.accessibility": "Tilgængelighedserklæring",
    "accessibility.title": "Tilgængelighedserklæring",
    "accessibility.in_danish": "",
    "start.lead": "Tidlig og målrettet hjælp fra jobcentret, når en medarbejder er sygemeldt og "
    "fraværet forventes at vare mere end 8 uger.",
    "start.employer": "Jeg er leder eller fra personaleafdelingen",
    "start.employer_help": "Anmod om Fast track for en medarbejder (inden for de første 5 uger "
    "af sygefraværet).",
    "start.employee": "Jeg er sygemeldt",
    "start.employee_help": "Anmod selv om Fast track.",
    "start.staff": "Jeg arbejder i jobcentret",
    "start.staff_help": "Log ind og se dine opgaver og sager.",
    "about.title": "Om Fast track",
    "about.lead": "Fast track er en tidlig indsats fra jobcentret for medarbejdere, der er "
    "sygemeldt, når fraværet forventes at vare mere end 8 uger. Målet er, at medarbejderen kommer "
    "godt og hurtigt tilbage til arbejdet.",
    "about.how": "Sådan foregår det",
    "about.step1": "Anmodning.",
    "about.step1_text": "Arbejdspladsen anmoder inden for de første 5 uger af sygefraværet – "
    "eller medarbejderen anmoder selv.",
    "about.step2": "Besked.",
    "about.step2_text": "Jobcentret giver medarbejderen besked samme dag, og lederen får en "
    "kvittering.",
    "about.step3": "Første samtale",
    "about.step3_text": "med en fastholdelseskonsulent senest 2 uger efter anmodningen. "
    "Medarbejderen bliver bedt om at få en vurdering fra egen læge.",
    "about.step4": "Rundbordssamtale",
    "about.step4_text": "med medarbejder, leder og konsulent – og en tillidsrepræsentant eller en "
    "fagperson, hvis det er relevant. Her aftaler I en plan for tilbagevenden: hvad der skal "
    "ændres, hvem der gør hvad, og hvornår.",
    "about.step5": "Opfølgning",
    "about.step5_text": "cirka hver 4. uge, indtil medarbejderen er tilbage.",
    "about.good_to_know": "Godt at vide",
    "about.not_dismissal_before": "Fast track er",
    "about.not_dismissal": "ikke et tegn på afsked",
    "about.not_dismissal_after": ". Det er et tilbud om hjælp til at komme godt tilbage.",
    "about.voluntary": "Det er frivilligt. Siger medarbejderen nej tak, følger jobcentret op på "
    "den almindelige måde.",
    "about.no_health_by_email": "Helbredsoplysninger sendes aldrig med e-mail. Har du spørgsmål "
    "til en sag, så kontakt fastholdelseskonsulenten og oplys sagsnummeret.",
    "form.title": "Anmod om Fast track",
    "form.for_yourself": " – for dig selv",
    "form.what": "Hvad er Fast track?",
    "form.what_text": "Fast track er en hurtig indsats fra jobcentret, når en medarbejder er "
    "sygemeldt, og fraværet forventes at vare mere end 8 uger. Jobcentret holder den første "
    "samtale med medarbejderen senest 2 uger efter anmodningen – i stedet for først efter 8 uger "
    "– og hjælper medarbejder og arbejdsplads med en plan for at vende tilbage.",
    "form.within": "Inden for 5 uger.",
    "form.within_employer": "Arbejdsgiveren skal anmode, inden der er gået 5 uger fra første "
    "sygedag. Tal med medarbejderen, før I anmoder.",
    "form.within_employee": "Du kan selv anmode, inden der er gået 5 uger fra din første sygedag "
    "– også hvis du er ledig eller selvstændig.",
    "form.not_dismissal": "Det er ikke en afsked.",
    "form.not_dismissal_text": "Fast track er et tilbud om hjælp til at komme godt tilbage. Det "
    "er ikke et tegn på, at arbejdspladsen vil afskedige medarbejderen.",
    "form.confidential": "Oplysningerne behandles fortroligt. Jobcentret bruger dem kun til "
    "opfølgningen.",
    "form.not_sent": "Anmodningen er ikke sendt.",
    "form.correct": "Ret det markerede og send igen.",
    "form.optional": "(valgfrit)",
    "form.write_as": "Skriv som {format}.",
    "form.date_format": "dd-mm-åååå, fx 31-03-2026",
    "form.moment_format": "dd-mm-åååå tt:mm, fx 31-03-2026 10:00",
    "form.choose": "Vælg …",
    "form.employee": "Medarbejderen",
    "form.you": "Dig",
    "form.name": "Navn",
    "form.cpr": "CPR-nummer",
    "form.cpr_help": "10 cifre uden bindestreg, fx 0304781234.",
    "form.email": "E-mail",
    "form.email_help": "Uden e-mail sendes beskeder, der har betydning for sagen, som brev.",
    "form.phone": "Telefon",
    "form.municipality": "Bopælskommune",
    "form.municipality_help": "Sagen går til jobcentret i den kommune, hvor medarbejderen bor.",
    "form.language": "Sprog i beskeder til medarbejderen og lederen",
    "form.language_help": "Beskeder til medarbejderen og lederen kan også sendes på engelsk.",
    "form.workplace": "Arbejdspladsen",
    "form.employed": "Er du ansat?",
    "form.employed_help": "Er du ledig eller selvstændig, lader du felterne om arbejdspladsen "
    "stå tomme.",
    "form.employed_yes": "Ja, jeg er ansat",
    "form.unemployed": "Nej, jeg er ledig",
    "form.self_employed": "Nej, jeg er selvstændig",
    "form.cvr": "CVR-nummer",
    "form.cvr_help": "8 cifre.",
    "form.employer": "Arbejdsgiver",
    "form.workplace_name": "Arbejdssted eller afdeling",
    "form.leader_name": "Lederens navn",
    "form.leader_email": "Lederens e-mail",
    "form.hr_name": "Personaleafdelingens kontaktperson",
    "form.hr_email": "Personaleafdelingens e-mail",
    "form.absence": "Sygefraværet",
    "form.first_day": "Første sygedag",
    "form.weekly_hours": "Normal ugentlig arbejdstid i timer",
    "form.weekly_hours_help_employer": "Fx 37 eller 32,5. Bruges, hvis medarbejderen senere vender "
    "delvist tilbage til arbejdet (sygedagpengeloven § 53).",
    "form.weekly_hours_help_employee": "Fx 37 eller 32,5. Bruges, hvis du senere vender delvist "
    "tilbage til arbejdet (sygedagpengeloven § 53).",
    "form.previous_absence": "Tidligere sygefravær",
    "form.previous_absence_help": "Andre sygeperioder inden for de sidste 9 måneder, fx "
    "2026-01-05 til 2026-01-16. Jobcentret bruger dem til at beregne, hvornår retten til "
    "sygedagpenge skal revurderes (sygedagpengeloven § 24).",
    "form.spell_from": "Periode {row}: fra",
    "form.spell_to": "Periode {row}: til",
    "form.over_8_weeks": "Fraværet forventes at vare mere end 8 uger",
    "form.cause": "Årsag, hvis den er kendt",
    "form.cause_help": "Frivilligt. Hjælper jobcentret med at invitere den rette fagperson.",
    "form.cause_none": "Ikke oplyst",
    "form.questions": "De tre spørgsmål",
    "form.question1": "1. Hvilke jobfunktioner er påvirket af sygdommen?",
    "form.question2": "2. Hvor længe har sygdommen påvirket arbejdet?",
    "form.question3": "3. Har arbejdspladsen forsøgt at tilpasse jobbet til medarbejderens "
    "situation?",
    "form.question3_help": "Fx ændrede opgaver, arbejdstider eller hjælpemidler.",
    "form.agrees": "Er medarbejderen enig?",
    "form.agrees_yes": "Ja",
    "form.agrees_no": "Nej",
    "form.agrees_unknown": "Ved ikke endnu",
    "form.agrees_help": "Medarbejderen kan sige nej til Fast track. Så følger jobcentret op som i "
    "et almindeligt sygedagpengeforløb.",
    "form.send": "Send anmodningen",
    **{f"cause.{cause}": label for cause, label in CAUSE_LABELS.items()},
    "received.title": "Anmodningen er modtaget",
    "received.heading": "Tak – anmodningen er modtaget",
    "received.lead": "Jobcentret har modtaget anmodningen. Lederen/personaleafdelingen får en "
    "kvittering med sagens nummer pr. e-mail.",
    "received.next": "Hvad sker der nu?",
    "received.step1": "Jobcentret giver medarbejderen besked i dag og sender en kvittering til "
    "lederen.",
    "received.step2": "En fastholdelseskonsulent ringer til medarbejderen og aftaler den første "
    "samtale, som holdes senest 2 uger efter anmodningen.",
    "received.step3": "Medarbejderen bliver bedt om at få en vurdering fra egen læge.",
    "received.step4": "Derefter mødes medarbejder, leder og konsulent til en rundbordssamtale og "
    "lægger en plan for tilbagevenden til arbejdet.",
    "received.not_dismissal": "Fast track er et tilbud om hurtig hjælp. Det er ikke et tegn på "
    "afsked.",
    "error.title": "Det gik ikke",
    "error.home": "Til forsiden",
    "error.not_found": "Siden findes ikke.",
    "error.not_possible": "Den handling er ikke mulig her.",
    "error.failed": "Der skete en fejl.",
    "error.fault": "Der skete en fejl. Prøv igen senere.",
    "error.form_expired": "Formularen er udløbet eller kom ikke fra denne side. Gå tilbage, "
    "genindlæs siden og prøv igen.",
    "error.too_many": "For mange henvendelser på kort tid. Prøv igen om {minutes} {unit}.",
    "error.minute": "minut",
    "error.minutes": "minutter",
}

EN: dict[str, str] = {
    "lang.other": "På dansk",
    "site.title": "Job centre",
    "site.tagline": "the job centre's follow-up on sick leave",
    "site.footer": "Danish Sickness Benefit Act § 7 c–e and § 13 b · Health information is "
    "treated confidentially.",
    "nav.label": "Main menu",
    "nav.request": "Ask for Fast track",
    "nav.leaders": "For managers",
    "nav.sign_in": "Sign in (job centre staff)",
    "skip": "Skip to the content",
    "footer.accessibility": "Accessibility statement (in Danish)",
    "accessibility.title": "Accessibility statement",
    "accessibility.in_danish": "The accessibility statement is published in Danish; it follows "
    "below. If you need it, or anything on this site, in another form, contact the job centre by "
    'e-mail or phone (under "Feedback og kontaktoplysninger").',
    "start.lead": "Early, targeted help from the job centre when an employee is on sick leave "
    "and the absence is expected to last more than 8 weeks.",
    "start.employer": "I am a manager or work in HR",
    "start.employer_help": "Ask for Fast track for an employee (within the first 5 weeks of the "
    "sick leave).",
    "start.employee": "I am on sick leave",
    "start.employee_help": "Ask for Fast track yourself.",
    "start.staff": "I work at the job centre",
    "start.staff_help": "Sign in to see your tasks and cases.",
    "about.title": "About Fast track",
    "about.lead": "Fast track is early help from the job centre for employees on sick leave when "
    "the absence is expected to last more than 8 weeks. The aim is for the employee to get back "
    "to work well and quickly.",
    "about.how": "How it works",
    "about.step1": "Request.",
    "about.step1_text": "The workplace asks within the first 5 weeks of the sick leave – or the "
    "employee asks.",
    "about.step2": "Notice.",
    "about.step2_text": "The job centre tells the employee the same day, and the manager gets a "
    "receipt.",
    "about.step3": "First talk",
    "about.step3_text": "with a retention consultant no later than 2 weeks after the request. "
    "The employee is asked to get an assessment from their own doctor.",
    "about.step4": "Round-table meeting",
    "about.step4_text": "with the employee, the manager and the consultant – and a union "
    "representative or a specialist where relevant. Together you agree a plan for the return: "
    "what must change, who does what, and when.",
    "about.step5": "Follow-up",
    "about.step5_text": "about every 4 weeks until the employee is back.",
    "about.good_to_know": "Good to know",
    "about.not_dismissal_before": "Fast track is",
    "about.not_dismissal": "not a sign of dismissal",
    "about.not_dismissal_after": ". It is an offer of help to get back well.",
    "about.voluntary": "It is voluntary. If the employee says no, the job centre follows up in "
    "the ordinary way.",
    "about.no_health_by_email": "Health information is never sent by e-mail. If you have "
    "questions about a case, contact the retention consultant and give the case number.",
    "form.title": "Ask for Fast track",
    "form.for_yourself": " – for yourself",
    "form.what": "What is Fast track?",
    "form.what_text": "Fast track is quick help from the job centre when an employee is on sick "
    "leave and the absence is expected to last more than 8 weeks. The job centre holds the first "
    "talk with the employee no later than 2 weeks after the request – instead of after 8 weeks – "
    "and helps the employee and the workplace with a plan for the return.",
    "form.within": "Within 5 weeks.",
    "form.within_employer": "The employer must ask before 5 weeks have passed since the first "
    "day of absence. Talk to the employee before you ask.",
    "form.within_employee": "You can ask yourself before 5 weeks have passed since your first "
    "day of absence – also if you are unemployed or self-employed.",
    "form.not_dismissal": "It is not a dismissal.",
    "form.not_dismissal_text": "Fast track is an offer of help to get back well. It is not a "
    "sign that the workplace wants to dismiss the employee.",
    "form.confidential": "The information is treated confidentially. The job centre uses it "
    "only for the follow-up.",
    "form.not_sent": "The request has not been sent.",
    "form.correct": "Correct what is marked and send it again.",
    "form.optional": "(optional)",
    "form.write_as": "Write it as {format}.",
    "form.date_format": "dd-mm-yyyy, e.g. 31-03-2026",
    "form.moment_format": "dd-mm-yyyy hh:mm, e.g. 31-03-2026 10:00",
    "form.choose": "Choose …",
    "form.employee": "The employee",
    "form.you": "You",
    "form.name": "Name",
    "form.cpr": "CPR number",
    "form.cpr_help": "10 digits without a hyphen, e.g. 0304781234.",
    "form.email": "E-mail",
    "form.email_help": "Without an e-mail address, messages that matter for the case are sent "
    "as letters.",
    "form.phone": "Phone",
    "form.municipality": "Municipality of residence",
    "form.municipality_help": "The case goes to the job centre of the municipality where the "
    "employee lives.",
    "form.language": "Language of the messages to the employee and the manager",
    "form.language_help": "Messages to the employee and the manager can be sent in Danish or "
    "English.",
    "form.workplace": "The workplace",
    "form.employed": "Are you employed?",
    "form.employed_help": "If you are unemployed or self-employed, leave the fields about the "
    "workplace empty.",
    "form.employed_yes": "Yes, I am employed",
    "form.unemployed": "No, I am unemployed",
    "form.self_employed": "No, I am self-employed",
    "form.cvr": "CVR number",
    "form.cvr_help": "8 digits.",
    "form.employer": "Employer",
    "form.workplace_name": "Workplace or department",
    "form.leader_name": "The manager's name",
    "form.leader_email": "The manager's e-mail",
    "form.hr_name": "Contact person in HR",
    "form.hr_email": "HR's e-mail",
    "form.absence": "The sick leave",
    "form.first_day": "First day of absence",
    "form.weekly_hours": "Normal weekly working hours",
    "form.weekly_hours_help_employer": "E.g. 37 or 32.5. Used if the employee later returns to "
    "work part-time (Sickness Benefit Act § 53).",
    "form.weekly_hours_help_employee": "E.g. 37 or 32.5. Used if you later return to work "
    "part-time (Sickness Benefit Act § 53).",
    "form.previous_absence": "Earlier sick leave",
    "form.previous_absence_help": "Other periods of sick leave within the last 9 months, e.g. "
    "2026-01-05 to 2026-01-16. The job centre uses them to work out when the right to sickness "
    "benefit must be reassessed (Sickness Benefit Act § 24).",
    "form.spell_from": "Period {row}: from",
    "form.spell_to": "Period {row}: to",
    "form.over_8_weeks": "The absence is expected to last more than 8 weeks",
    "form.cause": "Cause, if known",
    "form.cause_help": "Optional. Helps the job centre invite the right specialist.",
    "form.cause_none": "Not given",
    "form.questions": "The three questions",
    "form.question1": "1. Which job functions are affected by the illness?",
    "form.question2": "2. For how long has the illness affected the work?",
    "form.question3": "3. Has the workplace tried to adapt the job to the employee's situation?",
    "form.question3_help": "E.g. changed tasks, working hours or aids.",
    "form.agrees": "Does the employee agree?",
    "form.agrees_yes": "Yes",
    "form.agrees_no": "No",
    "form.agrees_unknown": "Do not know yet",
    "form.agrees_help": "The employee can say no to Fast track. The job centre then follows up as "
    "in an ordinary sickness benefit case.",
    "form.send": "Send the request",
    "cause.musculoskeletal": "Pain in muscles and joints",
    "cause.stress": "Stress",
    "cause.mental": "Mental illness (e.g. anxiety, depression)",
    "cause.work_related": "Work-related illness",
    "cause.other": "Other",
    "received.title": "The request has been received",
    "received.heading": "Thank you – the request has been received",
    "received.lead": "The job centre has received the request. The manager/HR gets a receipt "
    "with the case number by e-mail.",
    "received.next": "What happens now?",
    "received.step1": "The job centre tells the employee today and sends a receipt to the manager.",
    "received.step2": "A retention consultant calls the employee and agrees the first talk, which "
    "is held no later than 2 weeks after the request.",
    "received.step3": "The employee is asked to get an assessment from their own doctor.",
    "received.step4": "Then the employee, the manager and the consultant meet at a round-table "
    "meeting and make a plan for the return to work.",
    "received.not_dismissal": "Fast track is an offer of quick help. It is not a sign of "
    "dismissal.",
    "error.title": "That did not work",
    "error.home": "To the front page",
    "error.not_found": "The page does not exist.",
    "error.not_possible": "That action is not possible here.",
    "error.failed": "Something went wrong.",
    "error.fault": "Something went wrong. Please try again later.",
    "error.form_expired": "The form has expired or did not come from this page. Go back, reload "
    "the page and try again.",
    "error.too_many": "Too many requests in a short time. Please try again in {minutes} {unit}.",
    "error.minute": "minute",
    "error.minutes": "minutes",
}

# The request's fields in English, by their JSON path (the Danish: `schemas.FIELD_LABELS`).
EN_FIELD_LABELS: dict[str, str] = {
    "first_absence_day": "The first day of absence",
    "expected_over_8_weeks": "The expectation of more than 8 weeks of absence",
    "employment": "The employment",
    "employee_agrees": "The employee's answer to the offer",
    "employer": "The employer",
    "leader": "The manager",
    "language": "The language",
    "employee.cpr": "The employee's CPR number",
    "employee.name": "The employee's name",
    "employee.email": "The employee's e-mail",
    "employee.residence_municipality": "The employee's municipality of residence",
    "employee.phone": "The employee's phone number",
    "employee.weekly_hours": "The employee's normal weekly working hours",
    "employer.cvr": "The employer's CVR number",
    "employer.name": "The employer's name",
    "employer.workplace": "The workplace",
    "leader.name": "The manager's name",
    "leader.email": "The manager's e-mail",
    "hr_contact.name": "The HR contact's name",
    "hr_contact.email": "HR's e-mail",
    "questions.affected_functions": "Question 1: Which job functions are affected by the illness?",
    "questions.affected_since": "Question 2: For how long has the illness affected the work?",
    "questions.adaptation_tried": "Question 3: Has the workplace tried to adapt the job?",
    "cause_category": "The cause",
    "previous_absence": "Earlier sick leave",
    "previous_absence.#.from": "Earlier sick leave {0}: the first day",
    "previous_absence.#.to": "Earlier sick leave {0}: the last day",
    # Fast track on concern (the leader's form, presentation/texts/leader.py)
    "raised_by": "Who is getting in touch",
    "concern": "The concern",
    "absent_since": "The first day of absence",
    "employee_consents": "The employee's consent",
}

# What is wrong with a field, in English, by the code of its `Reason` (pydantic's error type,
# or the rule's own; the Danish: `schemas._TYPE_MESSAGES` and the validators).
_EN_DATE = "must be a date written as dd-mm-yyyy, e.g. 31-03-2026"
EN_FIELD_ERRORS: dict[str, str] = {
    "missing": "is missing",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
    "string_type": "must be text",
    "bool_type": "must be yes or no",
    "bool_parsing": "must be yes or no",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_parsing": "must be a number",
    "date_from_datetime_parsing": _EN_DATE,
    "date_parsing": _EN_DATE,
    "date_type": _EN_DATE,
    "datetime_parsing": "must be a time with a time zone",
    "datetime_from_date_parsing": "must be a time with a time zone",
    "datetime_type": "must be a time with a time zone",
    "timezone_aware": "must have a time zone",
    "extra_forbidden": "is not a known field",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "json_invalid": "is not valid JSON",
    "list_type": "must be a list",
    "too_short": "must have at least one entry",
    "too_long": "has too many entries",
    "string_pattern_mismatch": "may contain only digits, spaces, +, - and brackets",
    "greater_than": "is too small",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "enum": "must be one of: {expected}",
    "email": "is not a valid e-mail address",
    "cpr": "must be 10 digits, the first 6 a valid date of birth (DDMMYY)",
    "cvr": "must be a valid CVR number of 8 digits",
    "municipality": "is not a known municipality code",
    "day_range": "must lie between 1900-01-01 and 2100-12-31",
    "control_characters": "must not contain control characters",
    "to": "must be on or after the first day",
    "previous_absence": "must end before the first day of absence",
    "employment": "must be employed when the employer asks",
    "employer": "is missing (an employee has an employer)",
    "leader": "is missing (an employee has a manager)",
    "employee.cpr": "gives a date of birth after the request (DDMMYY and the 7th digit)",
    "consent": "is missing: the job centre contacts the employee only with their consent",
    "after": "cannot be after the enquiry",
}

# The time rules' refusals in English, by `domain.intake.IntakeRefusal` (and the intake's own).
EN_REFUSALS: dict[str, str] = {
    "requested_in_future": "The date of the request lies in the future.",
    "absence_after_request": "The first day of absence lies after the date of the request.",
    "employer_late": "The employer must ask for Fast track before {window} weeks have passed "
    "since the first day of absence ({weeks} weeks and {days} days had passed).",
    "employee_late": "The employee must ask for Fast track before {window} weeks have passed "
    "since the first day of absence ({weeks} weeks and {days} days had passed). The job centre "
    "follows up on the sick leave in the ordinary way.",
    "not_over_8_weeks": "Fast track requires that the absence is expected to last more than "
    "{weeks} weeks.",
    "day_format": "Write the date as dd-mm-yyyy, e.g. 31-03-2026.",
    "self_request_declined": "The employee asked for Fast track and cannot decline it in the "
    "same request.",
    "municipality_not_served": "The employee lives in {municipality} Municipality, which does not "
    "use this service. Please send the request to Jobcenter {municipality}.",
}


def field_error(language: Language, path: str, danish: str) -> str:
    """What is wrong with the field at `path`, in the language: the Danish reason itself, or
    said again in English from its code (a reason without a known code stays Danish)."""
    code = getattr(danish, "code", None)
    values: dict[str, Any] = getattr(danish, "values", {})
    if language is Language.DA or code is None:
        return danish
    if code in EN_REFUSALS:
        return EN_REFUSALS[code].format(**values)
    parts = path.split(".")
    label = EN_FIELD_LABELS.get(".".join("#" if part.isdigit() else part for part in parts))
    if label is None or code not in EN_FIELD_ERRORS:
        return danish
    rows = (int(part) + 1 for part in parts if part.isdigit())
    return f"{label.format(*rows)} {EN_FIELD_ERRORS[code].format(**values)}."
