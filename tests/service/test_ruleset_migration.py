"""Migration 0007_rulesets: an existing case gets the rule set its request date selects."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from fasttrack_core.domain.policy import Policy


def upgrade(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("fasttrack_core").joinpath("migrations"))
    )
    config.set_main_option("sqlalchemy.url", url)
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_an_old_case_gets_the_rule_set_of_its_danish_request_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0005_keys_audit_retention")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO job_centre (id, municipality_code, name, policy, steering_emails) "
                "VALUES (1, '183', 'Jobcenter Ishøj', '{}', '[]')"
            )
        )
        # 22:30 and 23:30 UTC on New Year's Eve: 23:30 in Copenhagen, then 00:30 on 1 January.
        for n, requested_at in (
            (1, "2024-12-31 22:30:00.000000"),
            (2, "2024-12-31 23:30:00.000000"),
        ):
            connection.execute(
                text(
                    "INSERT INTO fasttrack_case (id, reference, job_centre_id, status, "
                    "requested_by, channel, requested_at, first_absence_day, "
                    "expected_over_8_weeks, cpr_encrypted, cpr_hash, employee_name, "
                    "employee_email, employer_cvr, employer_name, workplace, leader_name, "
                    "leader_email, answers_encrypted, opened_at) VALUES (:n, :ref, 1, 'closed', "
                    "'employer', 'web', :at, '2024-12-20', 1, 'x', :hash, 'X', 'x@example.dk', "
                    "'12345674', 'X', 'Y', 'L', 'l@example.dk', 'x', :at)"
                ),
                {"n": n, "ref": f"FT-2024-{n:06d}", "at": requested_at, "hash": f"{n:064x}"},
            )
    upgrade(url, "0007_rulesets")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, ruleset FROM fasttrack_case ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(1, "before-2025"), (2, "2025")]


def test_the_dead_absence_alerts_flag_leaves_a_stored_policy(tmp_path: Path) -> None:
    # Issue 11 item 10: Hjørring's flag did nothing; a policy naming it would now be refused.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0005_keys_audit_retention")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO job_centre (id, municipality_code, name, policy, steering_emails) "
                "VALUES (2, '860', 'Jobcenter Hjørring', "
                '\'{"absence_alerts": true, "assignment": "fixed_workplace"}\', \'[]\')'
            )
        )
    upgrade(url, "0007_rulesets")
    with engine.connect() as connection:
        policy = connection.execute(text("SELECT policy FROM job_centre")).scalar_one()
    assert json.loads(policy) == {"assignment": "fixed_workplace"}
    Policy.from_mapping(json.loads(policy))
