"""Runs the server process: the app, its heartbeat, and the Socket.IO web server."""

from __future__ import annotations

import datetime as dt
import logging

from . import create_app
from .settings import Settings

log = logging.getLogger("cherga")


def serve(settings: Settings, host: str, port: int) -> None:
    from .realtime.heartbeat import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    socketio = app.extensions["cherga.socketio"]
    ctx = app.extensions["cherga"]
    socketio.start_background_task(
        run_forever,
        socketio,
        ctx,
        settings.heartbeat_seconds,
        dt.timedelta(days=settings.event_retention_days),
    )
    log.info(
        "Cherga serves «%s» (%d offices) on http://%s:%d with %s; database %s",
        ctx.network.name.uk,
        len(ctx.network.offices),
        host,
        port,
        settings.async_mode,
        settings.database_url,
    )
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
