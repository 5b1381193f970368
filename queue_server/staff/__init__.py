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

# the pages' modules add their routes to the blueprint above, so they are imported after it
from . import (  # noqa: E402
    complaints_page,  # noqa: F401  (routes of the register of complaints)
    dashboard,  # noqa: F401  (routes of the managers' dashboard)
    desk_console,  # noqa: F401  (routes of the desk console)
    outcomes_page,  # noqa: F401  (routes of the outcomes' import)
    reports_page,  # noqa: F401  (routes of the reports and the annual summary)
    supervisor,  # noqa: F401  (routes of the supervisor's page)
    survey_stickers,  # noqa: F401  (the survey's QR stickers, one per desk)
)
