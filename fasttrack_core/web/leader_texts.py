"""Every user-visible string of the leader's pages (issue 16), one dictionary per page, so that a
second language is a second set of dictionaries and no template changes. Danish only for now;
the templates read `t[...]` for the page they render (`web/leader.py` passes it)."""

from __future__ import annotations

from fasttrack_core.domain.absence_rules import AlertAnswer, AlertRule
from fasttrack_core.domain.concern import ConcernSource
from fasttrack_core.domain.screening import Suggestion

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
