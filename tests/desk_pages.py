"""The desk console in a fresh browser of its own, logged in through the form (the desk pages' tests share it)."""

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
