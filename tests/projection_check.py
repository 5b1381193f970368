"""The projection check every command test uses (Zulip's `verify_action`, in small)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from queue_server.commands.context import CommandContext
from queue_server.domain.projection import apply_event, public_snapshot
from queue_server.reads import queries
from queue_server.realtime.relay import public_message

T = TypeVar("T")


def verify_action(ctx: CommandContext, office: str, action: Callable[[], T]) -> tuple[T, list[dict[str, Any]]]:
    """Run `action`; its events applied to the snapshot before must give the snapshot after.

    Checked for the staff stream and for the public one, after a JSON round
    trip of every event (what travels on the wire).
    """
    publisher = ctx.publisher
    already = len(publisher.messages)  # type: ignore[attr-defined]
    before = queries.office_snapshot(ctx, office)
    result = action()
    after = queries.office_snapshot(ctx, office)
    sent = [m for m in publisher.messages[already:] if m["office"] == office]  # type: ignore[attr-defined]
    staff, public = before, public_snapshot(before)
    for message in sent:
        wire = json.loads(json.dumps(message))
        staff = apply_event(staff, wire)
        public = apply_event(public, json.loads(json.dumps(public_message(message))))
    assert staff == after
    assert public == public_snapshot(after)
    return result, sent
