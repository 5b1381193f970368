"""A package's steps in services.toml (a code, or a table naming the desks' profiles) and the rules of visits in network.toml."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.model import PackageStep

FOREIGN_STEP = '{ service = "passport-foreign-lost", profiles = ["passport"] }'  # the second step of package-lost-documents
WHERE = "services.package-lost-documents.includes[1]"
TRANSPORT_DESKS = '{ numbers = "30-31", profile = "transport" }'


def test_a_step_keeps_the_profiles_it_names_and_a_plain_code_names_none(config) -> None:
    network = config.load()
    assert network.services["package-lost-documents"].steps == (
        PackageStep("id-card-lost", ("passport", "universal")),
        PackageStep("passport-foreign-lost", ("passport",)),
        PackageStep("driving-licence-lost", ("transport",)),
    )
    assert network.services["package-relocation"].steps[2] == PackageStep("residence-certificate", ())
    assert network.services["package-birth"].includes == ("civil-birth", "residence-child", "social-birth-aid", "tax-number")


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ('{ service = "passport-foreign-lost", profiles = ["pasport"] }', [f"{WHERE}.profiles", "unknown profile 'pasport'"]),
        (
            '{ service = "passport-foreign-lost", profiles = ["social"] }',
            [f"{WHERE}.profiles", "profile 'social' does not serve 'passport-foreign-lost'", "profiles.toml"],
        ),
        ('{ service = "passport-foreign-lost", profiles = [] }', [f"{WHERE}.profiles", "names no profile"]),
        ('{ service = "passport-foreign-lost", profiles = "passport" }', [f"{WHERE}.profiles", "list of codes"]),
        ('{ service = "passport-foreign-lost", profiles = ["passport", "passport"] }', [f"{WHERE}.profiles", "'passport' is listed twice"]),
        ('{ service = "passport-foreign-lost", profile = ["passport"] }', [f"{WHERE}.profile", "unknown key (allowed: profiles, service)"]),
        ('{ profiles = ["passport"] }', [f"{WHERE}.service", "is required"]),
        ('{ service = "pasport-foreign-lost", profiles = ["passport"] }', ["services.package-lost-documents.includes", "unknown service 'pasport-foreign-lost'"]),
        ('{ service = "id-card-lost", profiles = ["passport"] }', ["services.package-lost-documents.includes", "'id-card-lost' is listed twice"]),
        ('{ service = "package-birth" }', ["services.package-lost-documents.includes", "'package-birth' is itself a package"]),
        ("42", [WHERE, "a service's code or a table", "42"]),
    ],
)
def test_each_mistake_of_a_step_is_named(config, new, words) -> None:
    config.edit("services.toml", FOREIGN_STEP, new).refused("services.toml", *words)


def test_a_plain_code_repeating_an_earlier_step_is_named(config) -> None:
    config.edit("services.toml", '"residence-certificate",\n]', '"residence-certificate",\n  "residence-register",\n]')
    config.refused("services.toml", "services.package-relocation.includes", "'residence-register' is listed twice")


def test_a_broken_profile_is_not_blamed_again_on_the_step(config) -> None:
    message = config.edit("profiles.toml", "[profiles.transport]\ncategories = { transport = 2.0", "[profiles.transport]\ncategories = { transprt = 2.0").message()
    assert "profiles.transport.categories.transprt" in message and "does not serve" not in message


def test_an_office_offering_a_package_needs_a_desk_of_a_profile_its_step_names(config) -> None:
    config.edit("offices.toml", TRANSPORT_DESKS, '{ numbers = "30-31", profile = "universal" }')
    config.refused(
        "offices.toml: offices.main.desks", "package 'package-lost-documents'", "step 'driving-licence-lost'", "profile 'transport'"
    )


def test_a_step_of_several_profiles_is_done_by_a_desk_of_any_of_them(config) -> None:
    """The territorial units have universal desks only: enough for the steps that name registration or universal."""
    network = config.load()
    unit = network.offices["dovh-2"]
    assert "package-relocation" in unit.services and {desk.profile.code for desk in unit.desks} == {"universal", "social"}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("max_services_per_ticket = 3", "max_services_per_ticket = 0", ["rules.max_services_per_ticket", "from 1 to 10"]),
        ("max_services_per_ticket = 3", "max_services_per_ticket = 11", ["rules.max_services_per_ticket", "from 1 to 10"]),
        ("max_services_per_ticket = 3", 'max_services_per_ticket = "three"', ["rules.max_services_per_ticket", "whole number"]),
        ("max_services_per_ticket = 3", "max_services_per_ticket = 2.5", ["rules.max_services_per_ticket", "whole number"]),
        ("visit_boost_minutes = 10", "visit_boost_minutes = -1", ["rules.visit_boost_minutes", "from 0 (no boost) to 240"]),
        ("visit_boost_minutes = 10", "visit_boost_minutes = 241", ["rules.visit_boost_minutes", "from 0 (no boost) to 240"]),
        ("visit_boost_minutes = 10", "visit_boost = 10", ["rules.visit_boost", "unknown key"]),
    ],
)
def test_each_mistake_of_the_visit_rules_is_named(config, old, new, words) -> None:
    config.edit("network.toml", old, new).refused("network.toml", *words)


def test_the_visit_rules_are_read_and_left_out_keep_their_defaults(config) -> None:
    rules = config.load().rules
    assert (rules.max_services, rules.visit_boost) == (3, dt.timedelta(minutes=10))
    config.edit("network.toml", "max_services_per_ticket = 3\n", "max_services_per_ticket = 10\n")
    assert config.load().rules.max_services == 10
    config.edit("network.toml", "max_services_per_ticket = 10\n", "").edit("network.toml", "visit_boost_minutes = 10\n", "")
    rules = config.load().rules
    assert (rules.max_services, rules.visit_boost) == (3, dt.timedelta(0))
