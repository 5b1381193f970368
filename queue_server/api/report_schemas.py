"""The JSON Schemas of the managers' answers: the dashboard (reads/dashboard.py) and the reports (reporting/)."""

from __future__ import annotations

from ..domain.alerts import AlertKind, Level
from ..domain.survey import Reason as SurveyReason
from ..reporting.bookings import BOOKING_COUNTS, BOOKING_FIELDS
from ..reporting.figures import STEP_FIELDS, SUMMARY_FIELDS
from ..views.desk import DashboardDeskView
from .kpi_schemas import KPI_REPORT
from .schema_parts import (
    ANY_OBJECT,
    BOOLEAN,
    CLOCK,
    DAY,
    DESK_STATUS,
    INTEGER,
    NUMBER,
    STRING,
    TIME,
    Schema,
    array,
    closed,
    mapping,
    maybe,
    one_of,
)
from .view_schemas import view_schema

# ---- the dashboard (reads/dashboard.py)

ALERT = closed(
    {
        "kind": one_of(AlertKind),
        "level": one_of(Level),
        "subject": STRING,
        "detail": ANY_OBJECT,
    }
)
DASHBOARD_ROW_FIELDS: dict[str, Schema] = {
    "office": STRING,
    "name": STRING,
    "name_en": STRING,
    "waiting": INTEGER,
    "longest_wait_minutes": maybe(INTEGER),
    "average_wait_today_minutes": maybe(NUMBER),
    "desks_total": INTEGER,
    "desks_open": INTEGER,
    "desks_serving": INTEGER,
    "desks_paused": INTEGER,
    "past_target": INTEGER,
    "satisfaction_today": maybe(NUMBER),
    "ratings_today": INTEGER,
    "served_today": INTEGER,
    "alerts": array(ALERT),
    "air_raid": closed({"active": BOOLEAN, "since": maybe(TIME)}),  # the office's air-raid pause, as its snapshot has it
    "node": maybe(  # null: the centre serves the office itself; else the office node that does
        closed(
            {
                "name": STRING,
                "address": STRING,
                "last_contact_at": maybe(TIME),
                "waiting": {**INTEGER, "description": "events the node said it had not sent yet"},
                "offline": {**BOOLEAN, "description": "not heard since adopted, or silent for six of its sync periods"},
            }
        )
    ),
    "seq": INTEGER,
}
NETWORK_DASHBOARD = closed({"offices": array(closed(DASHBOARD_ROW_FIELDS)), "at": TIME})
OFFICE_DASHBOARD = closed(
    {
        **DASHBOARD_ROW_FIELDS,
        "day": DAY,
        "timezone": STRING,
        "services": array(
            closed(
                {
                    "service": STRING,
                    "name": STRING,
                    "name_en": STRING,
                    "waiting": INTEGER,
                    "longest_wait_minutes": maybe(INTEGER),
                    "target_wait_minutes": maybe(INTEGER),
                    "past_target": INTEGER,
                    "served_today": INTEGER,
                }
            )
        ),
        "desks": array(view_schema(DashboardDeskView)),
        "staff": array(
            closed(
                {
                    "operator": STRING,
                    "served": INTEGER,
                    "serving_minutes": maybe(INTEGER),
                    "desk": maybe(STRING),
                    "desk_number": maybe(INTEGER),
                    "desk_status": maybe(DESK_STATUS),
                }
            )
        ),
        "boards": array(
            closed(
                {
                    "board": STRING,
                    "name": STRING,
                    "name_en": STRING,
                    "pages": INTEGER,
                    "online": BOOLEAN,
                    "offline": BOOLEAN,
                    "never_seen": {**BOOLEAN, "description": "no page has shown it since the server started"},
                    "since": maybe(TIME),
                },
                optional=("never_seen",),
            )
        ),
        "printers": array(
            closed(
                {
                    "kiosk": STRING,
                    "state": {**STRING, "description": "the printer's last reported state; unknown before any report"},
                    "detail": STRING,
                    "at": maybe(TIME),
                    "agent": one_of(("connected", "not_connected", "never_connected"), "the print agent's connection"),
                    "agent_seen": maybe(TIME),
                },
                optional=("agent", "agent_seen"),
            )
        ),
        "at": TIME,
    }
)

# ---- reports (reporting/queries.py, reporting/figures.py)

COUNTS = frozenset({"issued", "served", "no_show", "complaints", "ratings", "visits", "packages", "services_provided"})
FIGURES: dict[str, Schema] = {
    name: ({**INTEGER, "minimum": 0} if name in COUNTS else maybe(NUMBER)) for name in SUMMARY_FIELDS
}
STEP_COUNTS = frozenset({"step", "services_provided", "skipped"})
BY_STEP = {
    **array(closed({name: ({**INTEGER, "minimum": 0} if name in STEP_COUNTS else maybe(NUMBER)) for name in STEP_FIELDS})),
    "description": "each step of the visits in order (step 1 of every visit, step 2 of those of two or more, …): services provided, skipped, wait (ready → call) and service time",
}
BOOKINGS = {
    **closed({name: ({**INTEGER, "minimum": 0} if name in BOOKING_COUNTS else maybe(NUMBER)) for name in BOOKING_FIELDS}),
    "description": "the bookings whose booked time falls in the period (docs/reports.md defines each figure)",
}
ALERT_HOURS = {
    **NUMBER,
    "minimum": 0,
    "description": "hours in air-raid alerts within the period (to 0.01 h): the office's, or summed over the offices in view",
}
TURNED_AWAY = {
    **mapping({**INTEGER, "minimum": 0}),
    "description": "visitors refused a ticket in the period: `total`, and by reason (sold_out: a daily or hourly cap; stop_issuing: the cut-off before closing; not_today: the wait would end after closing)",
}
REPORT_SUMMARY = closed(
    {
        **FIGURES,
        "by_step": BY_STEP,
        "bookings": BOOKINGS,
        "alert_hours": ALERT_HOURS,
        "turned_away": TURNED_AWAY,
        "office": {**maybe(STRING), "description": "null: the whole network"},
        "from": DAY,
        "to": DAY,
        "service": STRING,
        "operator": STRING,
        "hour": INTEGER,
        "weekday": INTEGER,
    },
    optional=("service", "operator", "hour", "weekday"),  # the filters asked for, echoed
)
GROUP_KEY = {
    "description": "the office, service, administrator or package code, the day (YYYY-MM-DD), hour (0–23), weekday (1–7) or month (YYYY-MM); null: tickets never called, or visits of no package",
    "anyOf": [maybe(STRING), INTEGER],
}
FIGURES_ROW = closed(
    {
        "key": GROUP_KEY,
        "label": STRING,
        "label_en": STRING,
        **FIGURES,
        "bookings": {**BOOKINGS, "description": "by office and by service only"},
        "turned_away": {**INTEGER, "minimum": 0, "description": "by office and by service only: visitors refused a ticket (a cap, the cut-off)"},
        "by_step": {**BY_STEP, "description": "by package only: the package's visits step by step"},
        "alert_hours": {**ALERT_HOURS, "description": "by office only: the office's hours in air-raid alerts within the period"},
    },
    optional=("bookings", "turned_away", "by_step", "alert_hours"),
)
COUNT = {**INTEGER, "minimum": 0}
COMPLAINT_RATE_ROW = closed(
    {
        "office": STRING,
        "complaints": {**COUNT, "description": "complaints the register received in the period (every channel and status)"},
        "issued": {**COUNT, "description": "tickets the office issued in the period (paper and cancelled ones included)"},
        "complaints_per_1000": {**maybe(NUMBER), "description": "1,000 × complaints / issued, to 0.01; null when nothing was issued"},
    }
)
TRIP_ROW = closed(
    {
        "office": STRING,
        "date": {**DAY, "description": "the trip's date, in the office's time zone"},
        "stop": {**STRING, "description": "where the van stood (Ukrainian)"},
        "stop_en": {**STRING, "description": "the same in English"},
        "start": CLOCK,
        "end": CLOCK,
        "issued": {**COUNT, "description": "tickets the office issued on the trip's date from its start to its end"},
        "served": {**COUNT, "description": "of them, served (done)"},
        "no_show": {**COUNT, "description": "of them, no-shows"},
        "wait_mean_minutes": {**maybe(NUMBER), "description": "the mean wait (issue → call) of those served or no-show, without air-raid alerts"},
        "wait_max_minutes": {**maybe(NUMBER), "description": "the longest such wait"},
        "ratings": {**COUNT, "description": "ratings given for the trip's tickets"},
        "average_rating": {**maybe(NUMBER), "description": "their mean score, 1–5"},
    }
)
DEADLINE_SHARE = {
    "counted": {**COUNT, "description": "requests of a service with a term whose outcome is known or whose deadline has passed"},
    "violated": {**COUNT, "description": "of them, with the outcome after the deadline, or none and the deadline passed"},
    "pending": {**COUNT, "description": "requests with no outcome whose deadline is today or later: not counted"},
    "percent": {**maybe(NUMBER), "description": "violated / counted × 100, one decimal; null when nothing is counted"},
}
DEADLINE_REPORT = closed(
    {
        "office": maybe(STRING),
        "from": DAY,
        "to": DAY,
        "service": maybe(STRING),
        "today": {**DAY, "description": "the day the report was made: a deadline before it has passed"},
        **DEADLINE_SHARE,
        "by_office": array(closed({"office": STRING, **DEADLINE_SHARE})),
        "by_service": array(
            closed({"service": STRING, "term_days": {**INTEGER, "minimum": 1}, "working_days": BOOLEAN, **DEADLINE_SHARE})
        ),
    }
)
OPERATOR_ROW = closed(
    {
        "operator": STRING,
        "offices": array(STRING),
        "served": INTEGER,
        "serving_minutes": maybe(NUMBER),
        "logged_in_minutes": maybe(NUMBER),
        "utilisation": maybe(NUMBER),
        "breaks": INTEGER,
        "break_minutes": maybe(NUMBER),
        "breaks_by_reason": mapping(closed({"count": INTEGER, "minutes": NUMBER})),
    }
)
ANNUAL = closed(
    {
        "year": INTEGER,
        "office": maybe(STRING),
        "from": DAY,
        "to": DAY,
        "title": STRING,
        "title_en": STRING,
        "totals": closed(FIGURES),
        "months": {
            **array(closed({"month": STRING, "label": STRING, "label_en": STRING, **FIGURES})),
            "minItems": 12,
            "maxItems": 12,
        },
        "offices": array(
            closed(
                {
                    "office": STRING,
                    "label": STRING,
                    "label_en": STRING,
                    "issued": INTEGER,
                    "served": INTEGER,
                    "served_by_month": {**array(INTEGER), "minItems": 12, "maxItems": 12},
                    "wait_p50_minutes": maybe(NUMBER),
                    "within_target_share": maybe(NUMBER),
                    "average_rating": maybe(NUMBER),
                    "satisfaction_share": maybe(NUMBER),
                    "complaints_per_1000": maybe(NUMBER),
                    "alert_hours": ALERT_HOURS,
                    "turned_away": {**INTEGER, "minimum": 0, "description": "visitors refused a ticket by a cap or the cut-off"},
                }
            )
        ),
        "top_services": array(
            closed(
                {
                    "service": STRING,
                    "label": STRING,
                    "label_en": STRING,
                    "served": INTEGER,
                    "share_of_served": maybe(NUMBER),
                    "wait_p50_minutes": maybe(NUMBER),
                }
            )
        ),
        "wait": closed(
            {
                "p50_minutes": maybe(NUMBER),
                "p90_minutes": maybe(NUMBER),
                "max_minutes": maybe(NUMBER),
                "within_target_share": maybe(NUMBER),
            }
        ),
        "satisfaction": closed(
            {"ratings": INTEGER, "average_rating": maybe(NUMBER), "satisfaction_share": maybe(NUMBER)}
        ),
        "complaints": closed({"count": INTEGER, "per_1000": maybe(NUMBER)}),
        "alert_hours": ALERT_HOURS,
        "kpis": {**KPI_REPORT, "description": "the programme's four indicators over the year (GET /reports/kpis)"},
    }
)

# ---- the survey (reporting/survey_report.py; docs/reports.md «The survey»)

SURVEY_FIGURES: dict[str, Schema] = {
    "answers": {**COUNT, "description": "answers given in the period (ticket page and desk QR code)"},
    "satisfied": {**COUNT, "description": "answers with satisfaction 4 or 5"},
    "satisfaction_share": {**maybe(NUMBER), "description": "satisfied / answers, to 0.0001; null with no answer"},
    "average_score": {**maybe(NUMBER), "description": "the mean satisfaction (1–5), to 0.01"},
    "recommend_answers": {**COUNT, "description": "answers to «would you recommend us» (0–10)"},
    "promoters": {**COUNT, "description": "of those, 9 or 10"},
    "detractors": {**COUNT, "description": "of those, 0 to 6"},
    "loyalty_index": {**maybe(NUMBER), "description": "100 × (promoters − detractors) / recommend_answers, −100 to +100, to 0.1"},
    "reasons": closed({reason.value: COUNT for reason in SurveyReason}),
    "from_desk_qr": {**COUNT, "description": "answers given by the desk's QR code"},
}
SURVEY_REPORT = closed(
    {
        "office": maybe(STRING),
        "from": DAY,
        "to": DAY,
        **SURVEY_FIGURES,
        "by_office": array(closed({"office": STRING, **SURVEY_FIGURES})),
        "by_desk": array(closed({"desk": STRING, "office": STRING, **SURVEY_FIGURES})),
        "by_administrator": array(closed({"administrator": maybe(STRING), **SURVEY_FIGURES})),
    }
)
