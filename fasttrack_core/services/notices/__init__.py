"""Who is told what (SPEC §6): every message a use case produces, its recipients and its context,
queued in the outbox in the use case's transaction. `fasttrack_core.notify` only renders, queues
and delivers; the kinds are `notify.kinds.MessageKind`.

| when (module)                    | kind                               | to                     |
|----------------------------------|------------------------------------|------------------------|
| a case is opened (intake)        | employee_notice                    | the employee           |
|                                  | leader_receipt                     | the leader and HR      |
|                                  | case_assigned, call_employee       | the consultant         |
| accepted (recording)             | book_followup,                     | the consultant         |
|                                  | request_doctor_statement           |                        |
| declined (recording)             | book_followup (declined)           | the consultant         |
| first talk held (recording)      | book_roundtable                    | the consultant         |
| a meeting booked, moved or       | meeting_invitation (iCalendar)     | each participant       |
| cancelled (recording)            |                                    |                        |
| a deadline is near (deadlines)   | reminder, review_due, action_due   | the consultant         |
| a deadline passed (deadlines)    | overdue_escalation                 | escalation_recipient   |
| a concern raised (concern,       | concern_assigned                   | the consultant         |
|   concern_deadlines)             |                                    |                        |
| a concern's deadline near        | concern_reminder                   | the consultant         |
|   (concern_deadlines)            |                                    |                        |
| a concern's deadline passed      | concern_escalation                 | escalation_recipient   |
|   (concern_deadlines)            |                                    |                        |
| each week (digest)               | weekly_digest                      | each consultant        |
| each month (steering)            | steering_report (PDF)              | the steering group     |
| an absence file imported         | absence_alert                      | the file's leader      |
|   (absence)                      |                                    |                        |

`escalation.escalation_recipient`: the team lead; without one, the job centre's administrator;
without one, FASTTRACK_ADMIN_EMAIL. `fasttrack config load` warns about a job centre without a
team lead.

Outside the use cases: `delivery_failed` (the outbox dispatcher, to the job centre's
administrator, else FASTTRACK_ADMIN_EMAIL), `flow_failed` (a failed Prefect run, to
FASTTRACK_ADMIN_EMAIL) and `operations_alert` (the watchdog: mail waiting too long, a scheduled
run missed; to FASTTRACK_ADMIN_EMAIL and the system admins, once per problem) are the
infrastructure's own alerts.
"""
