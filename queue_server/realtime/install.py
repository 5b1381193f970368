"""Puts the Socket.IO layer on a server: the audiences, composed into the one namespace, and the last-resort error handler.

Called once by the composition root (`create_app`), before any connection.
"""

from __future__ import annotations

from flask_socketio import SocketIO

from ..commands.context import CommandContext
from ..settings import Settings
from .answers import internal_error
from .boards import HallBoards
from .connections import Connections
from .kiosk_pages import KioskPages
from .namespace import ChergaNamespace
from .presence import live_presence
from .print_agents import PrintAgents
from .shared_presence import SharedPresence, shares_presence
from .subscribers import Subscribers


def build_namespace(socketio: SocketIO, ctx: CommandContext, settings: Settings) -> ChergaNamespace:
    """Every audience, with its settings and the state it shares: who each connection is (`Connections`)."""
    # at the server's start: a board or agent not seen from then on counts as never seen; shared by the processes of one Redis
    shared = SharedPresence(settings.message_queue, settings.heartbeat_seconds) if settings.message_queue and shares_presence(settings.message_queue) else None
    presence = live_presence(ctx, shared)
    connections = Connections(ctx, max_per_address=settings.max_sockets_per_address, public_url=settings.public_url)
    return ChergaNamespace(
        connections,
        [
            Subscribers(socketio, ctx, connections, max_replay=settings.max_replay),
            PrintAgents(socketio, ctx, connections, presence.agents, print_job_max_age_seconds=settings.print_job_max_age_seconds),
            KioskPages(connections),
            HallBoards(socketio, ctx, connections, presence.boards, heartbeat_seconds=settings.heartbeat_seconds),
        ],
    )


def install(socketio: SocketIO, ctx: CommandContext, settings: Settings) -> ChergaNamespace:
    namespace = build_namespace(socketio, ctx, settings)
    socketio.on_namespace(namespace)
    socketio.on_error_default(internal_error)
    return namespace
