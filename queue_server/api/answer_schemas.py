"""What each operation answers, as JSON Schemas for the OpenAPI document.

One schema per view function (`ticket_view`, `office_json`, `desk_view`…),
written next to each other so a reader of the document sees every field a client gets. Objects are closed
(`additionalProperties: false`) and list every field as required, so a
field added to a view without its schema here fails the tests that check
real answers of a real server against the document
(tests/api/test_answer_schemas.py, tests/contract/test_schemathesis.py).
A field named in `optional` is one a view leaves out on purpose (the
public stream drops the staff-only fields). The dashboard's and the
reports' answers are in `report_schemas.py`, the building blocks in
`schema_parts.py`.
"""

from __future__ import annotations

from ..commands.context import DeviceKind, StaffRole
from ..domain.estimates import ESTIMATED, NO_DESK_OPEN
from ..domain.events import STAFF_ONLY_FIELDS
from ..domain.model import OfficeKind
from .report_schemas import ANNUAL, FIGURES_ROW, NETWORK_DASHBOARD, OFFICE_DASHBOARD, OPERATOR_ROW, REPORT_SUMMARY
from .schema_parts import ANY_OBJECT, BOOLEAN, CLOCK, DAY, DESK_STATUS, INTEGER, NUMBER, STRING, Schema, TICKET_STATUS, TIME, array, closed, mapping, maybe, one_of, ref

# ---- the network (api/network.py)

OFFICE = closed(
    {
        "code": STRING,
        "name": STRING,
        "name_en": STRING,
        "kind": one_of(OfficeKind),
        "address": STRING,
        "address_en": STRING,
        "timezone": STRING,
        "hours": {**mapping({**array(CLOCK), "minItems": 2, "maxItems": 2}), "description": "opening hours by weekday (mon…sun)"},
        "desks": {**INTEGER, "minimum": 0},
    }
)
SERVICE = closed(
    {
        "code": STRING,
        "name": STRING,
        "name_en": STRING,
        "category": maybe(STRING),
        "prefix": STRING,
        "target_wait_minutes": INTEGER,
        "typical_duration_minutes": INTEGER,
        "package": BOOLEAN,
        "includes": array(STRING),
    }
)
CATEGORY = closed({"code": STRING, "name": STRING, "name_en": STRING, "parent": maybe(STRING), "order": INTEGER})
CONFIGURED_DESK = closed(
    {
        "id": STRING,
        "office": STRING,
        "number": INTEGER,
        "name": STRING,
        "name_en": STRING,
        "kind": STRING,
        "services": array(STRING),
        "weights": mapping(NUMBER),
        "profile": STRING,
    }
)
PRIORITY = closed({"code": STRING, "name": STRING, "name_en": STRING})
CONSTANTS = closed({
    "pause_reasons": array(STRING),
    "desk_states": array(STRING),
    "ticket_statuses": array(STRING),
    "at_desk_statuses": array(STRING),
    "printer_states": array(STRING),
})

# ---- tickets and desks (domain/events.py: ticket_view, desk_view, desk_services_view)

TICKET_FIELDS: dict[str, Schema] = {
    "id": INTEGER,
    "number": STRING,
    "service": STRING,
    "status": TICKET_STATUS,
    "desk": maybe(STRING),
    "target_desk": maybe(STRING),
    "held": BOOLEAN,
    "issued_at": TIME,
    "called_at": maybe(TIME),
    "started_at": maybe(TIME),
    "recalls": INTEGER,
    "transfers": INTEGER,
    "priority": maybe(STRING),
    "note": maybe(STRING),
    "appointment_at": maybe(TIME),
}
TICKET = closed(TICKET_FIELDS)
DESK_FIELDS: dict[str, Schema] = {
    "id": STRING,
    "number": INTEGER,
    "name": STRING,
    "name_en": STRING,
    "kind": STRING,
    "status": DESK_STATUS,
    "ticket": {**maybe(STRING), "description": "the number of the ticket at the desk"},
    "reason": {**maybe(STRING), "description": "why the desk is on a break"},
    "operator": maybe(STRING),
}
DESK = closed(DESK_FIELDS)
SERVICES_OF_TODAY: dict[str, Schema] = {
    "services": array(STRING),
    "weights": mapping(NUMBER),
    "services_changed": BOOLEAN,
}
DESK_WITH_SERVICES = closed({**DESK_FIELDS, **SERVICES_OF_TODAY})
QUEUE = closed(
    {
        "office": STRING,
        "seq": {**INTEGER, "minimum": 0},
        "waiting": array(closed(TICKET_FIELDS, optional=STAFF_ONLY_FIELDS)),
        "calls": array(closed(TICKET_FIELDS, optional=STAFF_ONLY_FIELDS)),
        "desks": array(closed({**DESK_FIELDS, **SERVICES_OF_TODAY}, optional=STAFF_ONLY_FIELDS)),
    }
)
ESTIMATE_BASIS = one_of((ESTIMATED, NO_DESK_OPEN), "no_desk_open: no desk serving it is open, so the wait is unknown (null)")
ISSUED_TICKET = closed(
    {
        "token": STRING,
        "number": STRING,
        "status_url": STRING,
        "position": INTEGER,
        "people_ahead": INTEGER,
        "estimated_wait_minutes": maybe(INTEGER),
        "estimate": ESTIMATE_BASIS,
        "office": STRING,
        "office_name": STRING,
        "service": STRING,
        "service_name": STRING,
        "priority": maybe(STRING),
        "lang": {"type": "string", "enum": ["uk", "en"]},
        "issued_at": TIME,
        "id": INTEGER,
        "print_job": {**maybe(INTEGER), "description": "the print job a kiosk's agent prints, when printed"},
        "print": {
            **maybe(closed({"status": {"type": "string", "enum": ["sent", "no_agent"]}})),
            "description": "no_agent: the kiosk's print agent is not connected, nothing will print now (the kiosk shows the QR code)",
        },
    },
    optional=("estimate", "print"),
)
TICKET_STATUS_PAGE = closed(
    {
        "number": STRING,
        "status": TICKET_STATUS,
        "held": BOOLEAN,
        "position": maybe(INTEGER),
        "people_ahead": INTEGER,
        "estimated_wait_minutes": maybe(INTEGER),
        "estimate": ESTIMATE_BASIS,
        "office": STRING,
        "office_name": STRING,
        "service": STRING,
        "service_name": STRING,
        "desk": maybe(STRING),
        "desk_number": maybe(INTEGER),
        "desk_name": maybe(STRING),
        "issued_at": TIME,
        "called_at": maybe(TIME),
        "lang": {"type": "string", "enum": ["uk", "en"]},
        "id": INTEGER,
        "rated": BOOLEAN,
        "can_rate": BOOLEAN,
    }
)
RATED = closed({"number": STRING, "score": {**INTEGER, "minimum": 1, "maximum": 5}, "rated": BOOLEAN})
SERVICE_WAIT = closed(
    {
        "service": STRING,
        "people_ahead": INTEGER,
        "estimated_wait_minutes": maybe(INTEGER),
        "estimate": ESTIMATE_BASIS,
        "open_desks": INTEGER,
        "target_wait_minutes": INTEGER,
        "long": BOOLEAN,
    }
)

# ---- logins and devices (api/auth.py, commands/devices.py)

ROLE = one_of(StaffRole)
LOGIN = closed(
    {
        "token": STRING,
        "username": STRING,
        "role": ROLE,
        "offices": array(STRING),
        "expires_at": TIME,
        "csrf_token": STRING,
    }
)
ME = closed(
    {
        "kind": {"type": "string", "enum": ["staff", "device"]},
        "name": STRING,
        "role": STRING,
        "offices": array(STRING),
    }
)
PASSWORD_CHANGED = closed({"changed": BOOLEAN, "other_logins_ended": INTEGER})
UNLOCKED = closed({"username": STRING, "unlocked": BOOLEAN, "failures_forgotten": INTEGER})
DEVICE_FIELDS: dict[str, Schema] = {
    "id": INTEGER,
    "kind": one_of(DeviceKind),
    "office": STRING,
    "name": STRING,
    "created_at": TIME,
    "revoked_at": maybe(TIME),
    "active": BOOLEAN,
}
DEVICE = closed(DEVICE_FIELDS)
NEW_DEVICE = closed({**DEVICE_FIELDS, "token": {**STRING, "description": "shown once, in this answer only"}})

# ---- boards (api/boards.py)

ORIENTATION = {"type": "string", "enum": ["landscape", "portrait"]}
BOARD_SUMMARY = closed({"code": STRING, "title": maybe(STRING), "paired": BOOLEAN, "orientation": ORIENTATION})
BOARD = closed(
    {
        "code": STRING,
        "office": STRING,
        "title": STRING,
        "title_en": STRING,
        "timezone": STRING,
        "orientation": ORIENTATION,
        "services": maybe(array(STRING)),
        "desks": array(
            closed({"id": STRING, "number": INTEGER, "kind": STRING, "name": STRING, "name_en": STRING})
        ),
        "all_desks": BOOLEAN,
        "recent_calls": INTEGER,
        "ticker": maybe(STRING),
        "ticker_en": maybe(STRING),
        "paired": BOOLEAN,
        "volume": NUMBER,
        "muted": BOOLEAN,
        "quiet_hours": maybe({**array(CLOCK), "minItems": 2, "maxItems": 2}),
        "english": BOOLEAN,
        "repeat_recall": BOOLEAN,
    }
)

# ---- the supervisor's operations (commands/supervision.py, reads/queries.py)

FORCE_CLOSED = closed({"desk": DESK, "requeued": array(TICKET)})
DESK_STATE = closed(
    {
        **{name: schema for name, schema in DESK_FIELDS.items() if name not in ("ticket", "reason", "operator")},
        "operator": maybe(STRING),
        "since": maybe(TIME),
        "ticket": maybe(STRING),
        "ticket_id": maybe(INTEGER),
        "reason": maybe(STRING),
        **SERVICES_OF_TODAY,
        "services_changed_by": maybe(STRING),
        "services_changed_at": maybe(TIME),
    }
)
DESK_TODAY = closed(
    {
        "desk": STRING,
        "day": DAY,
        "called": INTEGER,
        "served": INTEGER,
        "no_shows": INTEGER,
        "average_service_minutes": maybe(NUMBER),
        "average_wait_minutes": maybe(NUMBER),
        "longest_wait_minutes": maybe(NUMBER),
        "waiting_for_desk": INTEGER,
    }
)
STAFF_MEMBER = closed(
    {
        "username": STRING,
        "role": ROLE,
        "active": BOOLEAN,
        "desk": maybe(STRING),
        "desk_number": maybe(INTEGER),
        "desk_status": maybe(DESK_STATUS),
        "since": maybe(TIME),
    }
)
AUDIT_ENTRY = closed(
    {
        "id": INTEGER,
        "at": TIME,
        "actor": STRING,
        "role": maybe(STRING),
        "action": STRING,
        "office": maybe(STRING),
        "desk": maybe(STRING),
        "ticket": maybe(INTEGER),
        "ticket_number": maybe(STRING),
        "details": ANY_OBJECT,
        "address": maybe(STRING),
    }
)

# ---- the named schemas of the document, and what each operation answers

COMPONENTS: dict[str, Schema] = {
    "Office": OFFICE,
    "Service": SERVICE,
    "Category": CATEGORY,
    "ConfiguredDesk": CONFIGURED_DESK,
    "Priority": PRIORITY,
    "Constants": CONSTANTS,
    "Ticket": TICKET,
    "Desk": DESK,
    "DeskWithServices": DESK_WITH_SERVICES,
    "Queue": QUEUE,
    "IssuedTicket": ISSUED_TICKET,
    "TicketStatus": TICKET_STATUS_PAGE,
    "Rated": RATED,
    "ServiceWait": SERVICE_WAIT,
    "LoggedIn": LOGIN,
    "Me": ME,
    "PasswordChanged": PASSWORD_CHANGED,
    "Unlocked": UNLOCKED,
    "Device": DEVICE,
    "RegisteredDevice": NEW_DEVICE,
    "BoardSummary": BOARD_SUMMARY,
    "Board": BOARD,
    "ForceClosed": FORCE_CLOSED,
    "DeskState": DESK_STATE,
    "DeskToday": DESK_TODAY,
    "StaffMember": STAFF_MEMBER,
    "AuditEntry": AUDIT_ENTRY,
    "NetworkDashboard": NETWORK_DASHBOARD,
    "OfficeDashboard": OFFICE_DASHBOARD,
    "ReportSummary": REPORT_SUMMARY,
    "FiguresRow": FIGURES_ROW,
    "OperatorRow": OPERATOR_ROW,
    "AnnualReport": ANNUAL,
}

_DESK_TICKET_ACTIONS = ("recall", "start", "finish", "no-show", "hold", "return", "transfer", "call-next", "call-ticket")
_DESK_STATE_ACTIONS = ("open", "pause", "resume", "close", "take-over")

# (method, path without /api/v1) → the schema of its 2xx JSON body
ANSWERS: dict[tuple[str, str], Schema] = {
    ("GET", "/offices"): array(ref("Office")),
    ("GET", "/offices/{office}"): ref("Office"),
    ("GET", "/offices/{office}/services"): array(ref("Service")),
    ("GET", "/offices/{office}/categories"): array(ref("Category")),
    ("GET", "/offices/{office}/desks"): array(ref("ConfiguredDesk")),
    ("GET", "/offices/{office}/queue"): ref("Queue"),
    ("GET", "/offices/{office}/services/{service}/wait"): ref("ServiceWait"),
    ("GET", "/priorities"): array(ref("Priority")),
    ("GET", "/constants"): ref("Constants"),
    ("POST", "/offices/{office}/tickets"): ref("IssuedTicket"),
    ("GET", "/tickets/{token}"): ref("TicketStatus"),
    ("POST", "/tickets/{token}/rating"): ref("Rated"),
    **{("POST", f"/desks/{{desk_id}}/{action}"): ref("Ticket") for action in _DESK_TICKET_ACTIONS},
    **{("POST", f"/desks/{{desk_id}}/{action}"): ref("Desk") for action in _DESK_STATE_ACTIONS},
    ("POST", "/offices/{office}/tickets/{ticket_id}/cancel"): ref("Ticket"),
    ("POST", "/offices/{office}/tickets/{ticket_id}/move"): ref("Ticket"),
    ("POST", "/desks/{desk_id}/force-close"): ref("ForceClosed"),
    ("PUT", "/desks/{desk_id}/services"): ref("DeskWithServices"),
    ("DELETE", "/desks/{desk_id}/services"): ref("DeskWithServices"),
    ("GET", "/offices/{office}/desks/state"): array(ref("DeskState")),
    ("GET", "/desks/{desk_id}/today"): ref("DeskToday"),
    ("GET", "/offices/{office}/staff"): array(ref("StaffMember")),
    ("POST", "/auth/login"): ref("LoggedIn"),
    ("GET", "/auth/me"): ref("Me"),
    ("POST", "/auth/password"): ref("PasswordChanged"),
    ("POST", "/offices/{office}/staff/{username}/unlock"): ref("Unlocked"),
    ("GET", "/devices"): array(ref("Device")),
    ("POST", "/devices"): ref("RegisteredDevice"),
    ("POST", "/devices/{device_id}/revoke"): ref("Device"),
    ("GET", "/offices/{office}/boards"): array(ref("BoardSummary")),
    ("GET", "/offices/{office}/boards/{board}"): ref("Board"),
    ("GET", "/offices/{office}/audit"): array(ref("AuditEntry")),
    ("GET", "/audit"): array(ref("AuditEntry")),
    ("GET", "/dashboard"): ref("NetworkDashboard"),
    ("GET", "/dashboard/{office}"): ref("OfficeDashboard"),
    ("GET", "/reports/summary"): ref("ReportSummary"),
    ("GET", "/reports/figures"): array(ref("FiguresRow")),
    ("GET", "/reports/operators"): array(ref("OperatorRow")),
    ("GET", "/reports/annual"): ref("AnnualReport"),
}


def answer_schema(method: str, path: str) -> Schema | None:
    """The schema of the operation's 2xx JSON body (`path` as the document spells it, with /api/v1)."""
    return ANSWERS.get((method.upper(), path.removeprefix("/api/v1")))
