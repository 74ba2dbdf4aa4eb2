"""Custom import-linter contracts for `lint-imports` (registered in pyproject.toml).

`stdlib_only`: the modules of a package import nothing outside the standard library and the
project's own packages (ARCHITECTURE: the domain is pure). import-linter's `forbidden` contract
needs a list of what is forbidden, which would miss the next third-party package; this checks
against what is allowed instead (`sys.stdlib_module_names`). Needs `include_external_packages`.
"""

from __future__ import annotations

import sys

import grimp
from importlinter import Contract, ContractCheck, fields, output


class StdlibOnlyContract(Contract):
    """Every module in `source_modules` (and below) imports only the standard library and
    modules of its own package."""

    type_name = "stdlib_only"

    source_modules = fields.ListField(subfield=fields.ModuleField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        found: list[dict[str, object]] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            modules = {source.name} | graph.find_descendants(source.name)
            for importer in sorted(modules):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    top = imported.split(".")[0]
                    if top in sys.stdlib_module_names:
                        continue
                    if imported == source.name or imported.startswith(source.name + "."):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = [int(d["line_number"]) for d in details]
                    found.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["found"]:
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(
                f"{item['importer']} imports {item['imported']} ({lines}): "
                "not in the standard library.",
                bold=False,
            )
            output.new_line()
