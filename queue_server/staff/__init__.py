"""The staff pages: the administrator's desk console `/desk` and the supervisor's `/supervisor`.

They are served by the server and use the same REST API and Socket.IO
staff stream as any other client, authenticated by the session cookie that
the login sets (HttpOnly, SameSite=Strict) plus a CSRF token for every
change, so the bearer token never reaches a page's scripts.
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint(
    "staff", __name__, template_folder="templates", static_folder="static", static_url_path="/static/staff"
)

from . import desk_console  # noqa: E402,F401  (routes of the desk console)
from . import supervisor  # noqa: E402,F401  (routes of the supervisor's page)
from . import dashboard  # noqa: E402,F401  (routes of the managers' dashboard)
from . import reports_page  # noqa: E402,F401  (routes of the reports and the annual summary)
