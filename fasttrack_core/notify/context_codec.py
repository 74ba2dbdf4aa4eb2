"""A message's template context as JSON and back (`OutboxMessage.context`): the outbox keeps what
the templates need and the dispatcher renders it when it delivers the message.

The contexts hold strings (a `StrEnum` member is its value: stored as the plain string, which
the templates print and compare alike), numbers, booleans, None, dates, datetimes, and lists and
dicts of these. A date or a datetime is tagged (`{"$type": "datetime", "value": ISO 8601}`) and
comes back equal, with its time zone: a fixed offset (UTC) in the ISO text, a named zone (Danish
time, `Europe/Copenhagen`) by its name, so local times and daylight saving come back as they
were. Anything else is refused at once (`TypeError`): a context the codec could not give back
must fail when it is queued, in the use case's tests, not when it is delivered.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

TAG = "$type"
_SCALARS = (bool, int, float, type(None))


def encode(value: Any) -> Any:
    """`value` as JSON-ready lists, dicts and scalars (see the module's description)."""
    if isinstance(value, str):
        return str(value)  # a StrEnum member as its value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, datetime):
        return _encode_datetime(value)
    if isinstance(value, date):
        return {TAG: "date", "value": value.isoformat()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {_key(key): encode(item) for key, item in value.items()}
    raise TypeError(f"a message context cannot hold {type(value).__name__}")


def decode(value: Any) -> Any:
    """The Python value `encode` was given."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        tag = value.get(TAG)
        if tag == "datetime":
            moment = datetime.fromisoformat(value["value"])
            zone = value.get("zone")
            return moment.astimezone(ZoneInfo(zone)) if zone else moment
        if tag == "date":
            return date.fromisoformat(value["value"])
        return {key: decode(item) for key, item in value.items()}
    return value


def _encode_datetime(value: datetime) -> dict[str, str]:
    encoded = {TAG: "datetime", "value": value.isoformat()}
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key:
        encoded["zone"] = zone.key
    elif zone is not None and not isinstance(zone, timezone):
        raise TypeError(f"a message context cannot hold a datetime in {type(zone).__name__}")
    return encoded


def _key(key: Any) -> str:
    if not isinstance(key, str) or key == TAG:
        raise TypeError(f"a message context's keys are strings other than {TAG!r}: {key!r}")
    return str(key)
