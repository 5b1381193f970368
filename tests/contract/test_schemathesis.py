"""The OpenAPI document against a real server: schemathesis, every check, the stateful phase on.

Schemathesis generates requests from the document (valid and invalid ones),
sends them to a real `cherga serve`, and checks every answer against it:
no 5xx, only documented statuses and content types, bodies that match the
documented schemas, valid input accepted, invalid input refused, a 405 with
`Allow`, no answer that ignores a missing token. Its stateful phase follows
the document's links (issue a ticket, then read it by its token; open a
desk, then call the next visitor…). The run is bounded (a fixed seed, a few
examples per operation) to keep it near a minute; the coverage phase (every
boundary value of every parameter) takes three times that and is left to a
hand run (docs/decisions.md).

Tokens are real ones, made with the real CLI and the login: which operation
uses which is in schemathesis_hooks.py (a supervisor of `main` works its
desks, a kiosk of `main` issues tickets, an admin does the rest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from live_server import Server, cherga

pytestmark = [pytest.mark.contract, pytest.mark.slow]
PASSWORD = "password-1"
MAX_EXAMPLES = 12
PHASES = "examples,fuzzing,stateful"
RUN_SECONDS = 240  # a hard stop; the run itself takes about a minute
HERE = Path(__file__).parent


def login(server: Server, username: str, role: str, offices: tuple[str, ...] = ()) -> str:
    office_args = ["--office", *offices] if offices else []
    cherga("user", "add", username, "--role", role, *office_args, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=10)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


# Operations whose rules reach past what a JSON Schema can say: a schema-valid request may still
# get a 400 that names the parameter (or, for the logins, a 423 once wrong passwords lock the
# account). Their other checks all run; this one also accepts those answers, all documented.
ACCEPTED = ["2xx", "400", "401", "403", "404", "409", "429"]
RULES_BEYOND_THE_SCHEMA = {
    "^/api/v1/reports/": ("`from` not after `to`, at most three years, a known office and service", ACCEPTED),
    "^/api/v1/(offices/[^/]+/)?audit$": ("`since` earlier than `until`", ACCEPTED),
    "/announcement\\.wav$": ("the desk belongs to the board's office", ACCEPTED),
    "/kiosk-speech\\.wav$": ("a text with something to say once control characters and leading dashes are dropped", ACCEPTED),
    "^/api/v1/auth/password$": ("the current password must be right, the new one follow the password rule", [*ACCEPTED, "423"]),
    "^/api/v1/auth/login$": ("wrong passwords for a real name lock the account", [*ACCEPTED, "423"]),
    "^/api/v1/appointments$": ("`start` a free slot of the office and service, `phone` a number that is one", ACCEPTED),
    "/booking-closures$": ("a time not passed, a desk of the office, `start` and `end` both or neither and in order", ACCEPTED),
    "/booking-blocks/lift$": ("one of `code` and `phone`, not both", ACCEPTED),
    "^/api/v1/offices/[^/]+/tickets$": ("one of `service` and `services`, a plan the office can serve (no service twice, one package)", ACCEPTED),
    "/add-step$": ("a plain service, not a package: a package is chosen at the kiosk", ACCEPTED),
    "^/api/v1/alerts$": ('`offices` "all" or a non-empty list of the network\'s office codes', ACCEPTED),
    "/check-ins$": ("`print` only from a kiosk: staff who check a visitor in send `print: false`", ACCEPTED),
    "/complaints?(/[^/]+/(assign|answer))?$": ("a text not blank, a desk of the office, an assignee of the office's staff", ACCEPTED),
    "/outcomes(/import)?$": (
        "a served visit of the office, its outcome neither before the visit nor in the future; a CSV with the documented header",
        ACCEPTED,
    ),
    "(/tickets/[^/]+/rating|/desks/[^/]+/survey)$": (
        "a complaint only with a score of 1 or 2 and a comment; a visit over (the ticket's) or at the desk in the window, not rated yet",
        ACCEPTED,
    ),
    "/paper-ticket$": ("`number` one of the office's paper roll, `service` one the desk serves today", ACCEPTED),
}


def config() -> str:
    """schemathesis.toml: the office and desk every generated path names, and the per-operation rule above."""
    lines = [
        "[parameters]",
        '"path.office" = "main"',
        '"path.desk_id" = "main-1"',
        "",
        "[phases.stateful]",
        "max-steps = 12",
        "[phases.stateful.generation]",
        'mode = "positive"  # a chain of valid steps goes deeper into the day',
        "max-examples = 30",
        "[phases.stateful.inference]",
        "algorithms = []  # the document's own links only",
        "",
    ]
    for pattern, (_, accepted) in RULES_BEYOND_THE_SCHEMA.items():
        lines += [
            "[[operations]]",
            f"include-path-regex = '{pattern}'",
            "[operations.checks.positive_data_acceptance]",
            f"expected-statuses = {accepted!r}".replace("'", '"'),
            "",
        ]
    return "\n".join(lines)


def test_the_document_holds_against_a_real_server(server: Server, tmp_path: Path) -> None:
    tokens = {
        "admin": login(server, "root", "admin"),
        "supervisor": login(server, "iryna", "supervisor", ("main",)),
        "other_supervisor": login(server, "bohdan", "supervisor", ("dovh-1",)),
        "password_changer": login(server, "marta", "operator", ("main",)),
        "kiosk": cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-st", database=server.database).strip().splitlines()[-1],
        "server": server.url,
        "leaver": "leaver",
        "leaver_password": PASSWORD,
    }
    spent = login(server, "leaver", "operator", ("main",))
    assert requests.post(server.url + "/api/v1/auth/logout", headers={"Authorization": f"Bearer {spent}"}, timeout=10).status_code == 204
    tokens["spent"] = spent
    settings = tmp_path / "schemathesis.toml"
    settings.write_text(config(), encoding="utf-8")
    command = [
        str(Path(sys.executable).with_name("st")), "--config-file", str(settings), "--no-color",
        "run", server.url + "/api/v1/openapi.json",
        "--checks", "all",
        "--phases", PHASES,
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", "2026",
        "--workers", "1",
        "--request-timeout", "10",
        "--suppress-health-check", "all",
    ]
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        "CHERGA_SCHEMATHESIS_TOKENS": json.dumps(tokens),
    }
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS, env=environment, cwd=tmp_path)
    except subprocess.TimeoutExpired as stopped:
        raise AssertionError(f"schemathesis ran past {RUN_SECONDS} s:\n{stopped.stdout}") from None
    assert run.returncode == 0, f"{run.stdout[-20000:]}\n{run.stderr[-3000:]}"
    assert "API Links:" in run.stdout and " 0 covered" not in run.stdout, run.stdout[-3000:]
