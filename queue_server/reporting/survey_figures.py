"""The survey's figures from its answers: satisfaction, the average, the loyalty index, the reasons (docs/reports.md).

Pure: a list of answers in, the figures out, so that the report, the
dashboard and the tests compute them one way. «Satisfaction» keeps the
meaning the reports' `satisfaction_share` has had (scores 4 and 5 over
all scores); the loyalty index is the national questionnaire's: the
percentage of 9–10 answers to «would you recommend us» minus the
percentage of 0–6 answers, from −100 to +100.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.survey import Reason
from .arithmetic import share

PROMOTERS = range(9, 11)
DETRACTORS = range(0, 7)


@dataclass(frozen=True)
class SurveyRow:
    """One answer as the report reads it."""

    office: str
    desk: str | None
    served_by: str | None
    score: int
    recommend: int | None
    reasons: tuple[str, ...]
    channel: str | None


def loyalty_index(recommends: Iterable[int]) -> float | None:
    """% of 9–10 minus % of 0–6 among the answers to «would you recommend us», to 0.1; None with no answer."""
    given = list(recommends)
    if not given:
        return None
    promoters = sum(1 for value in given if value in PROMOTERS)
    detractors = sum(1 for value in given if value in DETRACTORS)
    return round(100 * (promoters - detractors) / len(given), 1)


def figures(rows: Sequence[SurveyRow]) -> dict[str, Any]:
    """The figures of a set of answers (every answer counts in satisfaction; only those answering 0–10 in the index)."""
    scores = [row.score for row in rows]
    recommends = [row.recommend for row in rows if row.recommend is not None]
    reasons = Counter(reason for row in rows for reason in row.reasons)
    return {
        "answers": len(rows),
        "satisfied": sum(1 for score in scores if score >= 4),
        "satisfaction_share": share(sum(1 for score in scores if score >= 4), len(scores)),
        "average_score": round(sum(scores) / len(scores), 2) if scores else None,
        "recommend_answers": len(recommends),
        "promoters": sum(1 for value in recommends if value in PROMOTERS),
        "detractors": sum(1 for value in recommends if value in DETRACTORS),
        "loyalty_index": loyalty_index(recommends),
        "reasons": {reason.value: reasons.get(reason.value, 0) for reason in Reason},
        "from_desk_qr": sum(1 for row in rows if row.channel == "desk_qr"),
    }


def grouped(rows: Sequence[SurveyRow], key: Callable[[SurveyRow], str | None]) -> list[tuple[str | None, dict[str, Any]]]:
    """The figures of each group of answers, by the group's key (no key last)."""
    groups: dict[str | None, list[SurveyRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ordered = sorted(groups, key=lambda name: (name is None, name or ""))
    return [(name, figures(groups[name])) for name in ordered]
