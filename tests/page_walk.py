"""A walk over every page of the app, for checks that must see each page (tests/contract/test_accessibility.py).

A test module registers its visits with `@visit(route, state, viewer)`: the
route as the app's URL map spells it, what the page shows when checked, and
whose browser sees it. `html_page_rules` lists the app's page routes, so a
test can fail on a page no visit names; `Viewers` keeps one browser page per
viewer for the whole walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from browser import ARTIFACTS, screenshot
from desk_pages import PASSWORD, console

PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1440, "height": 900}
TV = {"width": 1920, "height": 1080}


@dataclass(frozen=True)
class Visit:
    route: str  # the app's URL rule, as url_map spells it
    state: str  # what the page shows when it is checked
    viewer: str  # whose browser: "phone", "screen", "tv", or a staff member's name
    go: Callable[[Any, Any], None]  # (page, site): brings the viewer's page to the state


VISITS: list[Visit] = []


def visit(route: str, state: str, viewer: str = "phone") -> Callable[[Callable[[Any, Any], None]], Callable[[Any, Any], None]]:
    def register(go: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        VISITS.append(Visit(route, state, viewer, go))
        return go

    return register


def html_page_rules(app: Any) -> set[str]:
    """The app's GET routes that answer a page: not the API, static files, vendored scripts or files with an extension."""
    rules = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in ("healthz", "static") or rule.endpoint.endswith(".static"):
            continue
        if rule.rule.startswith(("/api/", "/vendor/", "/static/")) or "." in rule.rule.rsplit("/", 1)[-1]:
            continue
        rules.add(rule.rule)
    return rules


def look(page: Any, name: str) -> None:
    """A screenshot to look at: the whole page, or its first screens where it is very long (every office's waits on a phone)."""
    if page.evaluate("document.documentElement.scrollHeight") <= 4000:
        screenshot(page, name)
    else:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": 4000})


class Viewers:
    """One page per viewer, made on first use: a phone, a desktop screen, a TV, an operator at the desk console, or another member of staff logged in through the form."""

    def __init__(self, browser: Any, server: Any, operators: tuple[str, ...] = ()) -> None:
        self.browser, self.server, self.operators = browser, server, operators
        self.pages: dict[str, Any] = {}

    def page(self, viewer: str) -> Any:
        if viewer not in self.pages:
            self.pages[viewer] = self._open(viewer)
        return self.pages[viewer]

    def _open(self, viewer: str) -> Any:
        if viewer in self.operators:  # at the desk console, at «Вікно 3»
            page = console(self.browser, self.server, viewer, desk="Вікно 3", width=SCREEN["width"], height=SCREEN["height"])
        else:
            size = {"phone": PHONE, "tv": TV}.get(viewer, SCREEN)
            context = self.browser.new_context(viewport=size, locale="uk-UA", timezone_id="Europe/Kyiv", is_mobile=viewer == "phone", has_touch=viewer == "phone")
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            if viewer not in ("phone", "screen", "tv"):
                self._log_in(page, viewer)
        return page

    def _log_in(self, page: Any, username: str) -> None:
        page.goto(f"{self.server.url}/supervisor")
        page.wait_for_selector("#login-form")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#supervisor[data-ready=true]", state="attached")

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()
