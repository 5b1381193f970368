"""What each operation answers, as JSON Schemas for the OpenAPI document.

The answers about tickets, desks, offices and boards are the declared views
(`domain/views.py`: `TicketView`, `DeskView`; `views/`: one module per
audience), and their schemas are generated from those declarations
(`view_schemas.py`), so an answer and its schema cannot drift apart. The
rest (logins, devices, the constants, the staff list, the audit log) are
written here by hand, next to each other, and the dashboard's and the
reports' in `report_schemas.py`, with the building blocks in
`schema_parts.py`.

Every object is closed (`additionalProperties: false`) and lists every
field as required, so a field added to an answer without its schema fails
the tests that check real answers of a real server against the document
(tests/api/test_answer_schemas.py, tests/contract/test_schemathesis.py).
A field named in `optional` is one an answer leaves out on purpose (the
public stream drops the staff-only fields).
"""

from __future__ import annotations

from ..commands.context import DeviceKind, StaffRole
from ..domain.events import STAFF_ONLY_FIELDS
from ..domain.views import DeskView, DeskWithServicesView, TicketView
from ..views.appointments import BlockLiftView, BookingView, CheckedInView, ClosureView, OfficeBookingView, SlotView
from ..views.board import BoardSummaryView, BoardView
from ..views.booking_calendar import OpenDayView
from ..views.caps import OfficeCapsView, ServiceCapView
from ..views.complaints import ComplaintView, FiledComplaintView
from ..views.desk import DeskStateView, DeskTodayView, ForceClosed
from ..views.office import (
    AirRaidChangeView,
    AirRaidView,
    CategoryView,
    ConfiguredDeskView,
    OfficeView,
    PaperModeView,
    PriorityView,
    ServiceView,
    ServiceWaitView,
    TripView,
)
from ..views.visitor import ArrivalView, IssuedTicketView, RatedView, RemoteIssuedTicketView, TicketStatusView
from ..views.waits import GroupWaitView, NetworkWaitsView, OfficeWaitsView, QuietestOfficeView
from .kpi_schemas import KPI_REPORT
from .report_schemas import (
    ANNUAL,
    COMPLAINT_RATE_ROW,
    DEADLINE_REPORT,
    FIGURES_ROW,
    NETWORK_DASHBOARD,
    OFFICE_DASHBOARD,
    OPERATOR_ROW,
    REPORT_SUMMARY,
    SURVEY_REPORT,
    TRIP_ROW,
)
from .schema_parts import (
    ANY_OBJECT,
    BOOLEAN,
    DAY,
    DESK_STATUS,
    INTEGER,
    STRING,
    TIME,
    Schema,
    array,
    closed,
    maybe,
    one_of,
    ref,
)
from .view_schemas import named, view_schema

CONSTANTS = closed({
    "pause_reasons": array(STRING),
    "desk_states": array(STRING),
    "ticket_statuses": array(STRING),
    "at_desk_statuses": array(STRING),
    "printer_states": array(STRING),
})

# ---- the live queue (domain/projection.py: the snapshot is made of the views, some fields staff-only)

QUEUE = closed(
    {
        "office": STRING,
        "seq": {**INTEGER, "minimum": 0},
        "waiting": array(view_schema(TicketView, optional=STAFF_ONLY_FIELDS)),
        "calls": array(view_schema(TicketView, optional=STAFF_ONLY_FIELDS)),
        "desks": array(view_schema(DeskWithServicesView, optional=STAFF_ONLY_FIELDS)),
        "air_raid": closed({"active": BOOLEAN, "since": maybe(TIME)}),
        "paper_mode": closed({"active": BOOLEAN, "since": maybe(TIME)}),
    }
)

# ---- a visitor's call for help at a kiosk (api/help_requests.py, domain/help_requests.py)

HELP_REQUEST = closed(
    {
        "id": INTEGER,
        "office": STRING,
        "kiosk": STRING,
        "asked_at": TIME,
        "handled_at": maybe(TIME),
        "handled_by": maybe(STRING),
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

# ---- the supervisor's reads (reads/queries.py)

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

COMPONENTS: dict[str, Schema] = dict(
    [
        named("Trip", TripView),
        named("Office", OfficeView),
        named("Service", ServiceView),
        named("Category", CategoryView),
        named("ConfiguredDesk", ConfiguredDeskView),
        named("Priority", PriorityView),
        ("Constants", CONSTANTS),
        named("Ticket", TicketView),
        named("Desk", DeskView),
        named("DeskWithServices", DeskWithServicesView),
        ("Queue", QUEUE),
        named("IssuedTicket", IssuedTicketView),
        named("TicketStatus", TicketStatusView),
        named("Rated", RatedView),
        named("RemoteIssuedTicket", RemoteIssuedTicketView),
        named("ArrivalConfirmed", ArrivalView),
        named("ServiceWait", ServiceWaitView),
        named("AirRaid", AirRaidView),
        named("AirRaidChange", AirRaidChangeView),
        named("PaperMode", PaperModeView),
        named("ServiceCap", ServiceCapView),
        named("OfficeCaps", OfficeCapsView),
        named("GroupWait", GroupWaitView),
        named("OfficeWaits", OfficeWaitsView),
        named("QuietestOffice", QuietestOfficeView),
        named("NetworkWaits", NetworkWaitsView),
        ("LoggedIn", LOGIN),
        ("Me", ME),
        ("PasswordChanged", PASSWORD_CHANGED),
        ("Unlocked", UNLOCKED),
        ("Device", DEVICE),
        ("RegisteredDevice", NEW_DEVICE),
        named("BoardSummary", BoardSummaryView),
        named("Board", BoardView),
        named("ForceClosed", ForceClosed),
        named("DeskState", DeskStateView),
        named("DeskToday", DeskTodayView),
        ("StaffMember", STAFF_MEMBER),
        ("AuditEntry", AUDIT_ENTRY),
        ("NetworkDashboard", NETWORK_DASHBOARD),
        ("OfficeDashboard", OFFICE_DASHBOARD),
        ("ReportSummary", REPORT_SUMMARY),
        ("FiguresRow", FIGURES_ROW),
        ("OperatorRow", OPERATOR_ROW),
        ("AnnualReport", ANNUAL),
        ("TripRow", TRIP_ROW),
        ("DeadlineReport", DEADLINE_REPORT),
        ("SurveyReport", SURVEY_REPORT),
        ("ComplaintRateRow", COMPLAINT_RATE_ROW),
        ("KpiReport", KPI_REPORT),
        named("Slot", SlotView),
        named("Booking", BookingView),
        named("CheckedIn", CheckedInView),
        named("OfficeBooking", OfficeBookingView),
        named("OpenDay", OpenDayView),
        named("BookingClosure", ClosureView),
        named("BookingBlockLift", BlockLiftView),
        named("Complaint", ComplaintView),
        named("FiledComplaint", FiledComplaintView),
        ("HelpRequest", HELP_REQUEST),
    ]
)

_DESK_TICKET_ACTIONS = (
    "recall", "start", "finish", "no-show", "hold", "return", "transfer", "call-next", "call-ticket", "skip-step", "add-step", "end-visit",
)  # fmt: skip
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
    ("GET", "/offices/{office}/alert"): ref("AirRaid"),
    ("POST", "/offices/{office}/alert"): ref("AirRaid"),
    ("POST", "/alerts"): closed({"offices": array(ref("AirRaidChange"))}),
    ("GET", "/alerts"): closed({"offices": array(ref("AirRaid"))}),
    ("GET", "/offices/{office}/paper-mode"): ref("PaperMode"),
    ("POST", "/offices/{office}/paper-mode"): ref("PaperMode"),
    ("POST", "/desks/{desk_id}/paper-ticket"): ref("Ticket"),
    ("GET", "/reports/paper-tickets"): array(closed({"office": STRING, "day": DAY, "paper_tickets": INTEGER})),
    ("POST", "/offices/{office}/day/close"): closed({"office": STRING, "closed": {**INTEGER, "minimum": 0}}),
    ("GET", "/offices/{office}/caps"): ref("OfficeCaps"),
    ("PUT", "/offices/{office}/services/{service}/cap"): ref("OfficeCaps"),
    ("DELETE", "/offices/{office}/services/{service}/cap"): ref("OfficeCaps"),
    ("GET", "/priorities"): array(ref("Priority")),
    ("GET", "/constants"): ref("Constants"),
    ("GET", "/waits"): ref("NetworkWaits"),
    ("POST", "/offices/{office}/tickets"): ref("IssuedTicket"),
    ("GET", "/tickets/{token}"): ref("TicketStatus"),
    ("POST", "/tickets/{token}/rating"): ref("Rated"),
    ("POST", "/offices/{office}/remote-tickets"): ref("RemoteIssuedTicket"),
    ("POST", "/offices/{office}/arrivals"): ref("ArrivalConfirmed"),
    ("POST", "/tickets/{token}/arrival"): ref("ArrivalConfirmed"),
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
    ("GET", "/reports/trips"): array(ref("TripRow")),
    ("GET", "/reports/deadlines"): ref("DeadlineReport"),
    ("GET", "/reports/survey"): ref("SurveyReport"),
    ("POST", "/desks/{desk_id}/survey"): ref("Rated"),
    ("POST", "/offices/{office}/outcomes"): closed({
        "ticket_id": INTEGER, "ticket_number": STRING, "office": STRING, "service": STRING, "step": INTEGER, "outcome_date": DAY,
        "result": {"enum": ["added", "unchanged", "changed"]},
    }),
    ("GET", "/offices/{office}/served-requests"): array(closed({
        "ticket_id": INTEGER, "ticket_number": STRING, "day": DAY, "service": STRING, "step": INTEGER, "deadline": DAY,
        "outcome_date": maybe(DAY),
    })),
    ("POST", "/outcomes/import"): closed({
        "added": INTEGER, "changed": INTEGER, "unchanged": INTEGER,
        "rejected": array(closed({"line": INTEGER, "reason": STRING, "message": STRING})),
    }),
    ("GET", "/reports/complaints"): array(ref("ComplaintRateRow")),
    ("GET", "/reports/kpis"): ref("KpiReport"),
    ("GET", "/offices/{office}/services/{service}/slots"): array(ref("Slot")),
    ("POST", "/appointments"): ref("Booking"),
    ("GET", "/appointments/{token}"): ref("Booking"),
    ("POST", "/appointments/{token}/cancel"): ref("Booking"),
    ("POST", "/offices/{office}/appointments/{code}/cancel"): ref("Booking"),
    ("POST", "/offices/{office}/booking-closures"): ref("BookingClosure"),
    ("GET", "/offices/{office}/booking-closures"): array(ref("BookingClosure")),
    ("POST", "/offices/{office}/booking-closures/{closure_id}/withdraw"): ref("BookingClosure"),
    ("POST", "/offices/{office}/booking-blocks/lift"): ref("BookingBlockLift"),
    ("POST", "/tickets/{token}/complaint"): ref("FiledComplaint"),
    ("POST", "/offices/{office}/complaints"): ref("Complaint"),
    ("GET", "/offices/{office}/complaints"): array(ref("Complaint")),
    ("GET", "/complaints/overdue"): array(ref("Complaint")),
    ("POST", "/offices/{office}/complaints/{complaint_id}/assign"): ref("Complaint"),
    ("POST", "/offices/{office}/complaints/{complaint_id}/answer"): ref("Complaint"),
    ("POST", "/offices/{office}/complaints/{complaint_id}/withdraw"): ref("Complaint"),
    ("POST", "/offices/{office}/help-requests"): ref("HelpRequest"),
    ("GET", "/offices/{office}/help-requests"): array(ref("HelpRequest")),
    ("POST", "/offices/{office}/help-requests/{call_id}/handled"): ref("HelpRequest"),
    ("POST", "/offices/{office}/check-ins"): ref("CheckedIn"),
    ("GET", "/offices/{office}/appointments"): array(ref("OfficeBooking")),
    ("GET", "/offices/{office}/services/{service}/days"): array(ref("OpenDay")),
    ("GET", "/node/assignment"): closed({
        "office": STRING, "node": STRING, "tickets_from": INTEGER, "tickets_to": INTEGER, "seq": INTEGER,
        "counters": array(closed({"day": DAY, "prefix": STRING, "last": INTEGER})),
    }),
    ("POST", "/node/batch"): closed({"seq": INTEGER, "cursors": closed({"audit_log": INTEGER, "turned_away": INTEGER})}),
    ("POST", "/node/changes"): closed({"kinds": ANY_OBJECT}),
    ("GET", "/nodes"): array(closed({
        "office": STRING, "node": maybe(STRING), "address": STRING, "adopted_at": TIME, "last_contact_at": maybe(TIME),
        "waiting": INTEGER, "seq": INTEGER,
    })),
}


def answer_schema(method: str, path: str) -> Schema | None:
    """The schema of the operation's 2xx JSON body (`path` as the document spells it, with /api/v1)."""
    return ANSWERS.get((method.upper(), path.removeprefix("/api/v1")))
