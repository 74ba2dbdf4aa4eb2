"""All configuration from the environment, prefix FASTTRACK_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # An empty variable (`FASTTRACK_SMTP_USERNAME=`, as deployment templates leave them) means "not
    # set": the default applies, it is not an empty value.
    model_config = SettingsConfigDict(
        env_prefix="FASTTRACK_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    database_url: str = "sqlite:///fasttrack.db"
    # Secret from which the CPR encryption and look-up keys are derived. When unset, the embedded
    # default keeps a generated secret in `secret_key_file` (created on first use, mode 0600).
    secret_key: str | None = None
    secret_key_file: Path = Path("fasttrack.key")
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
    smtp_password: str | None = None
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
    # `fasttrack check` fails when the oldest message still waiting is older than this.
    outbox_alert_after_minutes: int = 60


@lru_cache
def get_settings() -> Settings:
    return Settings()
