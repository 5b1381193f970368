"""The supervisor's table of today's ticket limits, in headless Chromium against a real server: counts, a live change, its undoing."""

from __future__ import annotations

import pytest

from browser import screenshot
from contract.test_supervisor_page import call, issue, office, supervisor_page  # noqa: F401  (`office` is a fixture)

pytestmark = pytest.mark.contract
SERVICE = "id-card-first"  # 80 a day in the bundled configuration


def test_a_supervisor_sees_the_limits_changes_one_for_today_and_the_kiosk_is_refused(browser, server, office) -> None:  # noqa: F811
    page = supervisor_page(browser, server)
    try:
        page.click("nav.tabs button[data-tab=queue]")
        row = page.locator(f"#caps tr[data-service='{SERVICE}']")
        row.wait_for()
        assert row.locator("input[data-cap=daily_cap]").input_value() == "80"
        issue(server, office["kiosk"], SERVICE)
        page.wait_for_function(f"() => document.querySelector(\"#caps tr[data-service='{SERVICE}'] .used\").textContent === '1'", timeout=10000)
        assert row.locator(".left").inner_text() == "79"

        row.locator("input[data-cap=daily_cap]").fill("1")
        row.locator(f"button[data-save='{SERVICE}']").click()
        page.wait_for_selector(f"#caps tr.sold-out[data-service='{SERVICE}']", timeout=10000)
        assert row.locator(".left").inner_text() == "0" and "змінено на сьогодні" in row.inner_text()
        refused = call(server, "POST", "/offices/main/tickets", office["kiosk"], {"service": SERVICE, "print": False})
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "sold_out"
        screenshot(page, "supervisor-caps-uk")
        page.click("#language")
        page.wait_for_function("() => document.querySelector('#caps-panel h3').textContent.includes('Ticket limits')")
        screenshot(page, "supervisor-caps-en")

        page.locator(f"button[data-restore='{SERVICE}']").click()
        page.wait_for_function(f"() => document.querySelector(\"#caps tr[data-service='{SERVICE}'] .left\").textContent === '79'", timeout=10000)
        issue(server, office["kiosk"], SERVICE)
        assert page.errors == []
    finally:
        page.close()
