"""An office node works through a stopped centre and a cut or flapping link, and the centre ends up with the same day.

Two real processes on 127.0.0.1 (node_network.py): the centre, and the node
of office `main`, its link to the centre running through a relay the test
cuts. What the node did while cut off reaches the centre exactly once and in
order: the office's tickets, events, ratings, desks and counters are compared
row by row at both ends.
"""

from __future__ import annotations

import itertools
import threading
import time

import pytest
import requests
from node_network import OFFICE, NodeNetwork, post

from booking_pages import book_today

pytestmark = pytest.mark.slow  # two servers a test: started first (tests/conftest.py)


def work_a_morning(network: NodeNetwork, visitors: int = 8) -> list[dict]:
    """At the node: visitors take tickets, an operator serves most, one does not come, two rate the visit."""
    node = network.node
    olena = network.login(node)
    issued = [network.issue(node) for _ in range(visitors)]
    assert post(node, "/api/v1/desks/main-1/open", olena).status_code == 200
    for index in range(visitors - 3):
        called = post(node, "/api/v1/desks/main-1/call-next", olena)
        assert called.status_code == 200, called.text
        if index == 2:
            assert post(node, "/api/v1/desks/main-1/no-show", olena).status_code == 200
            continue
        assert post(node, "/api/v1/desks/main-1/start", olena).status_code == 200
        assert post(node, "/api/v1/desks/main-1/finish", olena).status_code == 200
    for ticket, score in ((issued[0], 5), (issued[1], 2)):
        rated = post(node, f"/api/v1/tickets/{ticket['token']}/rating", None, {"score": score, "comment": "швидко" if score == 5 else "довго"})
        assert rated.status_code in (200, 201), rated.text
    return issued


def assert_same_office(network: NodeNetwork) -> None:
    for table in ("tickets", "events", "ratings", "desk_states", "ticket_counters", "air_raids", "turned_away"):
        at_node, at_centre = network.rows(network.node, table), network.rows(network.centre, table)
        assert at_centre == at_node, f"{table} differ between the node and the centre"
    events = network.rows(network.centre, "events")
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1))
    numbers = [(ticket["day"], ticket["number"]) for ticket in network.rows(network.centre, "tickets")]
    assert len(numbers) == len(set(numbers))


def test_a_morning_worked_while_the_centre_was_stopped_reaches_it_whole(nodes: NodeNetwork) -> None:
    nodes.centre.kill()
    issued = work_a_morning(nodes)
    link = nodes.node_link()
    deadline = time.monotonic() + 20  # the node's next sync finds the centre away (one a second), however soon the morning was done
    while "does not answer" not in (link["last_error"] or "") and time.monotonic() < deadline:
        time.sleep(0.2)
        link = nodes.node_link()
    assert link["last_seq"] > link["sent_seq"] and "does not answer" in (link["last_error"] or "")

    nodes.centre.start()
    nodes.wait_synced()
    assert_same_office(nodes)
    tickets = nodes.rows(nodes.centre, "tickets")
    assert [ticket["number"] for ticket in tickets] == [ticket["number"] for ticket in issued]
    assert sorted(ticket["status"] for ticket in tickets) == ["done"] * 4 + ["no_show"] + ["waiting"] * 3
    assert len(nodes.rows(nodes.centre, "ratings")) == 2
    # a visitor's phone on mobile data follows the ticket through the centre (CHERGA_PUBLIC_URL: docs/deploy.md)
    followed = requests.get(f"{nodes.centre.url}/api/v1/tickets/{issued[-1]['token']}", timeout=10).json()
    assert followed["number"] == issued[-1]["number"] and followed["status"] == "waiting"


def test_a_flapping_link_while_events_flow_loses_nothing_and_doubles_nothing(nodes: NodeNetwork) -> None:
    node = nodes.node
    tokens = [nodes.login(node, name) for name in ("olena", "taras")]
    for desk, token in zip(("main-1", "main-2"), tokens):
        assert post(node, f"/api/v1/desks/{desk}/open", token).status_code == 200
    nodes.link.flap(up_seconds=0.35, down_seconds=0.25)
    stop = threading.Event()
    failures: list[str] = []

    def desk(desk_id: str, token: str) -> None:
        while not stop.is_set():
            called = post(node, f"/api/v1/desks/{desk_id}/call-next", token)
            if called.status_code == 200:
                for step in ("start", "finish"):
                    answer = post(node, f"/api/v1/desks/{desk_id}/{step}", token)
                    if answer.status_code != 200:
                        failures.append(answer.text)

    desks = [threading.Thread(target=desk, args=pair) for pair in zip(("main-1", "main-2"), tokens)]
    for thread in desks:
        thread.start()
    for _ in range(30):  # paced over a few seconds, so that several cuts fall while events flow
        nodes.issue(node)
        time.sleep(0.12)
    stop.set()
    for thread in desks:
        thread.join()
    nodes.link.mend_for_good()
    assert not failures
    assert nodes.link.cuts >= 3

    nodes.wait_synced()
    assert_same_office(nodes)
    assert len(nodes.rows(nodes.centre, "tickets")) == 30


def service_name(server, code: str = "tax-number") -> str:
    services = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services", timeout=10).json()
    return next(service["name"] for service in services if service["code"] == code)


def test_changes_made_at_the_centre_during_a_cut_apply_at_the_node_after(nodes: NodeNetwork) -> None:
    node, centre = nodes.node, nodes.centre
    assert nodes.issue(node)["number"]
    old_name = service_name(node)
    nodes.link.cut()
    from live_server import cherga

    cherga("device", "revoke", str(nodes.kiosk_id), database=centre.database)
    cherga("user", "passwd", "taras", "--password-stdin", database=centre.database, stdin="a-new-password-2\n")
    services = nodes.centre_config / "services.toml"
    services.write_text(services.read_text(encoding="utf-8").replace(f'name = "{old_name}"', 'name = "Податковий номер (РНОКПП)"', 1), encoding="utf-8")
    centre.kill()
    centre.start()  # the centre serves its configuration as read at start
    assert service_name(centre) == "Податковий номер (РНОКПП)" and service_name(node) == old_name
    # cut off, the node knows nothing yet: the kiosk still issues, the old password still opens
    assert nodes.issue(node)["number"]
    assert requests.post(node.url + "/api/v1/auth/login", json={"username": "taras", "password": "password-1"}, timeout=10).status_code == 200

    nodes.link.mend()
    nodes.wait_synced()
    for _ in itertools.repeat(None, 50):
        refused = post(node, f"/api/v1/offices/{OFFICE}/tickets", nodes.kiosk, {"service": "tax-number"})
        if refused.status_code == 401:
            break
        nodes.link.mend()
        time.sleep(0.2)
    assert refused.status_code == 401
    assert nodes.login(node, "taras", "a-new-password-2")
    assert service_name(node) == "Податковий номер (РНОКПП)"
    assert (nodes.node_config / "services.toml").read_text(encoding="utf-8") == services.read_text(encoding="utf-8")
    assert requests.post(node.url + "/api/v1/auth/login", json={"username": "taras", "password": "password-1"}, timeout=10).status_code == 401


def test_a_booking_made_at_the_centre_is_checked_in_at_the_node_cut_off(nodes: NodeNetwork) -> None:
    node, centre = nodes.node, nodes.centre
    booked = book_today(centre, "Оксана Петренко", "+380671234567")
    nodes.wait_synced()
    deadline = time.monotonic() + 30
    while booked["code"] not in nodes.booking_codes(node):
        assert time.monotonic() < deadline, "the booking did not come down to the node"
        time.sleep(0.2)
    nodes.link.cut()
    checked = post(node, f"/api/v1/offices/{OFFICE}/check-ins", nodes.kiosk, {"code": booked["code"], "print": False})
    assert checked.status_code == 201, checked.text
    nodes.link.mend()
    nodes.wait_synced()
    assert_same_office(nodes)
    at_centre = requests.get(f"{centre.url}/api/v1/appointments/{booked['token']}", timeout=10).json()
    assert at_centre["status"] == "checked_in"
    ticket = next(row for row in nodes.rows(centre, "tickets") if row["number"] == checked.json()["number"])
    assert ticket["appointment_at"] is not None


def test_the_centre_refuses_the_adopted_office_and_takes_it_back_at_release(nodes: NodeNetwork) -> None:
    node, centre = nodes.node, nodes.centre
    first = nodes.issue(node)
    refused = post(centre, f"/api/v1/offices/{OFFICE}/tickets", nodes.kiosk, {"service": "tax-number"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "office_on_node" and "main-node" in refused.json()["error"]["message"]
    nodes.wait_synced()

    from live_server import cherga

    cherga("node", "release", OFFICE, database=centre.database)
    at_centre = nodes.issue(centre)
    assert at_centre["number"] != first["number"]  # the numbering goes on where the node left it
    for _ in range(50):
        refused = post(node, f"/api/v1/offices/{OFFICE}/tickets", nodes.kiosk, {"service": "tax-number"})
        if refused.status_code == 409:
            break
        time.sleep(0.2)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "office_on_node"
