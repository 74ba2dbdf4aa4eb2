"""Every text of the leader's pages (issue 16: the tools, the talk guide and its PDF record,
the screening, Fast track on concern, the information page, the absence alert's answer), in
`DA` and `EN` (see `presentation.texts`): written one dictionary per page below, keyed
`page.key` in the tables (a page reads its own with `texts.section`). The screening's questions
and the plan's measures are Danish in the domain; their English is here, by id."""

from __future__ import annotations

from collections.abc import Mapping

from fasttrack_core.domain.absence_rules import AlertAnswer, AlertRule
from fasttrack_core.domain.concern import ConcernSource
from fasttrack_core.domain.policy import AssignmentRule, RoundtableAnchor
from fasttrack_core.domain.screening import INDICATORS, Suggestion
from fasttrack_core.domain.vocabulary import MEASURE_LABELS, Measure

Texts = dict[str, str]

COMMON: Texts = {
    "leader_home": "For ledere",
    "nothing_stored": "Jobcentret gemmer intet af det, du skriver her, før du selv sender en "
    "anmodning.",
    "print": "Udskriv siden",
    "errors_title": "Ret det markerede og prøv igen.",
    "optional": "(valgfrit)",
}

INDEX: Texts = {
    "title": "For ledere: fravær, trivsel og Fast track",
    "lead": "Værktøjer til lederen, når en medarbejder er syg – eller når du er bekymret for, at "
    "det kan ende med en sygemelding. Intet af det kræver log-ind.",
    "talk": "Sygefraværssamtalen",
    "talk_text": "En guide til samtalen, du skal holde senest 4 uger efter første sygedag, og et "
    "referat (PDF) til jer selv.",
    "screening": "Risiko for langt fravær",
    "screening_text": "Et par spørgsmål, der giver et forslag: Fast track, tidlig indsats eller "
    "ikke noget endnu – og hvorfor.",
    "request": "Anmod om Fast track",
    "request_text": "Inden for de første 5 uger af sygefraværet.",
    "concern": "Fast track ved bekymring",
    "concern_text": "Før eller ved starten af et fravær, når du, medarbejderen eller lægen er "
    "bekymret.",
    "info": "Sådan arbejder jobcentret",
    "info_text": "Fast track, jobcentrets forløb (hvem gør hvad hvornår) og hvad vi kan tilbyde.",
}

TALK: Texts = {
    "title": "Sygefraværssamtalen",
    "lead": "Som arbejdsgiver skal du holde en personlig samtale med en sygemeldt medarbejder "
    "senest 4 uger efter første sygedag (sygedagpengeloven § 7 a). Samtalen kan være i telefonen. "
    "Formålet er at finde ud af, hvordan og hvornår medarbejderen kan vende tilbage.",
    "how": "Brug spørgsmålene som en guide. Tal om arbejdet, ikke om diagnosen: du må ikke spørge "
    "til sygdommen, men gerne til, hvad medarbejderen kan og ikke kan.",
    "about": "Om samtalen",
    "employee_name": "Medarbejderens navn",
    "first_absence_day": "Første sygedag",
    "talk_day": "Samtalens dato",
    "talk_day_help": "Senest 4 uger efter første sygedag.",
    "work": "Arbejdet",
    "affected_functions": "Hvilke opgaver kan medarbejderen ikke udføre lige nu?",
    "affected_since": "Hvor længe har situationen påvirket arbejdet?",
    "adaptation_tried": "Hvad har I prøvet, eller hvad kan I prøve, for at tilpasse arbejdet?",
    "adaptation_help": "Fx andre opgaver, færre timer, hjælpemidler eller hjælp fra kolleger.",
    "return": "Tilbagevenden",
    "expected_return": "Hvornår forventer medarbejderen at kunne vende tilbage, helt eller "
    "delvist?",
    "over_8_weeks": "Forventes fraværet at vare mere end 8 uger?",
    "yes": "Ja",
    "no": "Nej",
    "unknown": "Ved ikke",
    "agreements": "Hvad har I aftalt?",
    "agreements_help": "Hvem gør hvad, og hvornår taler I sammen igen?",
    "next_contact": "Næste kontakt",
    "make_pdf": "Hent referatet (PDF)",
    "to_request": "Brug svarene i en anmodning om Fast track",
    "to_request_help": "Svarene om arbejdet bliver til de tre spørgsmål i anmodningen. Intet "
    "gemmes, før du sender anmodningen.",
    "late": "Samtalen ligger mere end 4 uger efter første sygedag (sidste dag var {due}). Hold den "
    "så hurtigt som muligt.",
    "record_title": "Referat af sygefraværssamtale",
    "record_note": "Referatet er til arbejdspladsen og medarbejderen. Jobcentret har ikke fået "
    "en kopi.",
    "not_given": "Ikke udfyldt",
    "pdf_name": "sygefravaerssamtale.pdf",
    "error_date": "Skriv datoen som dd-mm-åååå, fx 31-03-2026.",
    "error_range": "Datoen skal ligge mellem 2000 og 2100.",
    "error_long": "Højst {limit} tegn.",
    "error_choice": "Vælg ja, nej eller ved ikke.",
    "error_before": "Samtalen kan ikke ligge før første sygedag.",
}

SCREENING: Texts = {
    "title": "Risiko for langt fravær",
    "lead": "Svar ja til det, der passer. Du får et forslag til, hvad du kan gøre, og hvorfor. "
    "Det er et udgangspunkt for en samtale med medarbejderen, ikke en vurdering af helbredet.",
    "job_centre": "Jobcenter",
    "job_centre_help": "Vælg det jobcenter, I samarbejder med; det bruger sine egne spørgsmål.",
    "any_centre": "Alle jobcentre (standard)",
    "questions": "Spørgsmål",
    "submit": "Se forslaget",
    "result": "Forslag",
    "why": "Hvorfor",
    "no_reasons": "Du har ikke svaret ja til noget af det, der peger på risiko for langt fravær.",
    "score": "Point: {score} (tidlig indsats fra {early}, Fast track fra {fast})",
    Suggestion.FAST_TRACK: "Overvej Fast track",
    Suggestion.FAST_TRACK + "_text": "Flere tegn peger på risiko for langt fravær. Tal med "
    "medarbejderen om Fast track: jobcentret holder første samtale senest 2 uger efter "
    "anmodningen. Er medarbejderen ikke sygemeldt endnu, kan I bruge Fast track ved bekymring.",
    Suggestion.EARLY_INTERVENTION: "Overvej en tidlig indsats",
    Suggestion.EARLY_INTERVENTION + "_text": "Der er tegn, som er værd at tage alvorligt. Tal "
    "med medarbejderen om, hvad der kan hjælpe nu: tilpassede opgaver, færre timer, støtte fra "
    "kolleger. Jobcentrets fastholdelseskonsulent kan rådgive.",
    Suggestion.NOTHING_YET: "Ikke noget endnu",
    Suggestion.NOTHING_YET + "_text": "Der er ikke tegn på risiko for langt fravær lige nu. Hold "
    "kontakten, og se på det igen, hvis fraværet trækker ud.",
    "next": "Næste skridt",
    "talk_link": "Hold sygefraværssamtalen",
    "request_link": "Anmod om Fast track",
    "concern_link": "Fast track ved bekymring",
}

CONCERN: Texts = {
    "title": "Fast track ved bekymring",
    "lead": "Du kan bede jobcentret om hjælp, før en medarbejder bliver sygemeldt, eller i de "
    "første dage af et fravær, når du er bekymret for, at det kan blive langvarigt. Som leder, som "
    "medarbejder selv, eller som læge med medarbejderens samtykke.",
    "steps": "Jobcentret kontakter medarbejderen senest {contact} arbejdsdage efter henvendelsen, "
    "holder en samtale senest {talk} og aftaler en indsats senest {effort}. Bliver medarbejderen "
    "sygemeldt, kan sagen blive til Fast track uden at I skal udfylde noget igen.",
    "who": "Hvem henvender sig?",
    "employee": "Medarbejderen",
    "name": "Navn",
    "cpr": "CPR-nummer",
    "cpr_help": "10 cifre uden bindestreg.",
    "email": "E-mail",
    "phone": "Telefon",
    "municipality": "Bopælskommune",
    "workplace_legend": "Arbejdspladsen",
    "cvr": "CVR-nummer",
    "employer_name": "Arbejdsgiver",
    "workplace": "Arbejdssted eller afdeling",
    "leader_name": "Lederens navn",
    "leader_email": "Lederens e-mail",
    "concern_legend": "Bekymringen",
    "concern": "Hvad er du bekymret for?",
    "concern_help": "Beskriv situationen på arbejdet. Skriv ikke en diagnose.",
    "absent_since": "Første sygedag, hvis medarbejderen allerede er sygemeldt",
    "consent": "Medarbejderen kender til henvendelsen og siger ja til, at jobcentret kontakter "
    "hende eller ham",
    "submit": "Send henvendelsen",
    "received_title": "Tak – henvendelsen er modtaget",
    "received": "Jobcentret kontakter medarbejderen inden for få arbejdsdage. Har du spørgsmål, "
    "så kontakt jobcentrets fastholdelseskonsulenter.",
    ConcernSource.LEADER: "Jeg er leder",
    ConcernSource.EMPLOYEE: "Jeg er medarbejderen",
    ConcernSource.DOCTOR: "Jeg er medarbejderens læge",
}

INFO: Texts = {
    "title": "Sådan arbejder jobcentret med Fast track",
    "lead": "Til ledere og medarbejdere: hvad Fast track er, hvem der gør hvad hvornår, og hvad "
    "jobcentret kan tilbyde.",
    "choose": "Vis forløbet for",
    "choose_help": "Hvert jobcenter har sine egne frister inden for lovens rammer.",
    "show": "Vis",
    "what": "Hvad er Fast track?",
    "what_text": "Fast track er en tidlig indsats fra jobcentret, når en medarbejder er sygemeldt, "
    "og fraværet forventes at vare mere end 8 uger. Arbejdsgiveren eller medarbejderen anmoder "
    "inden for de første 5 uger af fraværet (sygedagpengeloven § 7 c). Det er frivilligt for "
    "medarbejderen, og det er ikke et tegn på afsked.",
    "process": "Hvem gør hvad hvornår",
    "when": "Hvornår",
    "who": "Hvem",
    "what_happens": "Hvad sker der",
    "offer": "Hvad jobcentret kan tilbyde",
    "before": "Før en sygemelding",
    "alert_when": "Efter {days} dages fravær i træk, eller {spells} fravær inden for {months} "
    "måneder",
    "alert_who": "Jobcentret",
    "alert_what": "sender lederen en fraværsalarm; lederen svarer inden for {answer} arbejdsdage",
    "talk_when": "Senest 4 uger efter første sygedag",
    "talk_who": "Lederen",
    "talk_what": "holder sygefraværssamtalen med medarbejderen (§ 7 a)",
    "request_when": "Inden for de første 5 uger af fraværet",
    "request_who": "Lederen eller medarbejderen",
    "request_what": "anmoder om Fast track",
    "notice_when": "Samme dag",
    "notice_who": "Jobcentret",
    "notice_what": "giver medarbejderen besked og sender lederen en kvittering",
    "answer_when": "Inden for {span} efter beskeden",
    "answer_who": "Medarbejderen",
    "answer_what": "siger ja eller nej tak til Fast track",
    "first_when": "Senest {span} efter anmodningen",
    "first_who": "Fastholdelseskonsulenten og medarbejderen",
    "first_what": "holder første opfølgningssamtale",
    "roundtable_when": "Senest {span} {anchor}",
    "roundtable_who": "Medarbejderen, lederen og konsulenten",
    "roundtable_what": "holder rundbordssamtalen og aftaler en plan: hvem gør hvad hvornår",
    RoundtableAnchor.FIRST_FOLLOWUP: "efter første samtale",
    RoundtableAnchor.REQUEST: "efter anmodningen",
    RoundtableAnchor.FIRST_ABSENCE_DAY: "efter første sygedag",
    "review_when": "Hver {span}",
    "review_who": "Konsulenten",
    "review_what": "følger op på planen, til medarbejderen er tilbage",
    "offer_consultant": "En fast fastholdelseskonsulent, der følger forløbet fra første samtale "
    "til tilbagevenden.",
    "offer_plan": "En plan for tilbagevenden med fx: {measures}.",
    AssignmentRule.FIXED_WORKPLACE: "Store arbejdspladser har deres egen faste konsulent i "
    "jobcentret.",
    AssignmentRule.DUTY_ROTATION: "En fastholdelsestelefon: dagens vagt tager imod og følger "
    "sagen til ende.",
    "offer_specialist": "Fagpersoner (fx psykolog eller fysioterapeut) ved rundbordssamtalen.",
    "offer_empowerment": "En individuel samtale med medarbejderen før rundbordssamtalen.",
    "offer_concern": "Fast track ved bekymring: hjælp før en sygemelding, eller i de første "
    "dage af den.",
}

# A span of a policy's deadline, by its unit (as `Offset.describe` writes it in Danish).
UNITS: Texts = {
    "hours": "{n} timer",
    "working_hours": "{n} arbejdstimer",
    "calendar_days": "{n} dage",
    "bank_days": "{n} bankdage",
    "weeks": "{n} uger",
}

MEASURES: Texts = {measure.value: label for measure, label in MEASURE_LABELS.items()}

INDICATOR_TEXTS: Texts = {
    **{f"{indicator.id}.question": indicator.question for indicator in INDICATORS},
    **{f"{indicator.id}.why": indicator.why for indicator in INDICATORS},
}

ALERT: Texts = {
    "title": "Fraværsalarm",
    "lead": "Jobcentret har fået fraværsregistreringer fra jer, og en medarbejder har nået "
    "grænsen for en fraværsalarm. Giv os besked om, hvad I gør.",
    "reference": "Alarm",
    "employee_ref": "Jeres medarbejdernummer",
    "workplace": "Arbejdssted",
    "rule": "Hvorfor",
    "raised": "Sendt",
    "due": "Svar senest",
    AlertRule.CONSECUTIVE_DAYS: "{days} dages fravær i træk",
    AlertRule.REPEATED_SPELLS: "{spells} fraværsperioder inden for {months} måneder",
    "answer_legend": "Hvad gør I?",
    AlertAnswer.REQUEST_SENT: "Vi har sendt (eller sender i dag) en anmodning om Fast track",
    AlertAnswer.NOT_RELEVANT: "Alarmen er ikke relevant",
    AlertAnswer.ALREADY_HANDLED: "Det er allerede håndteret (fx en aftale om tidlig indsats)",
    "submit": "Send svaret",
    "answered": "Tak. Jeres svar er registreret: {answer}.",
    "help": "Usikker? Brug screeningen eller hold sygefraværssamtalen først.",
    "screening_link": "Vurdér risikoen for langt fravær",
    "talk_link": "Sygefraværssamtalen",
    "request_link": "Anmod om Fast track",
}


EN_COMMON: Texts = {
    "leader_home": "For managers",
    "nothing_stored": "The job centre keeps nothing of what you write here until you send a "
    "request yourself.",
    "print": "Print the page",
    "errors_title": "Correct what is marked and try again.",
    "optional": "(optional)",
}

EN_INDEX: Texts = {
    "title": "For managers: absence, well-being and Fast track",
    "lead": "Tools for the manager when an employee is ill – or when you are worried that it may "
    "end in sick leave. None of them needs a sign-in.",
    "talk": "The sickness absence talk",
    "talk_text": "A guide to the talk you must hold no later than 4 weeks after the first day of "
    "absence, and a record (PDF) for yourselves.",
    "screening": "Risk of long absence",
    "screening_text": "A few questions that give a suggestion: Fast track, early help, or nothing "
    "yet – and why.",
    "request": "Ask for Fast track",
    "request_text": "Within the first 5 weeks of the sick leave.",
    "concern": "Fast track on concern",
    "concern_text": "Before or at the start of an absence, when you, the employee or the doctor "
    "is worried.",
    "info": "How the job centre works",
    "info_text": "Fast track, the job centre's process (who does what when) and what we can offer.",
}

EN_TALK: Texts = {
    "title": "The sickness absence talk",
    "lead": "As the employer you must hold a personal talk with an employee on sick leave no "
    "later than 4 weeks after the first day of absence (Sickness Benefit Act, section 7 a). The "
    "talk may be by phone. Its purpose is to find out how and when the employee can return.",
    "how": "Use the questions as a guide. Talk about the work, not the diagnosis: you may not ask "
    "about the illness, but you may ask what the employee can and cannot do.",
    "about": "About the talk",
    "employee_name": "The employee's name",
    "first_absence_day": "First day of absence",
    "talk_day": "Date of the talk",
    "talk_day_help": "No later than 4 weeks after the first day of absence.",
    "work": "The work",
    "affected_functions": "Which tasks can the employee not do right now?",
    "affected_since": "For how long has the situation affected the work?",
    "adaptation_tried": "What have you tried, or what could you try, to adapt the work?",
    "adaptation_help": "E.g. other tasks, fewer hours, aids or help from colleagues.",
    "return": "Return",
    "expected_return": "When does the employee expect to be able to return, fully or partly?",
    "over_8_weeks": "Is the absence expected to last more than 8 weeks?",
    "yes": "Yes",
    "no": "No",
    "unknown": "Don't know",
    "agreements": "What have you agreed?",
    "agreements_help": "Who does what, and when will you talk again?",
    "next_contact": "Next contact",
    "make_pdf": "Download the record (PDF)",
    "to_request": "Use the answers in a request for Fast track",
    "to_request_help": "The answers about the work become the three questions of the request. "
    "Nothing is kept until you send the request.",
    "late": "The talk is more than 4 weeks after the first day of absence (the last day was "
    "{due}). Hold it as soon as possible.",
    "record_title": "Record of a sickness absence talk",
    "record_note": "The record is for the workplace and the employee. The job centre has not "
    "received a copy.",
    "not_given": "Not filled in",
    "pdf_name": "sickness-absence-talk.pdf",
    "error_date": "Write the date as dd-mm-yyyy, e.g. 31-03-2026.",
    "error_range": "The date must lie between 2000 and 2100.",
    "error_long": "At most {limit} characters.",
    "error_choice": "Choose yes, no or don't know.",
    "error_before": "The talk cannot be before the first day of absence.",
}

EN_SCREENING: Texts = {
    "title": "Risk of long absence",
    "lead": "Answer yes to what applies. You get a suggestion of what you can do, and why. It is "
    "a starting point for a talk with the employee, not an assessment of their health.",
    "job_centre": "Job centre",
    "job_centre_help": "Choose the job centre you work with; it uses its own questions.",
    "any_centre": "All job centres (default)",
    "questions": "Questions",
    "submit": "See the suggestion",
    "result": "Suggestion",
    "why": "Why",
    "no_reasons": "You have not answered yes to anything that points to a risk of long absence.",
    "score": "Points: {score} (early help from {early}, Fast track from {fast})",
    Suggestion.FAST_TRACK: "Consider Fast track",
    Suggestion.FAST_TRACK + "_text": "Several signs point to a risk of long absence. Talk to the "
    "employee about Fast track: the job centre holds the first talk no later than 2 weeks after "
    "the request. If the employee is not on sick leave yet, you can use Fast track on concern.",
    Suggestion.EARLY_INTERVENTION: "Consider early help",
    Suggestion.EARLY_INTERVENTION + "_text": "There are signs worth taking seriously. Talk to the "
    "employee about what can help now: adapted tasks, fewer hours, support from colleagues. The "
    "job centre's retention consultant can advise you.",
    Suggestion.NOTHING_YET: "Nothing yet",
    Suggestion.NOTHING_YET + "_text": "There are no signs of a risk of long absence right now. "
    "Keep in touch, and look at it again if the absence drags on.",
    "next": "Next steps",
    "talk_link": "Hold the sickness absence talk",
    "request_link": "Ask for Fast track",
    "concern_link": "Fast track on concern",
}

EN_CONCERN: Texts = {
    "title": "Fast track on concern",
    "lead": "You can ask the job centre for help before an employee goes on sick leave, or in "
    "the first days of an absence, when you are worried that it may last long. As a manager, as "
    "the employee, or as a doctor with the employee's consent.",
    "steps": "The job centre contacts the employee no later than {contact} working days after "
    "the enquiry, holds a talk within {talk} and agrees on help within {effort}. If the "
    "employee goes on sick leave, the case can become Fast track without you filling anything "
    "in again.",
    "who": "Who is getting in touch?",
    "employee": "The employee",
    "name": "Name",
    "cpr": "CPR number",
    "cpr_help": "10 digits without a hyphen.",
    "email": "E-mail",
    "phone": "Phone",
    "municipality": "Municipality of residence",
    "workplace_legend": "The workplace",
    "cvr": "CVR number",
    "employer_name": "Employer",
    "workplace": "Workplace or department",
    "leader_name": "The manager's name",
    "leader_email": "The manager's e-mail",
    "concern_legend": "The concern",
    "concern": "What are you worried about?",
    "concern_help": "Describe the situation at work. Do not write a diagnosis.",
    "absent_since": "First day of absence, if the employee is already on sick leave",
    "consent": "The employee knows about this enquiry and agrees that the job centre contacts them",
    "submit": "Send the enquiry",
    "received_title": "Thank you – the enquiry has been received",
    "received": "The job centre contacts the employee within a few working days. If you have "
    "questions, contact the job centre's retention consultants.",
    ConcernSource.LEADER: "I am the manager",
    ConcernSource.EMPLOYEE: "I am the employee",
    ConcernSource.DOCTOR: "I am the employee's doctor",
}

EN_INFO: Texts = {
    "title": "How the job centre works with Fast track",
    "lead": "For managers and employees: what Fast track is, who does what when, and what the "
    "job centre can offer.",
    "choose": "Show the process for",
    "choose_help": "Each job centre has its own deadlines within the limits of the law.",
    "show": "Show",
    "what": "What is Fast track?",
    "what_text": "Fast track is early help from the job centre when an employee is on sick leave "
    "and the absence is expected to last more than 8 weeks. The employer or the employee asks "
    "within the first 5 weeks of the absence (Sickness Benefit Act, section 7 c). It is "
    "voluntary for the employee, and it is not a sign of dismissal.",
    "process": "Who does what when",
    "when": "When",
    "who": "Who",
    "what_happens": "What happens",
    "offer": "What the job centre can offer",
    "before": "Before sick leave",
    "alert_when": "After {days} days of absence in a row, or {spells} absences within {months} "
    "months",
    "alert_who": "The job centre",
    "alert_what": "sends the manager an absence alert; the manager answers within {answer} "
    "working days",
    "talk_when": "No later than 4 weeks after the first day of absence",
    "talk_who": "The manager",
    "talk_what": "holds the sickness absence talk with the employee (section 7 a)",
    "request_when": "Within the first 5 weeks of the absence",
    "request_who": "The manager or the employee",
    "request_what": "asks for Fast track",
    "notice_when": "The same day",
    "notice_who": "The job centre",
    "notice_what": "tells the employee and sends the manager a receipt",
    "answer_when": "Within {span} of the notice",
    "answer_who": "The employee",
    "answer_what": "accepts or declines Fast track",
    "first_when": "No later than {span} after the request",
    "first_who": "The retention consultant and the employee",
    "first_what": "hold the first follow-up talk",
    "roundtable_when": "No later than {span} {anchor}",
    "roundtable_who": "The employee, the manager and the consultant",
    "roundtable_what": "hold the roundtable meeting and agree on a plan: who does what when",
    RoundtableAnchor.FIRST_FOLLOWUP: "after the first talk",
    RoundtableAnchor.REQUEST: "after the request",
    RoundtableAnchor.FIRST_ABSENCE_DAY: "after the first day of absence",
    "review_when": "Every {span}",
    "review_who": "The consultant",
    "review_what": "follows up on the plan until the employee is back",
    "offer_consultant": "One retention consultant who follows the course from the first talk to "
    "the return.",
    "offer_plan": "A plan for the return with, for example: {measures}.",
    AssignmentRule.FIXED_WORKPLACE: "Large workplaces have their own consultant at the job centre.",
    AssignmentRule.DUTY_ROTATION: "A retention phone line: the consultant on duty takes the call "
    "and follows the case to the end.",
    "offer_specialist": "Specialists (e.g. a psychologist or a physiotherapist) at the roundtable "
    "meeting.",
    "offer_empowerment": "An individual talk with the employee before the roundtable meeting.",
    "offer_concern": "Fast track on concern: help before sick leave, or in its first days.",
}

EN_UNITS: Texts = {
    "hours": "{n} hours",
    "working_hours": "{n} working hours",
    "calendar_days": "{n} days",
    "bank_days": "{n} bank days",
    "weeks": "{n} weeks",
}

EN_MEASURES: Texts = {
    Measure.PHYSICAL_CONDITIONS: "Physical conditions",
    Measure.TASKS: "Changed tasks",
    Measure.OTHER_FUNCTION: "Another function",
    Measure.COLLEAGUE_SUPPORT: "Support from colleagues",
    Measure.AIDS_COMPENSATION: "Aids and compensation schemes",
    Measure.PARTIAL_SICK_LEAVE: "Partial sick leave",
    Measure.WORK_TRIAL: "Work trial (company placement)",
    Measure.TREATMENT_TRAINING: "Treatment or training",
    Measure.OTHER: "Other",
}

EN_INDICATOR_TEXTS: Texts = {
    "expects_over_8_weeks.question": "Does the employee or the doctor expect the absence to last "
    "more than 8 weeks?",
    "expects_over_8_weeks.why": "Fast track is meant for absence expected to last more than 8 "
    "weeks.",
    "absent_two_weeks.question": "Has the employee been on sick leave for more than 2 weeks?",
    "absent_two_weeks.why": "The longer the absence, the harder it is to come back; Hjørring "
    "steps in as early as the first week of sick leave.",
    "repeated_absence.question": "Has the employee had several spells of absence in the last 3 "
    "months?",
    "repeated_absence.why": "Repeated short absences can be an early sign that something is wrong.",
    "strain_or_stress.question": "Has the employee told you about stress or mental strain?",
    "strain_or_stress.why": "With stress and mental strain an early, shared plan helps; some job "
    "centres offer a separate talk with the employee before the roundtable.",
    "work_factors.question": "Do conditions at the workplace play a part (e.g. workload, "
    "conflicts, physical strain)?",
    "work_factors.why": "When the work is part of the cause, the workplace is also part of the "
    "solution.",
    "tasks_hard_to_adapt.question": "Is it hard to adapt the tasks so that the employee can work "
    "part-time?",
    "tasks_hard_to_adapt.why": "Without adapted tasks a partial return is harder; the job centre "
    "can help with aids and schemes.",
    "unsure_return.question": "Is the employee unsure when they can return?",
    "unsure_return.why": "Uncertainty about the return is step 5 of the staircase model: a plan "
    "helps here.",
    "earlier_long_absence.question": "Has the employee had a long sickness absence before?",
    "earlier_long_absence.why": "An earlier long absence raises the risk of a new one.",
}

EN_ALERT: Texts = {
    "title": "Absence alert",
    "lead": "The job centre has received absence registrations from you, and an employee has "
    "reached the limit for an absence alert. Please tell us what you are doing.",
    "reference": "Alert",
    "employee_ref": "Your employee number",
    "workplace": "Workplace",
    "rule": "Why",
    "raised": "Sent",
    "due": "Answer by",
    AlertRule.CONSECUTIVE_DAYS: "{days} days of absence in a row",
    AlertRule.REPEATED_SPELLS: "{spells} spells of absence within {months} months",
    "answer_legend": "What are you doing?",
    AlertAnswer.REQUEST_SENT: "We have sent (or are sending today) a request for Fast track",
    AlertAnswer.NOT_RELEVANT: "The alert is not relevant",
    AlertAnswer.ALREADY_HANDLED: "It has already been handled (e.g. an agreement on early help)",
    "submit": "Send the answer",
    "answered": "Thank you. Your answer has been registered: {answer}.",
    "help": "Unsure? Use the screening or hold the sickness absence talk first.",
    "screening_link": "Assess the risk of long absence",
    "talk_link": "The sickness absence talk",
    "request_link": "Ask for Fast track",
}


def _flat(**pages: Mapping[str, str]) -> dict[str, str]:
    """One table from the pages' dictionaries, keyed `page.key`."""
    return {f"{name}.{key}": value for name, page in pages.items() for key, value in page.items()}


DA = _flat(
    common=COMMON,
    index=INDEX,
    talk=TALK,
    screening=SCREENING,
    concern=CONCERN,
    info=INFO,
    unit=UNITS,
    measure=MEASURES,
    indicator=INDICATOR_TEXTS,
    alert=ALERT,
)
EN = _flat(
    common=EN_COMMON,
    index=EN_INDEX,
    talk=EN_TALK,
    screening=EN_SCREENING,
    concern=EN_CONCERN,
    info=EN_INFO,
    unit=EN_UNITS,
    measure=EN_MEASURES,
    indicator=EN_INDICATOR_TEXTS,
    alert=EN_ALERT,
)
