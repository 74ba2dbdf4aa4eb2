"""A job centre's policy as a domain object, parsed once per distinct configuration."""

from __future__ import annotations

import json
from functools import lru_cache

from fasttrack_core.domain.policy import Policy
from fasttrack_core.models import JobCentre


def policy_of(centre: JobCentre) -> Policy:
    return _parse(json.dumps(centre.policy, sort_keys=True))


@lru_cache(maxsize=256)
def _parse(canonical: str) -> Policy:
    return Policy.from_mapping(json.loads(canonical))
