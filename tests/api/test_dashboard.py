"""The managers' dashboard over REST: figures against hand-computed values on the test clock, access, alerts.

The small network: `alpha` (passport and residence and social, 20 minutes'
target each; desks alpha-1, alpha-2 for passports, alpha-3 for social and
residence; named boards alpha-windows and alpha-tv, paired) and `beta`.
The clock starts at 08:00 UTC, 10:00 in Kyiv.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factories import round_the_clock, small_network
from openapi_check import check_answer
from queue_server.commands import desk_state, desk_work, nodes, printing
from queue_server.commands.accounts import actor_for_token
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.domain.nodes import offline_after
from web import bearer


@pytest.fixture
def people(app_ctx, tokens):
    """The actors behind the tokens, to act through commands on the app's own clock."""
    return {name: actor_for_token(app_ctx, token) for name, token in tokens.items()}


def get(client, path: str, token: str):
    return client.get(f"/api/v1{path}", headers=bearer(token))


def a_morning_at_alpha(ctx, clock, people) -> dict:
    """08:00 three visitors; 08:05 a fourth; desk 2 serves P1 (10 min wait, 8 min service), then calls P2."""
    kiosk, olena = people["kiosk"], people["operator"]
    p1 = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)
    issue_ticket(ctx, "alpha", "social", actor=kiosk)
    clock.advance(5)
    p2 = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    clock.advance(5)  # 08:10
    desk_state.open_desk(ctx, "alpha-2", actor=olena)
    assert desk_work.call_next(ctx, "alpha-2", actor=olena).id == p1.id  # waited 10 minutes
    clock.advance(2)
    desk_work.start(ctx, "alpha-2", actor=olena)
    clock.advance(8)  # 08:20
    desk_work.finish(ctx, "alpha-2", actor=olena)
    assert desk_work.call_next(ctx, "alpha-2", actor=olena).id == p2.id  # waited 15 minutes
    desk_state.open_desk(ctx, "alpha-3", actor=people["supervisor"])
    desk_state.pause_desk(ctx, "alpha-3", actor=people["supervisor"], reason="lunch")
    clock.advance(1)  # 08:21
    desk_work.start(ctx, "alpha-2", actor=olena)
    clock.advance(4)  # 08:25
    rate_ticket(ctx, p1.token, score=5)
    return {"p1": p1, "p2": p2}


def test_the_network_row_of_each_office_by_hand(client, app_ctx, clock, tokens, people) -> None:
    a_morning_at_alpha(app_ctx, clock, people)
    answer = get(client, "/dashboard", tokens["manager"])
    assert answer.status_code == 200, answer.text
    body = answer.get_json()
    assert body["at"] == "2026-11-24T08:25:00Z"
    alpha, beta = body["offices"]
    alerts = alpha.pop("alerts")
    assert alpha == {
        "office": "alpha",
        "name": "Альфа",
        "name_en": "Alpha",
        "waiting": 2,  # R1 and S1, since 08:00
        "longest_wait_minutes": 25,
        "average_wait_today_minutes": 12.5,  # P1 10 min, P2 15 min
        "desks_total": 3,
        "desks_open": 1,
        "desks_serving": 1,
        "desks_paused": 1,
        "past_target": 2,  # 25 > 20 minutes, twice
        "satisfaction_today": 1.0,
        "ratings_today": 1,
        "served_today": 1,
        "air_raid": {"active": False, "since": None},
        "node": None,
        "seq": 13,  # the office's events the figures include: the page follows its stream from there
    }
    assert [(alert["kind"], alert["subject"]) for alert in alerts] == [
        ("queue_over_target", "residence"),
        ("queue_over_target", "social"),
        # alpha-tv and alpha-windows: no page has shown them since the server started (never seen, no alert)
        ("print_agent_offline", "agent-1"),  # registered, never connected, and alpha is open at 10:25
        ("print_agent_offline", "kiosk-1"),  # a kiosk with no agent of its name
    ]
    assert alerts[0]["detail"] == {
        "service": "residence", "name": "Послуга residence", "name_en": "Service residence", "past_target": 1, "waiting": 1, "longest_wait_minutes": 25, "target_wait_minutes": 20,
    }
    assert beta["waiting"] == 0 and beta["longest_wait_minutes"] is None and beta["average_wait_today_minutes"] is None
    assert beta["satisfaction_today"] is None and beta["ratings_today"] == 0
    assert [(alert["kind"], alert["subject"]) for alert in beta["alerts"]] == [("print_agent_offline", "kiosk-1")]  # beta's kiosk has no agent


def test_one_office_in_depth_by_hand(client, app_ctx, clock, tokens, people) -> None:
    tickets = a_morning_at_alpha(app_ctx, clock, people)
    body = get(client, "/dashboard/alpha", tokens["supervisor"]).get_json()
    assert body["day"] == "2026-11-24" and body["timezone"] == "Europe/Kyiv"
    assert body["waiting"] == 2 and body["served_today"] == 1
    services = {service["service"]: service for service in body["services"]}
    assert list(services) == ["passport", "residence", "social"]
    assert services["passport"] == {
        "service": "passport", "name": "Послуга passport", "name_en": "Service passport", "waiting": 0,
        "longest_wait_minutes": None, "target_wait_minutes": 20, "past_target": 0, "served_today": 1,
    }
    assert services["residence"]["waiting"] == 1 and services["residence"]["longest_wait_minutes"] == 25
    assert services["residence"]["past_target"] == 1
    desks = {desk["id"]: desk for desk in body["desks"]}
    assert desks["alpha-1"]["status"] == "closed" and desks["alpha-1"]["operator"] is None
    assert desks["alpha-2"]["status"] == "open" and desks["alpha-2"]["operator"] == "olena"
    assert desks["alpha-2"]["ticket"] == tickets["p2"].number and desks["alpha-2"]["ticket_status"] == "serving"
    assert desks["alpha-3"]["status"] == "paused" and desks["alpha-3"]["reason"] == "lunch"
    assert body["staff"] == [
        # P1 served 08:12–08:20, P2 being served since 08:21: 8 + 4 minutes
        {"operator": "olena", "served": 1, "serving_minutes": 12, "desk": "alpha-2", "desk_number": 2, "desk_status": "open"},
        {"operator": "iryna", "served": 0, "serving_minutes": 0, "desk": "alpha-3", "desk_number": 3, "desk_status": "paused"},
    ]
    assert [board["board"] for board in body["boards"]] == ["alpha-tv", "alpha-windows"]
    assert all(board["never_seen"] and not board["offline"] and not board["online"] for board in body["boards"])
    assert [(printer["kiosk"], printer["agent"], printer["state"]) for printer in body["printers"]] == [
        ("agent-1", "never_connected", "unknown"),  # listed before any agent connected
        ("kiosk-1", "never_connected", "unknown"),
    ]


@pytest.mark.parametrize("network", [round_the_clock(small_network())], ids=["round-the-clock"])  # works at midnight
def test_today_is_the_offices_day_not_utcs(client, app_ctx, clock, tokens, people) -> None:
    """At 21:30 UTC it is 23:30 in Kyiv; at 22:05 UTC the office's new day has begun (00:05)."""
    clock.now = dt.datetime(2026, 11, 23, 21, 30, tzinfo=dt.timezone.utc)
    olena = people["operator"]
    ticket = issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"]).ticket
    desk_state.open_desk(app_ctx, "alpha-2", actor=olena)
    clock.advance(6)
    desk_work.call_next(app_ctx, "alpha-2", actor=olena)
    desk_work.finish(app_ctx, "alpha-2", actor=olena)
    rate_ticket(app_ctx, ticket.token, score=2)
    row = get(client, "/dashboard?office=alpha", tokens["manager"]).get_json()["offices"][0]
    assert (row["served_today"], row["average_wait_today_minutes"], row["ratings_today"], row["satisfaction_today"]) == (1, 6.0, 1, 0.0)
    clock.now = dt.datetime(2026, 11, 23, 22, 5, tzinfo=dt.timezone.utc)
    row = get(client, "/dashboard?office=alpha", tokens["manager"]).get_json()["offices"][0]
    assert (row["served_today"], row["average_wait_today_minutes"], row["ratings_today"], row["satisfaction_today"]) == (0, None, 0, None)
    assert get(client, "/dashboard/alpha", tokens["manager"]).get_json()["day"] == "2026-11-24"


def test_satisfaction_is_the_share_of_fours_and_fives(client, app_ctx, clock, tokens, people) -> None:
    olena = people["operator"]
    desk_state.open_desk(app_ctx, "alpha-2", actor=olena)
    for score in (5, 4, 3, 1):
        ticket = issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"]).ticket
        desk_work.call_next(app_ctx, "alpha-2", actor=olena)
        desk_work.finish(app_ctx, "alpha-2", actor=olena)
        rate_ticket(app_ctx, ticket.token, score=score)
    row = get(client, "/dashboard/alpha", tokens["admin"]).get_json()
    assert (row["ratings_today"], row["satisfaction_today"], row["served_today"]) == (4, 0.5, 4)


def test_a_held_ticket_is_not_in_the_queue_and_the_target_is_strictly_past(client, app_ctx, clock, tokens, people) -> None:
    olena = people["operator"]
    issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"])
    issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"])
    desk_state.open_desk(app_ctx, "alpha-2", actor=olena)
    desk_work.call_next(app_ctx, "alpha-2", actor=olena)
    desk_work.hold(app_ctx, "alpha-2", actor=olena)
    clock.advance(20)  # exactly the target: not past it yet
    row = get(client, "/dashboard/alpha", tokens["manager"]).get_json()
    assert (row["waiting"], row["longest_wait_minutes"], row["past_target"]) == (1, 20, 0)
    clock.now += dt.timedelta(seconds=1)
    row = get(client, "/dashboard/alpha", tokens["manager"]).get_json()
    assert row["past_target"] == 1 and row["alerts"][0]["kind"] == "queue_over_target"


def test_a_queue_alert_clears_when_the_visitor_is_called(client, app_ctx, clock, tokens, people) -> None:
    issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"])
    clock.advance(21)
    kinds = lambda: [a["kind"] for a in get(client, "/dashboard/alpha", tokens["manager"]).get_json()["alerts"]]  # noqa: E731
    assert "queue_over_target" in kinds()
    desk_state.open_desk(app_ctx, "alpha-2", actor=people["operator"])
    desk_work.call_next(app_ctx, "alpha-2", actor=people["operator"])
    assert "queue_over_target" not in kinds()


def test_a_printer_alert_appears_and_clears_with_the_agents_reports(client, app_ctx, clock, tokens, people) -> None:
    agent = people["agent"]

    def printer_alerts() -> list[dict]:
        row = get(client, "/dashboard", tokens["manager"]).get_json()["offices"][0]
        return [alert for alert in row["alerts"] if alert["kind"] == "printer"]

    assert printer_alerts() == []  # read once in full: nothing reported yet
    printing.report_printer_status(app_ctx, agent, "paper_out", "no paper")
    issue_ticket(app_ctx, "alpha", "passport", actor=people["kiosk"])  # other events after it are read past
    assert printer_alerts() == [{
        "kind": "printer", "level": "critical", "subject": "agent-1",
        "detail": {"kiosk": "agent-1", "state": "paper_out", "detail": "no paper", "at": "2026-11-24T08:00:00Z"},
    }]
    clock.advance(3)
    printing.report_printer_status(app_ctx, agent, "paper_low", "")
    assert [alert["level"] for alert in printer_alerts()] == ["warning"]
    printing.report_printer_status(app_ctx, agent, "ready", "")
    assert printer_alerts() == []
    detail = get(client, "/dashboard/alpha", tokens["manager"]).get_json()
    assert detail["printers"][0] == {
        "kiosk": "agent-1", "state": "ready", "detail": "", "at": "2026-11-24T08:03:00Z", "agent": "never_connected", "agent_seen": None,
    }


def test_the_last_printer_report_is_found_in_the_outbox_by_a_fresh_process(app, client, app_ctx, settings, network, clock, tokens, people) -> None:
    """A report made before this process began reading (another process, or before a restart) is known."""
    from queue_server import create_app

    printing.report_printer_status(app_ctx, people["agent"], "unreachable", "cannot reach the printer")
    other = create_app(settings, clock=clock, network=network)
    try:
        row = other.test_client().get("/api/v1/dashboard/alpha", headers=bearer(tokens["manager"])).get_json()
        assert [(alert["kind"], alert["detail"]["state"]) for alert in row["alerts"] if alert["kind"] == "printer"] == [("printer", "unreachable")]
    finally:
        other.extensions["cherga"].engine.dispose()


def test_a_revoked_agents_printer_is_no_concern(client, app_ctx, tokens, people) -> None:
    from queue_server.commands.accounts import revoke_device

    printing.report_printer_status(app_ctx, people["agent"], "paper_out", "")
    assert get(client, "/dashboard/alpha", tokens["manager"]).get_json()["printers"]
    revoke_device(app_ctx, people["agent"].device_id)
    assert [printer["kiosk"] for printer in get(client, "/dashboard/alpha", tokens["manager"]).get_json()["printers"]] == ["kiosk-1"]


# access


@pytest.fixture
def reader(shared_app):
    """The module's one app, for the tests that only read or are refused."""
    return shared_app.test_client()


def test_managers_and_admins_see_every_office_a_supervisor_only_theirs(reader, shared_tokens) -> None:
    for caller in ("manager", "admin"):
        assert [row["office"] for row in get(reader, "/dashboard", shared_tokens[caller]).get_json()["offices"]] == ["alpha", "beta"]
    assert [row["office"] for row in get(reader, "/dashboard", shared_tokens["supervisor"]).get_json()["offices"]] == ["alpha"]
    assert [row["office"] for row in get(reader, "/dashboard", shared_tokens["supervisor_beta"]).get_json()["offices"]] == ["beta"]
    assert get(reader, "/dashboard/alpha", shared_tokens["supervisor"]).status_code == 200
    assert get(reader, "/dashboard/beta", shared_tokens["supervisor"]).status_code == 403
    assert get(reader, "/dashboard?office=beta", shared_tokens["supervisor"]).status_code == 403


@pytest.mark.parametrize("caller", ["operator", "kiosk", "display", "agent"])
def test_operators_and_devices_are_refused(reader, shared_tokens, caller) -> None:
    for path in ("/dashboard", "/dashboard/alpha"):
        answer = get(reader, path, shared_tokens[caller])
        assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden"


def test_no_token_is_a_401_and_says_nothing_of_the_office(reader) -> None:
    for path in ("/dashboard", "/dashboard/alpha", "/dashboard/nowhere", "/dashboard?office=nowhere"):
        assert reader.get(f"/api/v1{path}").status_code == 401


def test_unknown_office_and_parameters(reader, shared_tokens) -> None:
    assert get(reader, "/dashboard/nowhere", shared_tokens["manager"]).status_code == 404
    assert get(reader, "/dashboard?office=nowhere", shared_tokens["manager"]).status_code == 404
    assert get(reader, "/dashboard?offices=alpha", shared_tokens["manager"]).status_code == 400


def test_the_page_login_form_refusals_and_scope(app, client, tokens) -> None:
    from web import PASSWORD

    page = client.get("/dashboard")
    assert page.status_code == 200 and 'id="login-form"' in page.get_data(as_text=True)
    for caller in ("kiosk", "display", "agent"):
        assert client.get("/dashboard", headers=bearer(tokens[caller])).status_code == 403
    for username, path, status in (
        ("olena", "/dashboard", 403),  # an operator: sent to the desk console
        ("iryna", "/dashboard", 200),
        ("iryna", "/dashboard/alpha", 200),
        ("iryna", "/dashboard/beta", 403),  # not her office: named, none of its data
        ("head", "/dashboard/beta", 200),
        ("head", "/dashboard/nowhere", 404),
    ):
        browser = app.test_client()
        assert browser.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).status_code == 200
        answer = browser.get(path)
        assert answer.status_code == status, (username, path)
        text = answer.get_data(as_text=True)
        if status == 200:
            assert 'id="dashboard"' in text
            offices = '"beta"' in text, '"alpha"' in text
            assert offices == ((True, True) if username == "head" else (False, True))
        elif status == 403:
            assert 'id="refused"' in text and "Бета" not in text


def test_an_office_served_by_a_node_says_so_and_when_it_is_out_of_touch(client, app_ctx, clock, tokens, settings) -> None:
    """Offline before the node is first heard, online after a batch (its waiting events said), offline once it is silent too long."""
    document = client.get("/api/v1/openapi.json").get_json()
    adoption = nodes.adopt(app_ctx, "beta", node="beta-node", address="http://10.0.0.2:8000")
    node_actor = actor_for_token(app_ctx, adoption.token)

    def rows() -> dict[str, dict]:
        answer = get(client, "/dashboard", tokens["manager"])
        assert answer.status_code == 200, answer.text
        check_answer(document, "GET", "/api/v1/dashboard", 200, answer.headers["Content-Type"], answer.get_json())
        return {row["office"]: row for row in answer.get_json()["offices"]}

    found = rows()
    assert found["alpha"]["node"] is None  # the centre serves it itself
    assert found["beta"]["node"] == {
        "name": "beta-node", "address": "http://10.0.0.2:8000", "last_contact_at": None, "waiting": 0, "offline": True,
    }

    clock.advance(1)  # 08:01
    nodes.receive_batch(app_ctx, node_actor, office="beta", events=[], rows=[], appended={}, waiting=3)
    node = rows()["beta"]["node"]
    assert node == {"name": "beta-node", "address": "http://10.0.0.2:8000", "last_contact_at": "2026-11-24T08:01:00Z", "waiting": 3, "offline": False}
    one = get(client, "/dashboard/beta", tokens["manager"])
    check_answer(document, "GET", "/api/v1/dashboard/{office}", 200, one.headers["Content-Type"], one.get_json())
    assert one.get_json()["node"] == node
    assert get(client, "/dashboard/alpha", tokens["manager"]).get_json()["node"] is None

    silence = offline_after(settings.node_sync_seconds)
    clock.advance(silence.total_seconds() / 60)  # exactly the limit: still online
    assert rows()["beta"]["node"]["offline"] is False
    clock.advance(1 / 60)
    found = rows()
    assert found["beta"]["node"]["offline"] is True and found["beta"]["node"]["waiting"] == 3
    assert found["alpha"]["node"] is None

    # its kiosk's print agent connects to the node: the centre, which cannot see it, says nothing of it
    assert found["beta"]["alerts"] == []
    nodes.release(app_ctx, "beta", force=True)  # the centre serves it again
    found = rows()
    assert found["beta"]["node"] is None
    assert [alert["kind"] for alert in found["beta"]["alerts"]] == ["print_agent_offline"]
