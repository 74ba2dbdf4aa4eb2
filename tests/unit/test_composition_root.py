"""One composition root: the settings are read in one place, the context is built by one
function, the module that builds it sits below the services, and logging is set up by the entry
points only."""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from fasttrack_core.log_setup import PROJECT_LOGGERS, configure_logging

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "fasttrack_core").rglob("*.py")), *sorted((ROOT / "flows").glob("*.py"))]


def calls_of(name: str) -> Iterator[str]:
    """'path:line' of every call of `name` (a plain name or an attribute) in the sources."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}"


def imports_of(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_the_settings_are_constructed_in_one_place_only() -> None:
    assert [site.split(":")[0] for site in calls_of("Settings")] == ["fasttrack_core/settings.py"]


def test_the_context_is_built_by_one_function_only() -> None:
    assert [site.split(":")[0] for site in calls_of("AppContext")] == [
        "fasttrack_core/bootstrap.py"
    ]


@pytest.mark.parametrize(
    "module", ["bootstrap.py", "db.py", "settings.py", "migrations/__init__.py"]
)
def test_the_composition_root_imports_nothing_above_it(module: str) -> None:
    above = ("services", "notify", "reporting", "orchestration", "web", "cli", "embedded")
    imported = imports_of(ROOT / "fasttrack_core" / module)
    assert not {m for m in imported if m.startswith(tuple(f"fasttrack_core.{a}" for a in above))}


def test_only_the_entry_points_configure_logging() -> None:
    configuring = sorted({site.split(":")[0] for site in calls_of("configure_logging")})
    assert configuring == [
        "fasttrack_core/cli/support.py",
        "fasttrack_core/orchestration/runtime.py",
        "fasttrack_core/web/app.py",
    ]
    assert list(calls_of("basicConfig")) == []


def test_configuring_logging_sets_the_project_loggers_level_and_adds_one_handler_at_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    levels = {name: logging.getLogger(name).level for name in PROJECT_LOGGERS}
    try:
        configure_logging("INFO")
        configure_logging("ERROR")
        assert len(root.handlers) == 1
        assert {logging.getLogger(name).level for name in PROJECT_LOGGERS} == {logging.ERROR}
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
