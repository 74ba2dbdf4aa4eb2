"""All configuration from the environment, prefix FASTTRACK_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FASTTRACK_", env_file=".env", extra="ignore")

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
