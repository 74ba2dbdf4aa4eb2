"""Small statistics over the figures the KPI queries return."""

from __future__ import annotations


def median(histogram: dict[int, int]) -> float | None:
    """The median of a distribution given as {value: count}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(position: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > position:
                return value
        raise AssertionError("position outside the distribution")

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
