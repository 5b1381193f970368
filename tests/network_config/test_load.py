"""The configuration is refused whole: every problem of every file at once, each with file and key."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import queue_server.network_config as network_config
from queue_server.network_config import ConfigError, Problem, load_network


def test_toml_syntax_errors_give_the_line_and_nothing_follows_from_them(config) -> None:
    text = (config.folder / "offices.toml").read_text(encoding="utf-8")
    line = text[: text.index("[offices.main]")].count("\n") + 1
    config.edit("offices.toml", "[offices.main]", "[offices.main\n")
    assert str(config.error()) == (
        f"offices.toml: not valid TOML: Expected ']' at the end of a table declaration (at line {line}, column 14)"
    )


@pytest.mark.parametrize("file", ["network.toml", "services.toml", "profiles.toml", "offices.toml"])
def test_an_unreadable_file_is_one_problem_and_the_others_are_still_checked(config, file) -> None:
    (config.folder / file).write_text("= broken\n", encoding="utf-8")
    other = "offices.toml" if file != "offices.toml" else "services.toml"
    config.append(other, "[wrong]\nkey = 1\n")
    problems = config.error().problems
    assert sorted((problem.file, problem.key) for problem in problems) == sorted([(file, ""), (other, "wrong")]), problems


def test_a_file_that_is_not_utf8(config) -> None:
    (config.folder / "profiles.toml").write_bytes('[profiles.x]\n# вікно\n'.encode("cp1251"))
    config.refused("profiles.toml", "UTF-8")


def test_a_missing_file_or_folder(config, tmp_path) -> None:
    (config.folder / "profiles.toml").unlink()
    config.refused("profiles.toml: missing file")
    with pytest.raises(ConfigError, match="no such configuration folder"):
        load_network(tmp_path / "nowhere")


def test_every_mistake_of_every_file_is_listed_at_once(config) -> None:
    config.edit("network.toml", "priority_share = 0.5", "priority_share = 7")
    config.edit("services.toml", 'prefix = "А"', 'prefix = "AA"')
    config.edit("services.toml", "target_wait_minutes = 30", "target_wait_minutes = 0")
    config.edit("profiles.toml", "passports = 2.0", "passports = -2.0")
    config.edit("offices.toml", 'kind = "main"', 'kind = "big"')
    config.edit("offices.toml", '{ numbers = "1-5", profile = "universal" }', '{ numbers = "1-5", profile = "univresal" }')
    config.edit("offices.toml", 'tue = "09:00-15:00"', 'tue = "15:00-09:00"')
    error = config.error()
    located = {(problem.file, problem.key) for problem in error.problems}
    assert located >= {
        ("network.toml", "rules.priority_share"),
        ("services.toml", "services.residence-register.prefix"),
        ("services.toml", "services.id-card-first.target_wait_minutes"),
        ("profiles.toml", "profiles.passport.categories.passports"),
        ("offices.toml", "offices.main.kind"),
        ("offices.toml", "offices.dovh-1.desks[0].profile"),
        ("offices.toml", "schedules.mobile.tue"),
    }
    lines = str(error).splitlines()
    assert len(lines) == len(error.problems) >= 7
    assert "network.toml: rules.priority_share: must be from 0 to 1" in lines


def test_a_broken_entry_is_not_blamed_again_where_it_is_used(config) -> None:
    """A service with a bad prefix is reported once, not once more per office and package that offer it."""
    config.edit("services.toml", 'prefix = "А"', 'prefix = "AA"')
    assert [str(problem) for problem in config.error().problems] == [
        "services.toml: services.residence-register.prefix: must be one capital Ukrainian letter (А, Б, В…), not 'AA'"
    ]


def test_a_problem_reads_as_file_key_message() -> None:
    assert str(Problem("offices.toml", "offices.main.kind", "wrong")) == "offices.toml: offices.main.kind: wrong"
    assert str(Problem("offices.toml", "", "missing file")) == "offices.toml: missing file"
    assert str(ConfigError([Problem("a.toml", "x", "one"), Problem("b.toml", "y", "two")])) == "a.toml: x: one\nb.toml: y: two"


def test_the_package_imports_only_the_standard_library_and_the_domain() -> None:
    """And the lengths every side agrees on (`protocol.limits`, constants only): a code's length is the configuration's."""
    for module in Path(network_config.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 2:
                    assert (node.module or "").startswith("domain"), (module.name, node.module)
                assert node.level in (0, 1, 2), (module.name, node.module)
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names or name == "protocol.limits", (module.name, name)
