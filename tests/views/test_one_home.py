"""A ticket and a desk are turned into JSON in one place each: their view.

`TicketView` and `DeskView` (domain/views.py) and the audiences' modules of
`queue_server/views/` are the only code that writes a ticket's or a desk's
fields into a JSON object; everything else (handlers, reads, commands, the
pages of staff/ and public/) hands a view to a renderer. A dict literal
that spells a ticket's or a desk's keys anywhere else is a second
serialisation, which is how a renamed field once reached one answer and
not the others: this test names the file and the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "queue_server"
HOMES = (SERVER / "views", SERVER / "domain" / "views.py")

# keys that together say "this is a ticket" / "this is a desk"
TICKET_SIGNS = ({"number", "status"}, {"number", "held"}, {"number", "issued_at"})
DESK_SIGNS = ({"number", "name_en"}, {"number", "kind"}, {"number", "operator"})


def _is_home(path: Path) -> bool:
    return any(path == home or home in path.parents for home in HOMES)


def _literal_keys(node: ast.AST) -> set[str] | None:
    if isinstance(node, ast.Dict):
        return {key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {keyword.arg for keyword in node.keywords if keyword.arg}
    return None


# (file, function) → why it may: not a view of the ticket but another declared message
ALLOWED = {
    ("commands/issuing.py", "ticket_print_payload"): "the printed paper, declared by protocol.PrintTicket and checked by PrintJob.from_json",
    ("simulation/history.py", "_ticket"): "a row of the tickets table for the demo's past weeks, written to the store in bulk: no answer or event",
}


def serialisations(path: Path) -> list[tuple[int, str, list[str]]]:
    """Every dict literal of the file that spells a ticket or a desk: (line, which, its keys), but the `ALLOWED` ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(SERVER).as_posix() if SERVER in path.parents else path.name
    allowed = {
        id(inner)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and (relative, function.name) in ALLOWED
        for inner in ast.walk(function)
    }
    found = []
    for node in ast.walk(tree):
        keys = _literal_keys(node)
        if not keys or id(node) in allowed:
            continue
        for name, signs in (("ticket", TICKET_SIGNS), ("desk", DESK_SIGNS)):
            if any(sign <= keys for sign in signs):
                found.append((node.lineno, name, sorted(keys)))
    return found


SCHEMAS = {SERVER / "api" / "answer_schemas.py", SERVER / "api" / "report_schemas.py"}  # JSON Schemas, not answers


@pytest.mark.parametrize(
    "path",
    [path for path in sorted(SERVER.rglob("*.py")) if not _is_home(path) and path not in SCHEMAS],
    ids=lambda path: str(path.relative_to(SERVER)),
)
def test_no_ticket_or_desk_is_serialised_outside_its_view(path: Path) -> None:
    assert serialisations(path) == [], f"{path.relative_to(ROOT)}: render a TicketView or DeskView (queue_server/views/) instead"


def test_the_check_finds_a_ticket_and_a_desk_spelled_by_hand(tmp_path: Path) -> None:
    source = tmp_path / "handler.py"
    source.write_text(
        "def answer(t, d):\n"
        "    return {'id': t.id, 'number': t.number, 'status': t.status.value}, dict(id=d.id, number=d.number, name_en=d.name.en)\n",
        encoding="utf-8",
    )
    assert [which for _, which, _ in serialisations(source)] == ["ticket", "desk"]


def test_what_is_allowed_still_exists() -> None:
    for (relative, function), _why in ALLOWED.items():
        tree = ast.parse((SERVER / relative).read_text(encoding="utf-8"))
        assert any(isinstance(node, ast.FunctionDef) and node.name == function for node in ast.walk(tree)), (relative, function)


def test_the_homes_do_spell_them() -> None:
    """The check looks for the keys the views really write (if it found nothing there, it would find nothing anywhere)."""
    from dataclasses import fields

    from queue_server.domain.views import DeskView, TicketView

    ticket_keys = {item.name for item in fields(TicketView)}
    desk_keys = {item.name for item in fields(DeskView)}
    assert all(sign <= ticket_keys for sign in TICKET_SIGNS)
    assert any(sign <= desk_keys for sign in DESK_SIGNS)
