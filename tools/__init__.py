"""Repository tools: the import contracts of `lint-imports` and the import graph measure."""
