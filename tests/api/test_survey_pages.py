"""The desk's survey page, its QR code, the desk display's code and the supervisor's stickers, in-process."""

from __future__ import annotations

from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.store.accounts import UserRecord
from web import bearer


def serve(app_ctx):
    """A visit served and finished at alpha-1 now."""
    kiosk = Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1)
    operator = staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))
    ticket = issue_ticket(app_ctx, "alpha", "passport", actor=kiosk).ticket
    desk_state.open_desk(app_ctx, "alpha-1", actor=operator)
    desk_work.call_next(app_ctx, "alpha-1", actor=operator)
    desk_work.finish(app_ctx, "alpha-1", actor=operator)
    return ticket


def test_the_page_says_no_visit_then_asks_then_says_answered(client, app_ctx, clock) -> None:
    empty = client.get("/survey/alpha-1")
    assert empty.status_code == 200 and empty.headers["Cache-Control"] == "no-store"
    page = empty.get_data(as_text=True)
    assert 'data-state="no_visit"' in page and "survey-form" not in page and "15 хв" in page
    ticket = serve(app_ctx)
    page = client.get("/survey/alpha-1").get_data(as_text=True)
    assert 'data-state="open"' in page and f'data-ticket="{ticket.number}"' in page and "/api/v1/desks/alpha-1/survey" in page
    assert page.count('name="score"') == 5 and page.count('name="recommend"') == 11 and page.count('name="reasons"') == 8
    assert "Дуже задоволений(-а)" in page and "Ввічливість адміністратора" in page
    english = client.get("/survey/alpha-1?lang=en").get_data(as_text=True)
    assert "Very satisfied" in english and "Clarity of information" in english
    answered = client.post("/api/v1/desks/alpha-1/survey", json={"score": 5, "recommend": 9, "ticket": ticket.number})
    assert answered.status_code == 201 and answered.get_json()["recommend"] == 9
    again = client.post("/api/v1/desks/alpha-1/survey", json={"score": 4})
    assert again.status_code == 409 and again.get_json()["error"]["details"]["reason"] == "already_answered"
    page = client.get("/survey/alpha-1").get_data(as_text=True)  # a reload
    assert 'data-state="answered"' in page and "survey-form" not in page
    rated = client.post(f"/api/v1/tickets/{ticket.token}/rating", json={"score": 1})
    assert rated.status_code == 409
    clock.advance(minutes=16)
    assert 'data-state="no_visit"' in client.get("/survey/alpha-1").get_data(as_text=True)
    assert client.get("/survey/alpha-99").status_code == 404
    assert client.post("/api/v1/desks/alpha-1/survey", json={"score": 5, "reasons": ["weather"]}).status_code == 400


def test_the_qr_codes_and_the_stickers(client, tokens) -> None:
    qr = client.get("/survey/alpha-2/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert client.get("/survey/nowhere-1/qr.svg").status_code == 404
    desk = client.get("/display/desk/alpha-2").get_data(as_text=True)
    assert 'src="/survey/alpha-2/qr.svg"' in desk and "Оцініть обслуговування" in desk
    assert client.get("/supervisor/survey-stickers?office=alpha").status_code == 302  # no login: to the supervisor's page
    assert client.get("/supervisor/survey-stickers?office=alpha", headers=bearer(tokens["operator"])).status_code == 302
    sheet = client.get("/supervisor/survey-stickers?office=alpha", headers=bearer(tokens["supervisor"])).get_data(as_text=True)
    assert [f'src="/survey/alpha-{n}/qr.svg"' in sheet for n in (1, 2, 3)] == [True] * 3 and "beta-1" not in sheet
    other = client.get("/supervisor/survey-stickers?office=beta", headers=bearer(tokens["supervisor"])).get_data(as_text=True)
    assert "alpha-1" in other and "beta-1" not in other  # not the supervisor's office: their own instead
    supervisor = client.get("/supervisor?office=alpha", headers=bearer(tokens["supervisor"])).get_data(as_text=True)
    assert 'href="/supervisor/survey-stickers?office=alpha"' in supervisor
