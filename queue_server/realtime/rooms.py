"""Room names, and the one namespace every client connects to, spelled in one place."""

from __future__ import annotations

from protocol.messages import Stream  # public: hall boards, visitors' phones, ticket numbers only; staff: everything

__all__ = ["NAMESPACE", "Stream", "office_room", "device_room", "device_id_room"]

NAMESPACE = "/"  # boards, kiosks, desks, dashboards, print agents and visitors' pages alike (namespace.py)


def office_room(office: str, stream: Stream) -> str:
    return f"office:{office}:{stream.value}"


def device_room(kind: str, office: str, name: str) -> str:
    """The room of one registered device: a kiosk page, or the print agent beside it."""
    return f"device:{office}:{kind}:{name}"


DEVICE_ID_ROOM_PREFIX = "device-id:"


def device_id_room(device_id: int) -> str:
    """Every live connection of one registered device, by id: what a revocation closes."""
    return f"{DEVICE_ID_ROOM_PREFIX}{device_id}"
