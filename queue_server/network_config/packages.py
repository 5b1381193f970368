"""A package's `includes` in `services.toml`: its steps, in the order a visit goes through them.

A step is a service code ("civil-birth"), or a table that also names the
desk profiles that may do it: { service = "passport-foreign-lost",
profiles = ["passport"] } — where only some desks have what a step needs
(the biometric station of the passport windows, the police's own desks for
driving licences). The profiles live in `profiles.toml`, which is read after
the catalogue (profiles name services), so the steps are read with the
catalogue and their profiles checked once the profiles are known; an office
offering the package must then have a desk of one of them (`offices.py`).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from ..domain.model import PackageStep, Service, ServiceCode
from .reader import Reader, path_of

STEP_KEYS = ("service", "profiles")
STEP_FORMS = '"civil-birth" or { service = "civil-birth", profiles = ["registration"] }'

# (package, step's service) → the key path of the step as written, for the problems found later
StepPaths = dict[tuple[ServiceCode, ServiceCode], str]


def read_steps(reader: Reader, code: str, entry: dict[str, Any], key: str, paths: StepPaths) -> tuple[PackageStep, ...]:
    """The steps of `includes`, each service once (a visit goes through a service one time); `paths` learns where each is written."""
    value = entry.get("includes", [])
    path = path_of(key, "includes")
    if not isinstance(value, list):
        reader.problem(path, f"must be a list of codes such as [\"a\", \"b\"], each a code or {STEP_FORMS}, not {value!r}")
        return ()
    steps: dict[ServiceCode, PackageStep] = {}
    for index, item in enumerate(value):
        step = _step(reader, item, f"{path}[{index}]")
        if step is None:
            continue
        if step.service in steps:
            reader.problem(path, f"{step.service!r} is listed twice: each service is one step of the package, done once")
            continue
        steps[step.service] = step
        paths[(ServiceCode(code), step.service)] = f"{path}[{index}]"
    return tuple(steps.values())


def _step(reader: Reader, item: Any, path: str) -> PackageStep | None:
    if isinstance(item, str):
        return PackageStep(ServiceCode(item))
    if not isinstance(item, dict):
        reader.problem(path, f"must be a service's code or a table such as {STEP_FORMS}, not {item!r}")
        return None
    if not reader.keys(item, path, STEP_KEYS):
        return None
    service = reader.get(item, path, "service", str)
    profiles = reader.code_list(item, path, "profiles")
    if "profiles" in item and isinstance(item["profiles"], list) and not item["profiles"]:
        reader.problem(path_of(path, "profiles"), "names no profile: name at least one, or write the service's code alone")
        return None
    if service is None:
        return None
    return PackageStep(ServiceCode(service), tuple(profiles))


def check_step_profiles(
    reader: Reader,
    services: Mapping[ServiceCode, Service],
    paths: StepPaths,
    profiles: Mapping[str, Mapping[ServiceCode, float]],
    declared_profiles: Container[str],
    *,
    trusted: bool = True,
) -> None:
    """Each profile a step names exists and serves the step's service, or no desk of it could ever do the step.

    `trusted` is False when profiles.toml has problems of its own: a profile
    then may lack a service because of them, which is not the step's fault.
    """
    for package in services.values():
        for step in package.steps:
            where = path_of(paths.get((package.code, step.service), f"services.{package.code}.includes"), "profiles")
            for profile in step.profiles:
                if not reader.known(where, "profile", profile, profiles, declared_profiles):
                    continue
                if trusted and step.service in services and step.service not in profiles[profile]:
                    reader.problem(
                        where,
                        f"profile {profile!r} does not serve {step.service!r}: add the service or its category "
                        "to the profile in profiles.toml, or name a profile that serves it",
                    )
