"""Over HTTP: a desk open by someone else answers 409 `desk_taken` until it is taken over."""

from __future__ import annotations

import sqlalchemy as sa

from queue_server.store.schema import audit_log
from web import bearer, login_token


def post(client, token: str, path: str, body: dict | None = None):
    return client.post(f"/api/v1/desks/alpha-1/{path}", json=body or {}, headers=bearer(token))


def test_the_second_operator_is_refused_then_takes_the_desk_over(app_ctx, client, tokens) -> None:
    taras = login_token(app_ctx, "taras", "operator", ["alpha"])
    client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"]))
    assert post(client, tokens["operator"], "open").status_code == 200
    ticket = post(client, tokens["operator"], "call-next").get_json()

    for action in ("open", "call-next", "recall", "start", "no-show", "pause", "close"):
        body = {"ticket": ticket["id"]} if action in ("recall", "start", "no-show") else {"reason": "lunch"} if action == "pause" else None
        refused = post(client, taras, action, body)
        assert refused.status_code == 409, action
        assert refused.get_json()["error"]["code"] == "desk_taken"
        assert refused.get_json()["error"]["details"] == {"desk": "alpha-1", "operator": "olena"}

    taken = post(client, taras, "take-over")
    assert taken.status_code == 200
    assert taken.get_json()["operator"] == "taras" and taken.get_json()["ticket"] == ticket["number"]
    with app_ctx.engine.connect() as conn:
        entry = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).first()
    assert (entry.actor, entry.action, entry.details) == ("user:taras", "take_over", {"from": "olena"})
    assert post(client, taras, "start", {"ticket": ticket["id"]}).status_code == 200
    assert post(client, tokens["operator"], "finish", {"ticket": ticket["id"]}).get_json()["error"]["code"] == "desk_taken"

    desks = client.get("/api/v1/offices/alpha/desks/state", headers=bearer(tokens["operator"])).get_json()
    assert next(d for d in desks if d["id"] == "alpha-1")["operator"] == "taras"


def test_a_take_over_is_for_staff_of_the_office_only(client, tokens) -> None:
    assert post(client, tokens["operator"], "open").status_code == 200
    assert post(client, tokens["operator_beta"], "take-over").status_code == 403
    assert post(client, tokens["kiosk"], "take-over").status_code == 403
    assert client.post("/api/v1/desks/alpha-1/take-over", json={}).status_code == 401
    assert post(client, tokens["supervisor"], "take-over").get_json()["operator"] == "iryna"
