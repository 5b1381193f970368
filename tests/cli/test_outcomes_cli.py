"""`cherga outcomes import FILE.csv`, in-process with the bundled configuration."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from cli.test_cli import count, run
from queue_server.store.schema import request_outcomes, tickets


def test_the_import_says_what_it_did_and_each_rejected_line(capsys, database_url, tmp_path) -> None:
    assert run(capsys, "device", "list", "--database", database_url)[0] == 0  # brings the database to the newest schema
    day = dt.date.today() - dt.timedelta(days=20)
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.insert(tickets).values(
            office="main", token="t-1", number="А001", prefix="А", day=day, sequence=1, service="residence-register",
            status="done", issued_by="kiosk", issued_at=dt.datetime.combine(day, dt.time(7), dt.timezone.utc),
        ))  # fmt: skip
    engine.dispose()
    future = dt.date.today() + dt.timedelta(days=5)
    file = tmp_path / "outcomes.csv"
    file.write_text(
        "office,day,ticket_number,service,outcome_date\n"
        f"main,{day},А001,residence-register,{day + dt.timedelta(days=3)}\n"
        f"main,{day},А002,,{day}\n"
        f"main,{day},А001,,{future}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "outcomes", "import", str(file), "--database", database_url)
    assert code == 1  # a row was rejected: a script notices
    assert "1 outcome(s) added, 0 changed, 0 already recorded, 2 row(s) rejected" in out
    assert "line 3: no_ticket" in out and "line 4: in_future" in out
    assert count(database_url, request_outcomes) == 1
    code, out, _ = run(capsys, "outcomes", "import", str(file), "--database", database_url)
    assert "0 outcome(s) added, 0 changed, 1 already recorded" in out and count(database_url, request_outcomes) == 1
    code, _, err = run(capsys, "outcomes", "import", str(tmp_path / "none.csv"), "--database", database_url)
    assert code != 0 and "cannot read" in err
