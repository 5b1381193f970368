"""No Ukrainian word is written into the code: the words a person reads come from the catalogue.

Every string literal of the Python and JavaScript of the server, the kiosk,
the display board and the printers is read (comments and docstrings are not:
they speak to programmers); a Ukrainian word in one is a word that escaped
`queue_server/i18n/messages*.toml`. A hard-coded pair of words (Ukrainian,
English) always has its Ukrainian half, so English names of months and days
are caught with it. The voice package keeps its own vocabulary (docs/voice.md
says why) and tests may say what they expect; the few literals that must stay
are listed below, each with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("queue_server", "kiosk", "display_board", "printers", "protocol")
SKIPPED = ("display_board/voice/",)
WORD = re.compile(r"[А-ЩЬЮЯҐЄІЇа-щьюяґєії][А-ЩЬЮЯҐЄІЇа-щьюяґєіїʼ’']+")

# (file, a part of the literal that may stay, why)
ALLOWED = [
    ("queue_server/cli.py", "«Віза»", "the bundled network's proper name in the command's help, which is English"),
    ("queue_server/demo.py", "", "the demo command's greeting on the terminal, in both languages at once, before any page exists"),
    ("queue_server/demo_bookings.py", "", "the demo visitors' made-up first and last names: data the demo seeds, not text of a page"),
    ("queue_server/api/parameters.py", "А-ЩЬЮЯҐЄІЇ", "the letters a ticket number may start with: letters, not words"),
    ("queue_server/network_config/catalogue.py", "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ", "the letters a service group may be given: an alphabet, not words"),
    ("queue_server/network_config/catalogue.py", "(А, Б, В…)", "an error for the author of the configuration quoting the letters"),
    ("queue_server/network_config/desks.py", "Вікно", "a desk's default name is configuration, like an office's name; network_config imports only the standard library and the domain"),
    ("queue_server/network_config/desks.py", "Кабінет", "the same, for a room"),
    ("queue_server/network_config/desks.py", "(вікно)", "an error for the author of the configuration naming the two kinds"),
    ("queue_server/staff/static/desk_console.js", "Українська", "the language switch names the other language in its own tongue, whatever the page's language"),
    ("queue_server/staff/static/reports.js", "Віза", "shortens the office names of the bundled configuration for narrow cells: patterns over data, not text of the page"),
    ("queue_server/staff/static/reports.js", "Паспортний офіс", "the same shortening"),
    ("queue_server/staff/static/reports.js", "Пасп. офіс", "the same shortening"),
]


def sources() -> list[Path]:
    found = [path for package in PACKAGES for pattern in ("*.py", "*.js") for path in (ROOT / package).rglob(pattern)]
    return sorted(path for path in found if "/static/vendor/" not in path.as_posix() and not any(skip in path.relative_to(ROOT).as_posix() for skip in SKIPPED))


def python_literals(text: str) -> list[tuple[int, str]]:
    """Each string literal with its line, leaving out docstrings."""
    tree = ast.parse(text)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def script_literals(text: str) -> list[tuple[int, str]]:
    """Each line of a script with its comments taken out: what is left of a line is code and its strings."""
    text = re.sub(r"/\*.*?\*/", lambda match: "\n" * match.group(0).count("\n"), text, flags=re.S)
    return [(number, re.sub(r"(^|[^:\\])//.*$", r"\1", line)) for number, line in enumerate(text.splitlines(), start=1)]


def escaped_words() -> list[str]:
    found = []
    for path in sources():
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        literals = python_literals(text) if path.suffix == ".py" else script_literals(text)
        for line, literal in literals:
            if not WORD.search(literal):
                continue
            if any(name == allowed and part in literal for allowed, part, _ in ALLOWED):
                continue
            found.append(f"{name}:{line}: {literal.strip()[:80]!r}")
    return found


def test_no_ukrainian_word_is_written_outside_the_catalogue() -> None:
    assert escaped_words() == []


def test_the_check_reads_both_kinds_of_source_and_skips_comments() -> None:
    assert python_literals('"""Черга."""\nx = "черга"  # черга\n') == [(2, "черга")]
    assert [line for _, line in script_literals('// черга\nconst a = "черга"; // черга\n/* черга\n */ b()') if WORD.search(line)] == ['const a = "черга"; ']
    assert any(path.suffix == ".js" for path in sources()) and any(path.suffix == ".py" for path in sources())
    assert not any("display_board/voice/" in path.as_posix() for path in sources())


def test_every_allowance_says_why() -> None:
    assert all(reason and (ROOT / name).exists() for name, _, reason in ALLOWED)
