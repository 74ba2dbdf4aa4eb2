"""Prefect flows: thin, idempotent wrappers around fasttrack_core's services (issue 4)."""
