"""Registered devices (kiosks, boards, print agents): list, register, revoke.

The same as `cherga device …` on the server, for an admin (and, to list and
revoke, an office's supervisor) who is not at the server's console.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from ..commands import accounts
from ..commands.access import ADMIN, SUPERVISOR, OfficeFrom
from ..commands.accounts import DEVICE_NAME_MAX
from ..commands.context import Actor, DeviceKind
from ..commands.devices import device_view, devices_for
from ..domain.errors import InvalidRequest
from .actors import command_context
from .bodies import CODE, EMPTY, Body, Field
from . import parameters
from .registry import operation

blueprint = Blueprint("devices_api", __name__)
TAG = "devices"
NEW_DEVICE = Body(
    "NewDevice",
    (
        Field("kind", str, required=True, enum=tuple(kind.value for kind in DeviceKind)),
        Field("office", str, required=True, max_length=CODE, min_length=1),
        Field("name", str, required=True, max_length=DEVICE_NAME_MAX, min_length=1, blank=False, description="a print agent takes its kiosk's name"),
    ),
)


@operation(
    blueprint,
    "/devices",
    "GET",
    summary="Registered devices, revoked ones included: an office's, or all an admin (or a supervisor) may see",
    tag=TAG,
    auth=SUPERVISOR.at(OfficeFrom.QUERY),  # decided before the query is checked, so others learn nothing
    responses={200: "OK", 400: "A malformed filter", 401: "No token", 403: "Not a supervisor of the office or an admin", 404: "Unknown office"},
    parameters=(parameters.code("office", "only this office's devices"),),
)
def list_devices(actor: Actor) -> Any:
    unknown = sorted(set(request.args) - {"office"})
    if unknown:
        raise InvalidRequest(f"unknown parameter(s): {', '.join(unknown)}", parameters=unknown)
    office = request.args.get("office")
    return jsonify([device_view(record) for record in devices_for(command_context(), office, actor=actor)])


@operation(
    blueprint,
    "/devices",
    "POST",
    summary="Register a kiosk, board or print agent; its token is in this answer and nowhere else",
    tag=TAG,
    body=NEW_DEVICE,
    auth=ADMIN,  # a device's token acts in an office without a person present
    responses={201: "Registered", 400: "Bad input", 401: "No token", 403: "Not an admin", 404: "Unknown office", 409: "The name is taken"},
)
def add_device(actor: Actor, body: dict[str, Any]) -> Any:
    record, token = accounts.add_device(command_context(), body["kind"], body["office"], body["name"], actor=actor)
    return jsonify({**device_view(record), "token": token}), 201


@operation(
    blueprint,
    "/devices/<int:device_id>/revoke",
    "POST",
    summary="Revoke a device's token: it stops working at once, and its live connections hear device.revoked and are closed",
    tag=TAG,
    body=EMPTY,
    auth=SUPERVISOR.at(OfficeFrom.DEVICE),  # who has no token learns nothing of devices
    responses={200: "The device, revoked", 401: "No token", 403: "Not a supervisor of the device's office or an admin", 404: "Unknown device"},
)
def revoke_device(device_id: int, actor: Actor, body: dict[str, Any]) -> Any:
    return jsonify(device_view(accounts.revoke_device(command_context(), device_id, actor=actor)))
