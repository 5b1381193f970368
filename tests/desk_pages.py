"""The staff pages in a fresh browser of their own, logged in through the form: the desk console, the supervisor's page."""

from __future__ import annotations

PASSWORD = "password-1"


def console(browser, server, username: str, desk: str | None = "Вікно 3", width: int = 1366, height: int = 800):
    """A fresh browser (its own cookies), logged in through the form, at the chosen desk."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(server.url + "/desk")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button")
    try:
        page.wait_for_selector("#console", timeout=30000)
    except Exception as error:
        raise AssertionError(f"not logged in: {page.inner_text('body')[:300]!r}") from error
    if desk is not None:
        page.wait_for_selector("#choose:not([hidden])")
        page.click(f"#desk-choice button:text-is('{desk}')")
        page.wait_for_selector("#desk-state[data-status]")
    return page


def supervisor_page(browser, server, username: str = "iryna", **options):  # type: ignore[no-untyped-def]
    """The supervisor's page in a browser of its own (`options`: Playwright's, e.g. a locale), logged in through its form."""
    page = browser.new_page(**{"viewport": {"width": 1440, "height": 900}, **options})
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + "/supervisor")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#supervisor[data-ready=true]", timeout=10000)
    return page
