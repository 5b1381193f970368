"""The answers' schemas are generated from the declared views, field for field."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from queue_server.api.answer_schemas import COMPONENTS
from queue_server.api.view_schemas import NAMED, view_schema
from queue_server.domain.views import DeskView, TicketView
from queue_server.views.desk import ForceClosed
from queue_server.views.fields import Clock


def test_every_view_component_lists_the_views_fields_in_order_all_required() -> None:
    assert {"Ticket", "Desk", "DeskWithServices", "Office", "Board", "TicketStatus", "IssuedTicket"} <= set(NAMED.values())
    for view, name in NAMED.items():
        schema = COMPONENTS[name]
        names = [item.name for item in dataclasses.fields(view)]
        assert list(schema["properties"]) == names and schema["required"] == names, name
        assert schema["additionalProperties"] is False


def test_the_types_become_the_documents_types() -> None:
    ticket = COMPONENTS["Ticket"]["properties"]
    assert ticket["id"] == {"type": "integer"} and ticket["held"] == {"type": "boolean"}
    assert ticket["status"]["enum"] == ["waiting", "called", "serving", "done", "no_show", "cancelled"]
    assert ticket["issued_at"]["format"] == "date-time" and "nullable" not in ticket["issued_at"]
    assert ticket["called_at"]["nullable"] is True and ticket["desk"] == {"type": "string", "nullable": True}
    desk = COMPONENTS["Desk"]["properties"]
    assert desk["ticket"]["description"] == "the number of the ticket at the desk"
    assert COMPONENTS["Office"]["properties"]["hours"]["additionalProperties"]["maxItems"] == 2
    assert COMPONENTS["ForceClosed"]["properties"] == {
        "desk": {"$ref": "#/components/schemas/Desk"},
        "requeued": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}},
    }
    assert NAMED[TicketView] == "Ticket" and NAMED[DeskView] == "Desk" and ForceClosed in NAMED


def test_a_field_of_a_type_without_a_json_spelling_is_refused_by_name() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        at: dt.timedelta

    with pytest.raises(TypeError, match="timedelta"):
        view_schema(Odd)


def test_a_clock_and_a_pair_of_them() -> None:
    @dataclasses.dataclass(frozen=True)
    class Hours:
        quiet: tuple[Clock, Clock] | None

    quiet = view_schema(Hours)["properties"]["quiet"]
    assert quiet["items"]["pattern"] and quiet["minItems"] == quiet["maxItems"] == 2 and quiet["nullable"] is True
