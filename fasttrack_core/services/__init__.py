"""Use cases: one transaction each (load → domain rules → rows, timeline events)."""
