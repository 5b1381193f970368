"""The ticket and the desk as every stream, snapshot and answer shows them: declared once.

`TicketView` and `DeskView` are frozen dataclasses because the events carry
them (`events.py`) and the snapshot is made of them (`projection.py`); the
answers of the REST API render the same values (`queue_server/views/`), and
the OpenAPI document's schemas are generated from these declarations, so a
field added here is a field of every stream, answer and schema at once.

`to_json` is the one spelling of a view in JSON: fields in their declared
order, times in ISO 8601 UTC, enumerations as their values, tuples as lists.
It knows nothing of the audience; the public stream drops the
`STAFF_ONLY_FIELDS` afterwards (`events.public_view`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .desks import DeskState, DeskStatus
from .model import Desk, DeskId, DeskProfile, ServiceCode, TicketId
from .tickets import Step, StepStatus, Ticket, TicketStatus
from .visit_steps import shown_steps

JSON = dict[str, Any]


def timestamp(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC: one spelling of time on every stream."""
    if moment is None:
        return None
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def doc(text: str) -> dict[str, str]:
    """A field's description for the generated schema: `field(metadata=doc("..."))`."""
    return {"doc": text}


def to_json_value(value: Any) -> Any:
    """One value of a view as JSON: the rule every view (and every answer of `views/`) follows."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_json_value(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [to_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    return value


def render(view: Any) -> JSON:
    """A view (a dataclass instance) as a JSON object, by `to_json_value`'s rule."""
    if not dataclasses.is_dataclass(view) or isinstance(view, type):
        raise TypeError(f"a view is a dataclass instance, not {type(view).__name__}")
    result: JSON = to_json_value(view)
    return result


@dataclass(frozen=True)
class StepView:
    """One step of a visit as every stream shows it: the service, how far it got, the desk that did it."""

    service: ServiceCode
    status: StepStatus
    desk: DeskId | None = field(default=None, metadata=doc("the desk the step is or was at"))

    @classmethod
    def of(cls, step: Step) -> StepView:
        return cls(step.service, step.status, step.desk)


@dataclass(frozen=True)
class TicketView:
    """The ticket as the streams, the snapshot and the desks' answers show it (the staff form)."""

    id: TicketId
    number: str
    service: ServiceCode
    status: TicketStatus
    desk: DeskId | None
    target_desk: DeskId | None
    held: bool
    issued_at: dt.datetime
    called_at: dt.datetime | None
    started_at: dt.datetime | None
    recalls: int
    transfers: int
    priority: str | None
    note: str | None
    appointment_at: dt.datetime | None
    remote: bool = field(default=False, metadata=doc("taken from a phone for today"))
    awaiting_arrival: bool = field(
        default=False, metadata=doc("a remote ticket not yet confirmed at the office: desks pass it by, it keeps its place")
    )
    steps: tuple[StepView, ...] = field(default=(), metadata=doc("the visit's services in order; `service` is the current one's"))
    step: int = field(default=0, metadata=doc("the index of the current step in `steps`"))
    package: ServiceCode | None = field(default=None, metadata=doc("the life-situation package the visit was issued for"))

    @classmethod
    def of(cls, ticket: Ticket) -> TicketView:
        return cls(
            id=ticket.id,
            number=ticket.number,
            service=ticket.service,
            status=ticket.status,
            desk=ticket.desk,
            target_desk=ticket.target_desk,
            held=ticket.held_by is not None,
            issued_at=ticket.issued_at,
            called_at=ticket.called_at,
            started_at=ticket.started_at,
            recalls=ticket.recalls,
            transfers=ticket.transfers,
            priority=ticket.priority,
            note=ticket.note,
            appointment_at=ticket.appointment_at,
            remote=ticket.remote,
            awaiting_arrival=ticket.awaits_arrival,
            steps=tuple(StepView.of(step) for step in shown_steps(ticket)),
            step=ticket.step,
            package=ticket.package,
        )

    def to_json(self) -> JSON:
        return render(self)


@dataclass(frozen=True)
class DeskView:
    """The desk as the streams, the snapshot and the desks' answers show it: its state now."""

    id: DeskId
    number: int
    name: str
    name_en: str
    kind: str
    status: DeskStatus
    ticket: str | None = field(metadata=doc("the number of the ticket at the desk"))
    reason: str | None = field(metadata=doc("why the desk is on a break"))
    operator: str | None = field(metadata=doc("who holds the desk"))

    @classmethod
    def of(cls, desk: Desk, state: DeskState, ticket_number: str | None) -> DeskView:
        return cls(
            id=desk.id,
            number=desk.number,
            name=desk.name.uk,
            name_en=desk.name.en,
            kind=desk.kind,
            status=state.status,
            ticket=ticket_number,
            reason=state.reason,
            operator=state.operator,
        )

    def to_json(self) -> JSON:
        return render(self)


@dataclass(frozen=True)
class DeskServicesView:
    """What a desk serves today: `services` in the office's order, their `weights`
    (staff only), and `services_changed` when a supervisor's change replaces the
    configured profile. Snapshots carry it for every desk."""

    services: tuple[ServiceCode, ...]
    weights: Mapping[ServiceCode, float]
    services_changed: bool

    @classmethod
    def of(cls, offered: Sequence[ServiceCode], profile: DeskProfile, changed: bool) -> DeskServicesView:
        order = {code: index for index, code in enumerate(offered)}
        codes = sorted(
            (code for code in profile.weights if profile.serves(code)),
            key=lambda code: (order.get(code, len(order)), code),
        )
        return cls(tuple(codes), {code: profile.weight(code) for code in codes}, changed)


@dataclass(frozen=True)
class DeskWithServicesView(DeskView):
    """The desk with its services of today: the snapshot's desks and `desk.services_changed`."""

    services: tuple[ServiceCode, ...]
    weights: Mapping[ServiceCode, float]
    services_changed: bool

    @classmethod
    def joined(cls, desk: DeskView, today: DeskServicesView) -> DeskWithServicesView:
        state = {item.name: getattr(desk, item.name) for item in dataclasses.fields(DeskView)}
        return cls(**state, services=today.services, weights=today.weights, services_changed=today.services_changed)
