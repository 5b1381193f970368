"""What every HTTP answer carries for the browser's protection, and where a request comes from.

The pages load scripts only from this server (no inline script anywhere:
the policy would refuse it), are never framed, send no referrer (a ticket's
page address holds its token), and staff answers are never cached. Behind a
reverse proxy the client's address comes from `X-Forwarded-For` only when
CHERGA_TRUSTED_PROXY says the proxy is ours; otherwise anyone could write
any address into the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask, Response

    from .settings import Settings

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob: data:",
        "connect-src 'self' ws: wss:",
        "style-src 'self' 'unsafe-inline'",  # the ticket page has an inline style block
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# answers that hold a login, a CSRF token, a device token or the audit log
STAFF_PAGES = ("/desk", "/supervisor", "/dashboard", "/reports")
NO_STORE_API = ("/api/v1/auth/", "/api/v1/devices", "/api/v1/audit", "/api/v1/reports/", "/api/v1/dashboard")


def no_store(path: str) -> bool:
    if any(path == page or path.startswith(page + "/") for page in STAFF_PAGES):
        return True
    return path.startswith(NO_STORE_API) or (path.startswith("/api/v1/offices/") and path.endswith("/audit"))


def install(app: Flask, settings: Settings) -> None:
    """Trust the proxy if told to; put the headers on every answer; give templates `csrf_token()`."""
    from flask import request
    from werkzeug.middleware.proxy_fix import ProxyFix

    from .api.actors import csrf_token

    if settings.trusted_proxy:
        # outermost, so Socket.IO's connections see the client's address too
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if no_store(request.path):
            response.headers["Cache-Control"] = "no-store"
        return response

    app.add_template_global(csrf_token, "csrf_token")
