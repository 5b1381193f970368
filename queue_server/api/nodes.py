"""Office nodes over REST: a node's pairing, batches and changes; the state of every node for the network's overseers.

docs/nodes.md tells the story; the centre's side is commands/nodes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify

from protocol.fields import Message, limits

from ..commands import nodes
from ..commands.access import OFFICE_NODE, OFFICE_OVERSEER, OfficeFrom
from ..commands.context import Actor
from ..domain.events import timestamp
from .actors import command_context
from .registry import operation

blueprint = Blueprint("nodes_api", __name__)
TAG = "nodes"
BATCH_BYTES = 8 * 1024 * 1024  # a batch is at most about 1 MB (store/node_changes.py); room for long comments


@dataclass(frozen=True, kw_only=True)
class NodeBatch(Message):
    office: str = limits(min_length=1, max_length=40, doc="the node's office")
    events: Any = limits(doc="the office's events after the last the centre holds, in seq order: {seq, type, at, data}")
    rows: Any = limits(doc="rows the events changed, each {table, key, row} (row null: deleted)")
    appended: Any = limits(doc="audit entries and visitors turned away after the centre's cursors, by table")
    waiting: int = limits(minimum=0, maximum=10_000_000, doc="the office's events the node has not sent yet, this batch's included")


@dataclass(frozen=True, kw_only=True)
class KnownHashes(Message):
    known: dict[str, str] = limits(doc="the hash of each kind of the centre's data the node holds (config, devices, users, appointments)")


@operation(
    blueprint, "/node/assignment", "GET", tag=TAG, auth=OFFICE_NODE,
    summary="What an office node starts with: its office, its range of ticket ids, the office's seq and numbers so far",
    responses={200: "The assignment", 401: "No token", 403: "Not an office node's token, or no office adopted"},
)  # fmt: skip
def assignment(actor: Actor) -> Any:
    return jsonify(nodes.assignment(command_context(), actor))


@operation(
    blueprint, "/node/batch", "POST", tag=TAG, auth=OFFICE_NODE, body=NodeBatch, max_bytes=BATCH_BYTES,
    summary="An office node's events and rows, taken exactly once and in order; answers the seq the centre holds",
    responses={
        200: "The batch is held", 400: "Bad input: a row of another office, an unknown table or column",
        401: "No token", 403: "Not this office's node",
        409: "The batch begins past the next event the centre wants (seq_gap, with want)",
    },
)  # fmt: skip
def batch(actor: Actor, body: NodeBatch) -> Any:
    received = nodes.receive_batch(
        command_context(), actor, office=body.office, events=body.events, rows=body.rows, appended=body.appended, waiting=body.waiting
    )
    return jsonify(received)


@operation(
    blueprint, "/node/changes", "POST", tag=TAG, auth=OFFICE_NODE, body=KnownHashes,
    summary="The devices, accounts and bookings of the node's office that differ from what it holds",
    responses={200: "The kinds that changed, each whole with its hash", 401: "No token", 403: "Not an office node's token"},
)  # fmt: skip
def changes(actor: Actor, body: KnownHashes) -> Any:
    config = current_app.extensions.get("cherga.config_files", {})
    return jsonify({"kinds": nodes.changes_for(command_context(), actor, dict(body.known), config)})


@operation(
    blueprint, "/nodes", "GET", tag=TAG, auth=OFFICE_OVERSEER.at(OfficeFrom.NONE),
    summary="Every office node: its office and address, when it was last heard, the events it has not sent",
    responses={200: "The nodes", 401: "No token", 403: "Not a manager or an admin"},
)  # fmt: skip
def node_list(actor: Actor) -> Any:
    states = nodes.node_states(command_context())
    return jsonify([{**state, "adopted_at": timestamp(state["adopted_at"]), "last_contact_at": state["last_contact_at"] and timestamp(state["last_contact_at"])} for state in states])
