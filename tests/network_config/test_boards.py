"""boards.toml: optional named hall boards; each mistake names the file and the key, and none crashes."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from queue_server.domain.boards import Board
from queue_server.domain.model import DeskId, Network, ServiceCode
from queue_server.network_config import (
    CONFIG_FILES,
    DEFAULT_CONFIG_DIR,
    OPTIONAL_CONFIG_FILES,
    REQUIRED_CONFIG_FILES,
    load_network,
)
from queue_server.network_config.boards import BOARD_KEYS, BOARDS_FILE, read_boards
from queue_server.network_config.catalogue import Catalogue
from queue_server.network_config.reader import Reader

HALL = '[boards.main-hall]\noffice = "main"'
PASSPORTS = '[boards.main-passports]\noffice = "main"'
VET = '[boards.vet-hall]\noffice = "vet"'
VET_DESKS = 'desks = ["1-4", "5"]'


@pytest.fixture(scope="module")
def viza() -> Network:
    return load_network(DEFAULT_CONFIG_DIR)


# ---- the bundled boards ----


def test_the_bundled_boards_load_with_their_settings(viza) -> None:
    assert set(viza.boards) == {"main-hall", "main-passports", "main-land", "vet-hall"}
    assert all(code == board.code for code, board in viza.boards.items())

    hall = viza.boards["main-hall"]
    assert hall.office == "main" and hall.orientation == "landscape"
    assert (hall.name.uk, hall.name.en) == ("Головний зал", "Main hall")
    assert hall.services is None and hall.desks is None, "the hall board shows every call of the office"
    assert hall.english and hall.repeat_recall and not hall.muted and not hall.paired
    assert hall.volume == 80 and hall.recent_calls == 8
    assert "QR" in hall.ticker.uk and "QR" in hall.ticker.en
    assert hall.quiet_hours == (dt.time(20), dt.time(8))

    passports = viza.boards["main-passports"]
    assert passports.orientation == "portrait" and passports.paired and passports.recent_calls == 4
    assert passports.desks == {DeskId(f"main-{number}") for number in range(11, 17)}
    assert {"id-card-first", "passport-foreign-adult", "id-card-issue"} <= passports.services
    assert all(viza.services[code].category in ("passports-id", "passports-foreign") for code in passports.services)

    land = viza.boards["main-land"]
    assert land.muted and land.desks == {DeskId("main-28"), DeskId("main-29")}
    assert "property-extract" in land.services and "land-allotment" in land.services

    vet = viza.boards["vet-hall"]
    assert vet.office == "vet" and vet.name is None and vet.ticker is not None
    assert vet.desks == {DeskId(f"vet-{number}") for number in range(1, 6)} and vet.services is None
    assert vet.volume == 90 and not vet.english and vet.quiet_hours is None


def test_every_bundled_board_shows_calls_of_its_office(viza) -> None:
    for board in viza.boards.values():
        office = viza.offices[board.office]
        shown = [
            (service, desk.id) for desk in office.desks for service in desk.profile.weights
            if (board.services is None or service in board.services) and (board.desks is None or desk.id in board.desks)
        ]
        assert shown, board.code
        assert board.services is None or board.services <= set(office.services)
        assert board.desks is None or board.desks <= {desk.id for desk in office.desks}


def test_boards_of_an_office(viza) -> None:
    assert [board.code for board in viza.boards_of("main")] == ["main-hall", "main-land", "main-passports"]
    assert [board.code for board in viza.boards_of("vet")] == ["vet-hall"]
    assert viza.boards_of("dovh-1") == []


def test_boards_toml_is_an_optional_file_of_the_folder() -> None:
    assert BOARDS_FILE in OPTIONAL_CONFIG_FILES and BOARDS_FILE in CONFIG_FILES
    assert BOARDS_FILE not in REQUIRED_CONFIG_FILES and len(REQUIRED_CONFIG_FILES) == 4


# ---- an optional file ----


def test_a_folder_without_boards_toml_loads_with_no_named_boards(config) -> None:
    (config.folder / "boards.toml").unlink()
    network = config.load()
    assert network.boards == {} and len(network.offices) == 39


def test_an_empty_boards_toml_or_an_empty_boards_table(config) -> None:
    (config.folder / "boards.toml").write_text("# no board named yet\n", encoding="utf-8")
    assert config.load().boards == {}
    (config.folder / "boards.toml").write_text("[boards]\n", encoding="utf-8")
    assert config.load().boards == {}


def test_the_four_other_files_are_still_required(config) -> None:
    (config.folder / "offices.toml").unlink()
    config.refused("offices.toml: missing file")


def test_an_unreadable_boards_toml_is_one_problem_and_the_others_are_still_checked(config) -> None:
    (config.folder / "boards.toml").write_text("= broken\n", encoding="utf-8")
    config.append("services.toml", "[wrong]\nkey = 1\n")
    problems = config.error().problems
    assert sorted((problem.file, problem.key) for problem in problems) == [("boards.toml", ""), ("services.toml", "wrong")]
    assert str(problems[-1]).startswith("boards.toml: not valid TOML"), "the boards come last, after the files they refer to"


def test_boards_toml_that_is_a_folder_or_a_dangling_link(config) -> None:
    path = config.folder / "boards.toml"
    path.unlink()
    path.symlink_to(config.folder / "nowhere.toml")
    config.refused("boards.toml: missing file")
    path.unlink()
    path.mkdir()
    config.refused("boards.toml: cannot be read")


def test_a_board_declared_twice_is_a_toml_error_with_its_line(config) -> None:
    config.append("boards.toml", '[boards.vet-hall]\noffice = "vet"\n')
    config.refused("boards.toml: not valid TOML", "line")


# ---- each mistake ----


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        # keys, codes and types
        (VET, VET + '\ncolour = "red"', ["boards.vet-hall.colour", "unknown key"]),
        (VET, VET + "\nenglish_too = true", ["boards.vet-hall.english_too", "unknown key", "repeat_recall"]),
        ("[boards.vet-hall]", "[boards.Vet_Hall]", ["boards.Vet_Hall", "code 'Vet_Hall'"]),
        ("[boards.vet-hall]", "[boards.default]", ["boards.default", "reserved for the office's default board"]),
        ("recent_calls = 5", 'recent_calls = "5"', ["boards.vet-hall.recent_calls", "a whole number", "'5'"]),
        ("recent_calls = 5", "recent_calls = 5.0", ["boards.vet-hall.recent_calls", "a whole number"]),
        ("recent_calls = 5", "recent_calls = true", ["boards.vet-hall.recent_calls", "a whole number"]),
        ("volume = 90", 'volume = "loud"', ["boards.vet-hall.volume", "a whole number"]),
        ("paired = false", 'paired = "no"', ["boards.main-hall.paired", "true or false"]),
        ("muted = false", "muted = 0", ["boards.main-hall.muted", "true or false"]),
        ("english = true", "english = 1", ["boards.main-hall.english", "true or false"]),
        ("repeat_recall = true", 'repeat_recall = "yes"', ["boards.main-hall.repeat_recall", "true or false"]),
        # the office
        (VET, '[boards.vet-hall]\noffice = "veterans"', ["boards.vet-hall.office", "unknown office 'veterans'"]),
        (VET, '[boards.vet-hall]\noffice = ["vet"]', ["boards.vet-hall.office", "a string"]),
        (VET, "[boards.vet-hall]", ["boards.vet-hall.office", "is required"]),
        # numbers out of range
        ("recent_calls = 5", "recent_calls = 0", ["boards.vet-hall.recent_calls", "from 1 to 12, not 0"]),
        ("recent_calls = 5", "recent_calls = 13", ["boards.vet-hall.recent_calls", "from 1 to 12, not 13"]),
        ("volume = 90", "volume = 101", ["boards.vet-hall.volume", "from 0 to 100, not 101"]),
        ("volume = 90", "volume = -1", ["boards.vet-hall.volume", "from 0 to 100, not -1"]),
        # orientation
        ('orientation = "portrait"', 'orientation = "vertical"', ["boards.main-passports.orientation", "'vertical'", "portrait"]),
        ('orientation = "portrait"', "orientation = 90", ["boards.main-passports.orientation", "a string"]),
        # quiet hours
        ('quiet_hours = "20:00-08:00"', 'quiet_hours = "8pm-8am"', ["boards.main-hall.quiet_hours", "time range", "'8pm-8am'"]),
        ('quiet_hours = "20:00-08:00"', 'quiet_hours = "20:00-24:00"', ["boards.main-hall.quiet_hours", "not a time of day"]),
        ('quiet_hours = "20:00-08:00"', 'quiet_hours = "20:00-20:00"', ["boards.main-hall.quiet_hours", "starts when it ends"]),
        ('quiet_hours = "20:00-08:00"', "quiet_hours = 20", ["boards.main-hall.quiet_hours", "time range"]),
        ('quiet_hours = "20:00-08:00"', 'quiet_hours = ["20:00", "08:00"]', ["boards.main-hall.quiet_hours", "time range"]),
        # the texts come in pairs
        ('name_en = "Main hall"\n', "", ["boards.main-hall.name_en", "is required"]),
        ('name = "Головний зал"\n', "", ["boards.main-hall.name", "is required"]),
        ('name = "Головний зал"', 'name = "  "', ["boards.main-hall.name", "must not be empty"]),
        ("ticker_en = ", "# ticker_en = ", ["boards.main-hall.ticker_en", "is required"]),
        ("ticker_en = ", 'ticker_en = "' + "x" * 501 + '"\n# ', ["boards.main-hall.ticker_en", "at most 500 characters"]),
        # services and categories of the office
        (VET, VET + '\nservices = ["vehicle-registration"]', ["boards.vet-hall.services", "office vet does not offer service 'vehicle-registration'"]),
        (VET, VET + '\nservices = ["land-leese"]', ["boards.vet-hall.services", "unknown service 'land-leese'"]),
        (VET, VET + '\nservices = ["land-lease", "land-lease"]', ["boards.vet-hall.services", "'land-lease' is listed twice"]),
        (VET, VET + "\nservices = []", ["boards.vet-hall.services", "names no service"]),
        (VET, VET + '\nservices = "land-lease"', ["boards.vet-hall.services", "list of codes"]),
        (VET, VET + '\ncategories = ["transport"]', ["boards.vet-hall.categories", "office vet offers no service of category 'transport'"]),
        ('categories = ["passports"]', 'categories = ["passport"]', ["boards.main-passports.categories", "unknown category 'passport'"]),
        ('categories = ["passports"]', "categories = []", ["boards.main-passports.categories", "names no category"]),
        # desks of the office
        (VET_DESKS, 'desks = ["1-4", "6-7"]', ["boards.vet-hall.desks", "office vet has no desk 6-7"]),
        (VET_DESKS, 'desks = "1-9"', ["boards.vet-hall.desks", "office vet has no desk 6-9"]),
        (VET_DESKS, 'desks = ["1-4", "4"]', ["boards.vet-hall.desks", "desk 4 is listed twice"]),
        (VET_DESKS, 'desks = "4-1"', ["boards.vet-hall.desks", "low to high"]),
        (VET_DESKS, 'desks = "0"', ["boards.vet-hall.desks", "starting at 1"]),
        (VET_DESKS, 'desks = "one"', ["boards.vet-hall.desks", "'one'"]),
        (VET_DESKS, "desks = []", ["boards.vet-hall.desks", "desk numbers such as"]),
        (VET_DESKS, "desks = [1, 2]", ["boards.vet-hall.desks", "desk numbers such as"]),
        (VET_DESKS, "desks = 5", ["boards.vet-hall.desks", "desk numbers such as"]),
        # a board that would show nothing
        ('desks = "11-16"', 'desks = "28-29"', ["boards.main-passports.desks", "would show nothing", "office main"]),
        (VET_DESKS, 'desks = "5"\ncategories = ["veterans"]', ["boards.vet-hall.desks", "would show nothing", "office vet"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("boards.toml", old, new).refused("boards.toml", *words)


def test_the_file_holds_boards_only(config) -> None:
    config.append("boards.toml", "[screens.hall]\noffice = \"main\"\n")
    config.refused("boards.toml: screens: unknown key (allowed: boards)")
    (config.folder / "boards.toml").write_text("boards = 5\n", encoding="utf-8")
    config.refused("boards.toml: boards: must be a table")
    (config.folder / "boards.toml").write_text("[boards]\nhall = 5\n", encoding="utf-8")
    config.refused("boards.toml: boards.hall: must be a table")


def test_every_mistake_of_every_board_is_listed_at_once(config) -> None:
    config.edit("boards.toml", "recent_calls = 8", "recent_calls = 20")
    config.edit("boards.toml", 'orientation = "portrait"', 'orientation = "tall"')
    config.edit("boards.toml", VET_DESKS, 'desks = "9"')
    located = {(problem.file, problem.key) for problem in config.error().problems}
    assert located == {
        ("boards.toml", "boards.main-hall.recent_calls"),
        ("boards.toml", "boards.main-passports.orientation"),
        ("boards.toml", "boards.vet-hall.desks"),
    }


def test_a_board_is_not_blamed_for_a_mistake_of_its_office(config) -> None:
    """The veterans' office is broken in offices.toml: its board's office, services and desks are not reported again."""
    config.edit("offices.toml", 'kind = "veterans"', 'kind = "veteran"')
    config.edit("boards.toml", VET_DESKS, 'desks = "1-5"\nservices = ["land-lease"]')
    assert {problem.file for problem in config.error().problems} == {"offices.toml"}


def test_a_board_is_not_blamed_for_desks_its_office_lost_to_a_broken_profile(config) -> None:
    config.edit("profiles.toml", "passports = 2.0", "passports = -2.0")
    assert {problem.file for problem in config.error().problems} == {"profiles.toml"}


def test_a_board_is_not_blamed_when_the_offices_file_is_unreadable(config) -> None:
    (config.folder / "offices.toml").write_text("= broken\n", encoding="utf-8")
    assert [(problem.file, problem.key) for problem in config.error().problems] == [("offices.toml", "")]


def test_mistakes_of_the_board_itself_are_still_named_when_its_office_is_broken(config) -> None:
    config.edit("offices.toml", 'kind = "veterans"', 'kind = "veteran"')
    config.edit("boards.toml", "volume = 90", "volume = 900")
    config.refused("offices.toml: offices.vet.kind", "boards.toml: boards.vet-hall.volume")


def test_services_and_categories_of_a_board_add_up(config) -> None:
    board = config.edit("boards.toml", VET, VET + '\ncategories = ["land"]\nservices = ["consultation"]').load().boards["vet-hall"]
    assert board.services == {ServiceCode("land-allotment"), ServiceCode("land-cadastre-extract"), ServiceCode("consultation")}


def test_left_out_settings_take_the_defaults(config) -> None:
    (config.folder / "boards.toml").write_text('[boards.small]\noffice = "dovh-2"\n', encoding="utf-8")
    assert config.load().boards == {"small": Board(code="small", office="dovh-2")}


# ---- nothing crashes: every key of a board with every wrong value ----

WRONG_VALUES = [[], {}, True, False, "zz", "", -3, 0, 13, 101, [1, 2], {"x": 1}, float("nan"), 1e300, 2.5, "1-999999", ["zz"], [""], dt.time(8)]


@pytest.mark.parametrize("key", BOARD_KEYS)
def test_any_wrong_value_under_any_key_is_a_problem_of_that_key(viza, key) -> None:
    bundled = tomllib.loads((DEFAULT_CONFIG_DIR / "boards.toml").read_text(encoding="utf-8"))["boards"]
    catalogue = Catalogue(viza.categories, viza.services, set(viza.categories), set(viza.services))
    for code, entry in bundled.items():
        for wrong in WRONG_VALUES:
            reader = Reader(BOARDS_FILE)
            boards = read_boards(reader, {"boards": {code: {**entry, key: wrong}}}, viza.offices, set(viza.offices), catalogue)
            assert all(problem.file == BOARDS_FILE and problem.key.startswith(f"boards.{code}") for problem in reader.problems)
            if reader.problems:
                assert boards == {}, (key, wrong)
            else:
                assert boards[code].office in viza.offices, (key, wrong)
