"""The bundled «Віза» network: what the issue promised is there."""

from __future__ import annotations

from collections import Counter

import pytest

from queue_server.domain.model import Network, OfficeKind
from queue_server.network_config import DEFAULT_CONFIG_DIR, load_network


@pytest.fixture(scope="module")
def viza() -> Network:
    return load_network(DEFAULT_CONFIG_DIR)


def test_thirty_nine_offices_of_every_kind(viza) -> None:
    kinds = Counter(office.kind for office in viza.offices.values())
    assert len(viza.offices) == 39
    assert kinds[OfficeKind.MAIN] == 1 and kinds[OfficeKind.PASSPORT] == 7 and kinds[OfficeKind.VETERANS] == 1
    assert kinds[OfficeKind.MOBILE] >= 2 and kinds[OfficeKind.TERRITORIAL] >= 20
    assert "Я – Ветеран" in viza.offices["vet"].name.uk


def test_at_least_sixty_services_and_nine_packages(viza) -> None:
    assert len(viza.services) >= 60
    packages = [s for s in viza.services.values() if s.package]
    assert len(packages) == 9
    assert all(s.includes and all(i in viza.services for i in s.includes) for s in packages)
    wanted = {"residence", "passports", "property", "business", "social", "land", "veterans", "civil", "transport", "packages"}
    assert wanted <= set(viza.categories)


def test_every_service_hangs_in_the_category_tree_and_is_offered_somewhere(viza) -> None:
    offered = {code for office in viza.offices.values() for code in office.services}
    for service in viza.services.values():
        assert service.category in viza.categories
        assert service.code in offered, service.code


def test_names_in_ukrainian_and_english_everywhere(viza) -> None:
    texts = [viza.name]
    texts += [o.name for o in viza.offices.values()] + [o.address for o in viza.offices.values()]
    texts += [s.name for s in viza.services.values()] + [c.name for c in viza.categories.values()]
    texts += [p.name for p in viza.priorities.values()]
    for text in texts:
        assert text.uk.strip() and text.en.strip()
        assert any("а" <= ch.lower() <= "я" or ch in "іїєґІЇЄҐ" for ch in text.uk), text.uk


def test_desks_are_numbered_per_office_and_serve_only_what_their_office_offers(viza) -> None:
    ids = [desk.id for office in viza.offices.values() for desk in office.desks]
    assert len(ids) == len(set(ids))
    for office in viza.offices.values():
        for desk in office.desks:
            assert desk.id == f"{office.code}-{desk.number}"
            assert desk.profile.weights and set(desk.profile.weights) <= set(office.services)
            assert all(weight > 0 for weight in desk.profile.weights.values())


def test_every_office_can_serve_everything_it_offers(viza) -> None:
    for office in viza.offices.values():
        served = {code for desk in office.desks for code in desk.profile.weights}
        assert set(office.services) <= served, (office.code, set(office.services) - served)


def test_the_four_priority_categories(viza) -> None:
    assert {"veteran", "disability", "elderly", "pregnant"} <= {code for code, p in viza.priorities.items() if p.enabled}


def test_every_key_of_every_file_is_explained_by_a_comment() -> None:
    """Each setting used in a file is named in that file's comments, where it is explained.

    Keys are the `key = …` at the start of a line and inside the desk groups
    `{ numbers = …, profile = …, kind = … }` and the hours table; the inline
    tables of profiles.toml hold codes (of categories and services), not keys.
    """
    import re

    for path in sorted(DEFAULT_CONFIG_DIR.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        settings_lines = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        keys = set(re.findall(r"^\s*([a-z_]+)\s*=", settings_lines, flags=re.MULTILINE))
        if path.name == "offices.toml":
            keys |= set(re.findall(r"[{,]\s*([a-z_]+)\s*=", settings_lines))
        unexplained = sorted(key for key in keys if not re.search(rf"\b{key}\b", comments))
        assert not unexplained, f"{path.name}: keys without a comment: {unexplained}"
