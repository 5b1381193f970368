"""The JSON Schema of the programme's four indicators (reporting/kpi_report.py), and of their place in the annual report."""

from __future__ import annotations

from ..domain.programme import INDICATORS, Better, Verdict
from ..reporting.kpis import UNITS
from .schema_parts import DAY, NUMBER, STRING, Schema, array, closed, maybe, one_of

INDICATOR = closed(
    {
        "indicator": one_of(INDICATORS, "deadlines, complaints, satisfaction, load: always the four, in this order"),
        "value": {**maybe(NUMBER), "description": "as docs/reports.md defines it; null when there is nothing to measure"},
        "unit": one_of(sorted(set(UNITS.values()))),
        "better": one_of(Better, "lower, higher, or inside the band of target_min–target_max"),
        "target_min": {**maybe(NUMBER), "description": "the programme's floor (network.toml [programme]); null when none"},
        "target_max": {**maybe(NUMBER), "description": "the programme's ceiling; null when none"},
        "benchmark": {**maybe(NUMBER), "description": "the benchmark's value ([programme.benchmark]); null when none"},
        "verdict": one_of(Verdict, "the value as shown against the target"),
        "numerator": {**maybe(NUMBER), "description": "violated requests, complaints, (none for satisfaction), serving minutes"},
        "denominator": {**NUMBER, "description": "requests counted, tickets issued, ratings, logged-in minutes"},
    }
)
KPI_SCOPE = closed(
    {
        "office": {**maybe(STRING), "description": "null: the whole network"},
        "label": STRING,
        "label_en": STRING,
        "indicators": {**array(INDICATOR), "minItems": len(INDICATORS), "maxItems": len(INDICATORS)},
    }
)
KPI_REPORT: Schema = closed(
    {
        "office": maybe(STRING),
        "from": DAY,
        "to": DAY,
        "today": {**DAY, "description": "the day the report was made: a deadline before it has passed"},
        "benchmark": maybe(closed({"name": STRING, "name_en": STRING})),
        "total": KPI_SCOPE,
        "by_office": array(KPI_SCOPE),
    }
)
