"""Registered devices (kiosks, boards, print agents): list, register, revoke.

The same as `cherga device …` on the server, for an admin (and, to list and
revoke, an office's supervisor) who is not at the server's console.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands import accounts
from ..commands.access import ADMIN, SUPERVISOR, OfficeFrom
from ..commands.context import Actor
from ..commands.devices import device_view, devices_for
from .actors import command_context
from .bodies import Empty, NewDevice
from .parameters import DevicesQuery
from .registry import operation

blueprint = Blueprint("devices_api", __name__)
TAG = "devices"


@operation(
    blueprint,
    "/devices",
    "GET",
    summary="Registered devices, revoked ones included: an office's, or all an admin (or a supervisor) may see",
    tag=TAG,
    auth=SUPERVISOR.at(OfficeFrom.QUERY),  # decided before the query is checked, so others learn nothing
    responses={200: "OK", 400: "A malformed filter", 401: "No token", 403: "Not a supervisor of the office or an admin", 404: "Unknown office"},
    query=DevicesQuery,
)
def list_devices(actor: Actor, query: DevicesQuery) -> Any:
    return jsonify([device_view(record) for record in devices_for(command_context(), query.office, actor=actor)])


@operation(
    blueprint,
    "/devices",
    "POST",
    summary="Register a kiosk, board or print agent; its token is in this answer and nowhere else",
    tag=TAG,
    body=NewDevice,
    auth=ADMIN,  # a device's token acts in an office without a person present
    responses={201: "Registered", 400: "Bad input", 401: "No token", 403: "Not an admin", 404: "Unknown office", 409: "The name is taken"},
)
def add_device(actor: Actor, body: NewDevice) -> Any:
    record, token = accounts.add_device(command_context(), body.kind, body.office, body.name, actor=actor)
    return jsonify({**device_view(record), "token": token}), 201


@operation(
    blueprint,
    "/devices/<int:device_id>/revoke",
    "POST",
    summary="Revoke a device's token: it stops working at once, and its live connections hear device.revoked and are closed",
    tag=TAG,
    body=Empty,
    auth=SUPERVISOR.at(OfficeFrom.DEVICE),  # who has no token learns nothing of devices
    responses={200: "The device, revoked", 401: "No token", 403: "Not a supervisor of the device's office or an admin", 404: "Unknown device"},
)
def revoke_device(device_id: int, actor: Actor, body: Empty) -> Any:
    return jsonify(device_view(accounts.revoke_device(command_context(), device_id, actor=actor)))
