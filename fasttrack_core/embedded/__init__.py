"""The one-machine stack of the embedded default: mail catcher, web thread, local Prefect server.

Only `fasttrack_core.cli` imports this package."""
