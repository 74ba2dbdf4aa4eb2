"""The deployments of prefect.yaml, for `fasttrack up` to serve exactly what `prefect deploy --all`
creates: the same flows, schedules, parameters, concurrency limits and triggers."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml  # type: ignore[import-untyped]  # PyYAML comes with Prefect, its stubs do not

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

PREFECT_YAML = Path(__file__).resolve().parents[2] / "flows" / "prefect.yaml"


@dataclass(frozen=True)
class DeploymentSpec:
    name: str
    entrypoint: str  # flows/sweep.py:sweep_flow
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: list[dict[str, Any]] = field(default_factory=list)  # cron, timezone
    concurrency_limit: dict[str, Any] | None = None  # limit, collision_strategy
    triggers: list[dict[str, Any]] = field(default_factory=list)


def load_specs(path: Path = PREFECT_YAML) -> list[DeploymentSpec]:
    document = yaml.safe_load(path.read_text("utf-8"))
    specs = []
    for entry in document["deployments"]:
        limit = entry.get("concurrency_limit")
        specs.append(
            DeploymentSpec(
                name=entry["name"],
                entrypoint=entry["entrypoint"],
                description=entry.get("description", ""),
                tags=list(entry.get("tags") or []),
                parameters=dict(entry.get("parameters") or {}),
                schedules=list(entry.get("schedules") or []),
                concurrency_limit={"limit": limit} if isinstance(limit, int) else limit,
                triggers=list(entry.get("triggers") or []),
            )
        )
    return specs


def load_flow(entrypoint: str) -> Any:
    """The flow object of `flows/sweep.py:sweep_flow` (imported as the module flows.sweep)."""
    file, _, attribute = entrypoint.partition(":")
    module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
    return getattr(module, attribute)


def runner_deployments(specs: list[DeploymentSpec]) -> list[RunnerDeployment]:
    """The specs as deployments `serve()` can run (no work pool: the serving process runs them)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.events import DeploymentEventTrigger
    from prefect.schedules import Cron

    deployments = []
    for spec in specs:
        flow = load_flow(spec.entrypoint)
        deployments.append(
            flow.to_deployment(
                name=spec.name,
                description=spec.description or None,
                tags=spec.tags,
                parameters=spec.parameters,
                schedules=[
                    Cron(schedule["cron"], timezone=schedule.get("timezone"))
                    for schedule in spec.schedules
                ],
                concurrency_limit=(
                    ConcurrencyLimitConfig(**spec.concurrency_limit)
                    if spec.concurrency_limit
                    else None
                ),
                triggers=[DeploymentEventTrigger(**trigger) for trigger in spec.triggers],
            )
        )
    return deployments
