"""`cherga node …` as an administrator meets it: adopt and release at the centre, pair at the node; a mistake is one line and exit 2, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from cli.test_cli import count, run
from queue_server.store.schema import audit_log, devices, node_link, office_nodes


@pytest.fixture
def centre(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'centre.sqlite3'}"


def test_adopt_prints_the_token_then_release_gives_the_office_back(centre, capsys) -> None:
    code, out, err = run(capsys, "node", "adopt", "vet", "--node", "vet-node", "--address", "http://10.20.4.5:8000", "--database", centre)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("office vet is served by node 'vet-node' (http://10.20.4.5:8000)") and len(lines[-1]) >= 40
    code, out, _ = run(capsys, "node", "status", "--database", centre)
    assert code == 0 and out.startswith("vet: node 'vet-node' at http://10.20.4.5:8000; last heard never; 0 events waiting")
    code, out, err = run(capsys, "node", "adopt", "vet", "--node", "other", "--address", "http://10.20.4.6:8000", "--database", centre)
    assert code == 2 and err == "cherga: error: office vet is served by its office node vet-node\n"

    code, out, err = run(capsys, "node", "release", "vet", "--database", centre)
    assert (code, err) == (0, "") and out.startswith("office vet is served by the centre again")
    engine = sa.create_engine(centre)
    with engine.connect() as conn:
        assert conn.execute(sa.select(devices.c.revoked_at).where(devices.c.kind == "node")).scalar() is not None
        assert [row.action for row in conn.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id))] == ["node_adopted", "node_released"]
        assert conn.execute(sa.select(office_nodes.c.device_id)).scalar() is None
    engine.dispose()
    code, out, _ = run(capsys, "node", "status", "--database", centre)
    assert out == "no office has a node: the centre serves every office\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["adopt", "nowhere", "--node", "n", "--address", "http://10.0.0.1"], "unknown office 'nowhere'"),
        (["adopt", "vet", "--node", "n", "--address", "10.0.0.1:8000"], "a node's address is its http:// or https:// URL on the office's network"),
        (["adopt", "vet", "--node", "centre", "--address", "http://10.0.0.1"], "a node's name has 1 to 100 characters and is not «centre»"),
        (["release", "vet"], "office vet has no office node"),
        (["pair", "--centre", "10.0.0.1", "--token-stdin"], "--centre '10.0.0.1': expected http://… or https://…"),
        (["pair", "--centre", "http://127.0.0.1:1", "--token-stdin"], "the centre http://127.0.0.1:1 does not answer: [Errno 111] Connection refused"),
        (["sync"], "this database is not an office node's (cherga node pair)"),
    ],
)
def test_a_mistake_is_one_line_and_changes_nothing(centre, capsys, argv, said) -> None:
    code, out, err = run(capsys, "node", *argv, "--database", centre, stdin="a-token\n")
    assert (code, out, err) == (2, "", f"cherga: error: {said}\n")
    if Path(centre.removeprefix("sqlite:///")).exists():  # a refusal before the database is opened leaves none
        assert count(centre, office_nodes) == 0 and count(centre, node_link) == 0 and count(centre, devices) == 0
