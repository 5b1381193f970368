"""The register of complaints' page `/complaints`: who opens it, which offices it offers, what it never shows."""

from __future__ import annotations

import json
import re

import pytest

from web import PASSWORD, bearer


def log_in(client, username: str) -> str:
    answer = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200
    return answer.get_json()["csrf_token"]


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="complaints-data">(.*?)</script>', html, re.S)
    assert found, "the page carries no data"
    return json.loads(found.group(1))


@pytest.fixture
def entered(client, tokens) -> dict[str, int]:
    """One complaint at each office, entered by the manager."""
    found = {}
    for office, text in (("alpha", "Альфа: довго чекала"), ("beta", "Бета: грубість у вікні")):
        answer = client.post(f"/api/v1/offices/{office}/complaints", json={"channel": "hotline", "text": text}, headers=bearer(tokens["manager"]))
        assert answer.status_code == 201
        found[office] = answer.get_json()["id"]
    return found


def test_a_supervisor_is_offered_their_office_only_and_never_sees_anothers_complaints(client, tokens, entered) -> None:
    csrf = log_in(client, "iryna")  # alpha's supervisor
    html = client.get("/complaints").get_data(as_text=True)
    data = page_data(html)
    assert (data["office"], [item["code"] for item in data["offices"]], data["network"]) == ("alpha", ["alpha"], False)
    assert [desk["id"] for desk in data["offices"][0]["desks"]] == ["alpha-1", "alpha-2", "alpha-3"]
    assert 'href="/complaints" data-i18n="nav.complaints" aria-current="page"' in html  # the staff navigation, this page marked
    asked = client.get("/complaints?office=beta")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and page_data(html)["office"] == "alpha"
    assert "id=\"refused-office\"" in html and "beta" not in json.dumps(page_data(html)) and "Бета" not in html
    # the REST operations the page's script calls refuse beta's register and changes, and change nothing
    assert client.get("/api/v1/offices/beta/complaints").status_code == 403
    headers = {"X-CSRF-Token": csrf}
    assert client.post("/api/v1/complaints/overdue").status_code == 405
    assert client.get("/api/v1/complaints/overdue").status_code == 403
    answer = client.post(f"/api/v1/offices/beta/complaints/{entered['beta']}/answer", json={"text": "x"}, headers=headers)
    assert answer.status_code == 403
    answer = client.post(f"/api/v1/offices/alpha/complaints/{entered['beta']}/answer", json={"text": "x"}, headers=headers)
    assert answer.status_code == 404  # beta's complaint through alpha's path
    assert client.post("/api/v1/offices/beta/complaints", json={"channel": "hotline", "text": "x"}, headers=headers).status_code == 403
    beta = client.get("/api/v1/offices/beta/complaints", headers=bearer(tokens["manager"])).get_json()
    assert [(row["id"], row["status"]) for row in beta] == [(entered["beta"], "received")]
    own = client.get("/api/v1/offices/alpha/complaints").get_json()
    assert [row["text"] for row in own] == ["Альфа: довго чекала"]


def test_a_manager_is_offered_every_office_and_the_networks_overdue_list(client, tokens, entered) -> None:
    log_in(client, "head")
    html = client.get("/complaints?office=beta").get_data(as_text=True)
    data = page_data(html)
    assert data["office"] == "beta" and data["network"] is True and {"alpha", "beta"} <= {item["code"] for item in data["offices"]}
    assert 'id="network-overdue"' in html and 'href="/outcomes"' in html


def test_an_operator_is_refused_in_words_and_a_stranger_gets_the_login_form(client, tokens) -> None:
    page = client.get("/complaints")
    assert page.status_code == 200 and 'id="login-form"' in page.get_data(as_text=True)
    assert 'class="staff-nav"' not in page.get_data(as_text=True)
    log_in(client, "olena")  # alpha's operator
    page = client.get("/complaints")
    html = page.get_data(as_text=True)
    assert page.status_code == 403 and "Реєстр скарг — для керівників" in html and "complaints-data" not in html
    assert 'class="staff-nav"' not in client.get("/desk").get_data(as_text=True)
