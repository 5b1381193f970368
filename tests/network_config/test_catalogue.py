"""services.toml: the category tree and the services; each mistake names the file and the key."""

from __future__ import annotations

import pytest

RESIDENCE = "[services.residence-register]"
BIRTH = "[services.package-birth]"
BIRTH_STEPS = 'includes = ["civil-birth", "residence-child", "social-birth-aid", "tax-number"]'


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('category = "residence"', 'category = "residency"', ["services.residence-register.category", "unknown category 'residency'"]),
        ('prefix = "А"', 'prefix = "A"', ["services.residence-register.prefix", "Ukrainian letter", "'A'"]),
        ('prefix = "А"', 'prefix = "Ы"', ["services.residence-register.prefix", "Ukrainian letter"]),
        ('prefix = "А"', 'prefix = "АБ"', ["services.residence-register.prefix"]),
        ('prefix = "А"', 'prefix = "а"', ["services.residence-register.prefix"]),
        ('prefix = "А"', "prefix = 1", ["services.residence-register.prefix", "a string"]),
        ("target_wait_minutes = 20", "target_wait_minutes = -5", ["services.residence-register.target_wait_minutes", "more than 0"]),
        ("target_wait_minutes = 20", "target_wait_minutes = 0", ["services.residence-register.target_wait_minutes", "more than 0"]),
        ("target_wait_minutes = 20", "target_wait_minutes = 1e300", ["services.residence-register.target_wait_minutes", "at most 1440"]),
        ("typical_duration_minutes = 10", "typical_duration_minutes = inf", ["services.residence-register.typical_duration_minutes", "finite"]),
        ('name_en = "Registration of the place of residence"\n', "", ["services.residence-register.name_en", "is required"]),
        ("typical_duration_minutes = 10\n", "typical_duration_minutes = 10\ntypical_duration = 10\n", ["services.residence-register.typical_duration", "unknown key"]),
        (RESIDENCE, "[services.Residence_Register]", ["services.Residence_Register", "code"]),
        (RESIDENCE, "[services.residence--register]", ["services.residence--register", "code"]),
        ('includes = ["civil-birth"', 'includes = ["civil-berth"', ["services.package-birth.includes", "unknown service 'civil-berth'"]),
        ('includes = ["civil-birth"', 'includes = ["package-heir"', ["services.package-birth.includes", "'package-heir' is itself a package"]),
        ('includes = ["civil-birth"', 'includes = ["package-birth"', ["services.package-birth.includes", "cannot include itself"]),
        ('includes = ["civil-birth"', 'includes = ["residence-child", "civil-birth"', ["services.package-birth.includes", "'residence-child' is listed twice"]),
        (BIRTH_STEPS, "includes = []", ["services.package-birth.includes", "must list the services"]),
        (BIRTH_STEPS, 'includes = "civil-birth"', ["services.package-birth.includes", "list of codes"]),
        ("package = true", 'package = "yes"', ["services.package-birth.package", "true or false"]),
        ('parent = "passports"', 'parent = "passports-id"', ["categories.passports-id.parent", "circle"]),
        ('parent = "passports"', 'parent = "pasports"', ["categories.passports-id.parent", "unknown category 'pasports'"]),
        ("order = 1", 'order = "first"', ["categories.residence.order", "whole number"]),
        ("[categories.residence]\nname", "[categories.residence]\ntitle", ["categories.residence.title", "unknown key", "categories.residence.name", "is required"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("services.toml", old, new).refused("services.toml", *words)


def test_one_category_one_letter(config) -> None:
    config.edit("services.toml", 'name = "Зняття з реєстрації місця проживання"\nname_en = "Deregistration of the place of residence"\ncategory = "residence"\nprefix = "А"', 'name = "Зняття з реєстрації місця проживання"\nname_en = "Deregistration of the place of residence"\ncategory = "residence"\nprefix = "Р"')
    config.refused("services.residence-deregister.prefix", "'Р' differs from 'А' of 'residence-register'", "category 'residence'")


def test_only_a_package_includes_services(config) -> None:
    config.edit("services.toml", "typical_duration_minutes = 10\n", 'typical_duration_minutes = 10\nincludes = ["civil-birth"]\n')
    config.refused("services.residence-register.includes", "only a package")


def test_a_code_declared_twice_is_a_toml_error_with_its_line(config) -> None:
    config.append("services.toml", '[services.consultation]\nname = "Ще раз"\n')
    config.refused("services.toml", "not valid TOML", "line")


def test_a_file_with_no_service(config) -> None:
    (config.folder / "services.toml").write_text('[categories.general]\nname = "Загальне"\nname_en = "General"\n', encoding="utf-8")
    config.refused("services.toml: services: is required")
