"""Cherga's queue server. `create_app` is the one composition root.

Imports stay inside the function: `cherga serve` must be able to patch the
standard library for gevent before Flask, SQLAlchemy or ssl are imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from .domain.model import Network
    from .settings import Settings


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], dt.datetime] | None = None,
    network: Network | None = None,
) -> Flask:
    """Build the server: settings → network → database → commands → adapters.

    A `SocketIO` is made for each app (not a module global) so that tests can
    build several apps in one process without their handlers mixing.
    """
    import secrets

    import sqlalchemy as sa
    from flask import Flask, g, jsonify
    from flask_socketio import SocketIO

    from display_board import pages as board_pages
    from kiosk import pages as kiosk_pages

    from .api import alerts as alerts_api
    from .api import appointments as appointments_api
    from .api import audit as audit_api
    from .api import auth, boards, desks, openapi, supervision, tickets
    from .api import booking_pages as booking_pages_api
    from .api import caps as caps_api
    from .api import complaints as complaints_api
    from .api import dashboard as dashboard_api
    from .api import devices as devices_api
    from .api import help_requests as help_requests_api
    from .api import kiosk_speech as kiosk_speech_api
    from .api import network as network_api
    from .api import nodes as nodes_api
    from .api import outcomes as outcomes_api
    from .api import paper_roll as paper_roll_api
    from .api import remote_tickets as remote_tickets_api
    from .api import reports as reports_api
    from .api import survey as survey_api
    from .api import waits as waits_api
    from .api.errors import register_error_handlers
    from .commands.messages import MessageDelivery
    from .http_security import install as install_http_security
    from .i18n import translate
    from .messaging.configured import configured_senders
    from .network_config.files import read_files
    from .public import assets, booking_pages, door_page, pages, survey_page, waits_page
    from .realtime.install import install as install_realtime
    from .realtime.relay import SocketRelay
    from .settings import Settings
    from .staff import blueprint as staff_pages
    from .url_rules import LazyBuilderRule
    from .wiring import open_context

    settings = settings or Settings.from_env()
    ctx = open_context(settings, clock=clock, network=network)

    app = Flask(__name__)
    app.url_rule_class = LazyBuilderRule
    app.config.update(
        SECRET_KEY=settings.secret_key or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        CHERGA_SETTINGS=settings,
        SESSION_COOKIE_NAME="cherga_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.token_lifetime_hours),
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    socketio = SocketIO(app, async_mode=settings.async_mode, message_queue=settings.message_queue)
    ctx.publisher = SocketRelay(socketio)
    app.extensions["cherga"] = ctx
    app.extensions["cherga.socketio"] = socketio
    app.extensions["cherga.voice"] = voice_maker(settings)
    # the configuration's text as read at start: what an office node is given (docs/nodes.md)
    app.extensions["cherga.config_files"] = read_files(settings.config_dir) if network is None else {}
    # messages to visitors: the senders the settings configure; `cherga serve` runs the delivery loop
    app.extensions["cherga.messages"] = MessageDelivery(
        ctx,
        configured_senders(settings.messages),
        max_attempts=settings.messages.max_attempts,
        retention=dt.timedelta(days=settings.messages.retention_days),
    )

    register_error_handlers(app)
    for blueprint in (network_api.blueprint, tickets.blueprint, desks.blueprint, auth.blueprint, boards.blueprint, supervision.blueprint):
        app.register_blueprint(blueprint, url_prefix="/api/v1")
    for blueprint in (audit_api.blueprint, devices_api.blueprint, reports_api.blueprint, dashboard_api.blueprint, waits_api.blueprint, appointments_api.blueprint, booking_pages_api.blueprint):
        app.register_blueprint(blueprint, url_prefix="/api/v1")
    app.register_blueprint(remote_tickets_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(complaints_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(alerts_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(paper_roll_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(kiosk_speech_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(help_requests_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(nodes_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(caps_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(outcomes_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(survey_api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(openapi.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(waits_page.blueprint)
    app.register_blueprint(booking_pages.blueprint)
    app.register_blueprint(door_page.blueprint)
    app.register_blueprint(survey_page.blueprint)
    app.register_blueprint(assets.blueprint)
    app.register_blueprint(kiosk_pages.blueprint)
    app.register_blueprint(board_pages.blueprint)
    app.register_blueprint(staff_pages)

    @app.template_global("t")
    def t(key: str, lang: str | None = None, **values: object) -> str:
        """The template's message: the page's language unless one is named."""
        return translate(key, lang or g.get("lang", "uk"), **values)
    install_realtime(socketio, ctx, settings)
    install_http_security(app, settings)  # after SocketIO: a trusted proxy's fix wraps its connections too

    @app.get("/healthz")
    def healthz() -> Any:
        with ctx.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return jsonify({"status": "ok"})

    return app


def check_voice_clips(config_dir: Any) -> Any:
    """The folder of an office's recorded clips, checked: a bad clip is a configuration mistake."""
    from pathlib import Path

    from display_board.voice import check_clips

    from .network_config import ConfigError, Problem

    clips = Path(config_dir) / "voice"
    problems = check_clips(clips)
    if problems:
        raise ConfigError([Problem("voice/", "", problem) for problem in problems])
    return clips


def voice_maker(settings: Settings) -> Any:
    """The boards' voice; recorded clips in the configuration are checked before the server starts."""
    from pathlib import Path

    from display_board.voice import VoiceMaker

    return VoiceMaker(Path(settings.voice_cache_dir), clips_dir=check_voice_clips(settings.config_dir))
