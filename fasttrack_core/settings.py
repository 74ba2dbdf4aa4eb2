"""All configuration from the environment, prefix FASTTRACK_."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # An empty variable (`FASTTRACK_SMTP_USERNAME=`, as deployment templates leave them) means "not
    # set": the default applies, it is not an empty value.
    model_config = SettingsConfigDict(
        env_prefix="FASTTRACK_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    database_url: str = "sqlite:///fasttrack.db"
    # PostgreSQL: connections each process keeps open for reuse (a few more are opened for a
    # burst, then closed). Each new connection is a new server process: with the default of
    # SQLAlchemy's pool (5), 16 concurrent intakes on two web workers opened and closed
    # connections all the time, and PostgreSQL spent 5.4-7.0 ms of CPU an intake instead of
    # 3.3-3.4 (`bench/national.py --only postgres`, issue 13). Mind PostgreSQL's
    # max_connections (100 by default) across all processes.
    database_pool_size: int = Field(default=20, ge=1, le=1000)
    # The data keys (CPR and health data encryption, the look-up hash): "k2:KEY k1:OLDKEY", the
    # current first (a bare secret is key k0). When unset, they are kept in `secret_key_file`;
    # unset, that is next to a SQLite database (fasttrack.db -> fasttrack.key, mode 0600, made
    # for a database without encrypted data only). See keyring.py.
    secret_key: str | None = None
    secret_key_file: Path | None = None
    # TOML file with job centres, consultants, workplaces and the duty roster (SPEC §9).
    # When unset and nothing is configured, the bundled demo configuration is used.
    config: Path | None = None
    # Where links in messages point (the web app).
    base_url: str = "http://127.0.0.1:8000"

    # Outgoing mail (SPEC §6). The embedded default delivers to `fasttrack mail catch` on 2525.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_security: Literal["none", "starttls", "tls"] = "none"  # tls: implicit TLS (port 465)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_s: float = 30.0
    smtp_sender: str = "Fast track <fasttrack@jobcenter.example.dk>"
    smtp_connections: int = 4  # messages are sent over this many reused connections at once
    # A message still undelivered after this many attempts is failed and reported. With the
    # dispatcher's backoff (1, 2, 4, ... minutes, at most 1 hour) 12 attempts span about 6 hours.
    smtp_max_attempts: int = 12
    # Who hears about a message that could not be delivered when its job centre names no admin.
    admin_email: str = "admin@jobcenter.example.dk"
    # Where the embedded mail catcher stores what it receives, one .eml file per message.
    mail_dir: Path = Path("mail")
    # Where the daily `followup-record` deployment writes each day's follow-up record (CPR numbers:
    # files readable by their owner only), for the job centre's case system or integration service.
    followup_export_dir: Path = Path("indberetning")
    # The letter transport (issue 15): one PDF per letter and `manifest.jsonl` in this folder, for
    # a print-and-post service or a Digital Post integration to take from (0700; files 0600).
    letter_dir: Path = Path("letters")
    # The secret that signs web sessions: its own, never derived from the data keys. When unset,
    # kept in `session_key_file` (unset: next to a SQLite database, fasttrack.session-key).
    session_key: str | None = None
    session_key_file: Path | None = None
    # Retention (issue 12; `fasttrack retention apply`, the daily `retention` deployment).
    # The periods and why they were chosen: README, "Privacy".
    retention_closed_case_years: int = Field(default=5, ge=1, le=50)
    retention_email_days: int = Field(default=90, ge=1, le=3650)
    retention_mail_file_days: int = Field(default=30, ge=1, le=3650)
    retention_idempotency_days: int = Field(default=7, ge=1, le=365)
    retention_audit_years: int = Field(default=7, ge=1, le=50)
    # Absence registrations and alerts (issue 16): registrations deleted, alerts' personal data
    # (the employee's number, the leader's address, the answer link) removed this long after.
    retention_absence_days: int = Field(default=180, ge=30, le=3650)
    # Web sessions and citizens' personal links deleted this long after they were over (0: at
    # the next run).
    retention_session_days: int = Field(default=1, ge=0, le=365)
    # Where the `absence-import` deployment picks up absence files (CSV); done ones move to
    # `processed/`, refused ones to `refused/` with the reasons beside them.
    absence_inbox: Path = Path("absence-inbox")
    # How much the entry points log (to stderr; never personal data): DEBUG, INFO, WARNING, ERROR.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"

    # Abuse limits of the web app (issue 12; web.abuse_limits): moving windows in the `limits`
    # library's notation, per client address on the public request forms, per API key and per
    # address on the API; the largest request body; where the counts live ("memory://" per
    # process, "redis://host:6379" shared by several workers).
    web_form_rate_limit: str = "20/minute"
    web_api_rate_limit: str = "120/minute"
    web_api_address_rate_limit: str = "300/minute"
    web_max_body_bytes: int = 1_000_000
    web_rate_limit_storage: str = "memory://"
    # `fasttrack check` fails when the oldest message still waiting is older than this.
    outbox_alert_after_minutes: int = 60
    # The accessibility statement (/tilgaengelighed, webtilgængelighedsloven § 4): who answers
    # for the site, and a written and a telephone contact for feedback (Digitaliseringsstyrelsen
    # requires both); the address of the statement published in WAS-Tool, when there is one.
    accessibility_organisation: str = "Jobcentret"
    accessibility_email: str = "tilgaengelighed@jobcenter.example.dk"
    accessibility_phone: str = "70 10 20 30"
    accessibility_was_url: str | None = None


def load_settings() -> Settings:
    """The settings from the environment (and `.env`): the one place they are read. Each entry
    point (a command, the web app's factory, a flow process) calls it once and passes them down."""
    return Settings()
