"""Time travel: generated cases driven through simulated days by the real services.

Every request and every recorded event goes through the same use cases as the CLI, with a
simulated clock; the sweep runs each simulated morning. Behaviour is drawn from a seeded random
generator so a run can be repeated exactly.

- `generator`: the generated requests (people, employers, causes);
- `script`: what happens on a case, the consultant's and the citizen's doings in time order;
- `days`: the day loop (`run_simulation`);
- `summary`: what the run did (`SimulationSummary`);
- `delivery`: `simulate --deliver`, the real dispatcher at each simulated moment mail fell due.
"""

from __future__ import annotations

from fasttrack_core.simulation.days import run_simulation
from fasttrack_core.simulation.generator import CaseGenerator
from fasttrack_core.simulation.summary import SimulationSummary

__all__ = ["CaseGenerator", "SimulationSummary", "run_simulation"]
