"""What the Prefect flows share: context, business time, run names, artifacts, alerts (issue 4).

Only `runtime`, `alerts` and the flows import Prefect; `case_timeline`, `announce` and
`deployments` do not, so the CLI can use them without paying Prefect's import time.
"""
