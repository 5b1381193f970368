"""Logins: the lockout of an account, the limit of an address, the dummy hash, the change of password."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
from pathlib import Path

import pytest
import sqlalchemy as sa

from queue_server.commands import accounts, logins
from queue_server.commands.logins import LoginLimits, address_free_at, locked_until
from queue_server.domain.errors import AccountLocked, InvalidRequest, NotAuthenticated, NotFound, TooManyAttempts
from queue_server.store.schema import audit_log, login_attempts

LIFETIME = dt.timedelta(hours=8)
LIMITS = LoginLimits(max_failures=10, lockout=dt.timedelta(minutes=15), address_limit=30, address_window=dt.timedelta(minutes=10))
T = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)


def minutes(*values: float) -> list[dt.datetime]:
    """Moments `values` minutes after T, newest first as the lockout reads them."""
    return sorted((T + dt.timedelta(minutes=value) for value in values), reverse=True)


def test_ten_failures_within_the_lockout_lock_for_the_lockout_from_the_last() -> None:
    assert locked_until(minutes(*range(9)), LIMITS) is None
    assert locked_until(minutes(*range(10)), LIMITS) == T + dt.timedelta(minutes=9 + 15)
    spread = [value * 1.6 for value in range(10)]  # 14.4 minutes from the first to the tenth
    assert locked_until(minutes(*spread), LIMITS) is not None
    assert locked_until(minutes(*[value * 1.7 for value in range(10)]), LIMITS) is None


def test_after_a_lockout_a_guesser_needs_ten_new_failures() -> None:
    first = list(range(10))
    assert locked_until(minutes(*first, 30), LIMITS) is None  # one new failure once the lockout is over
    assert locked_until(minutes(*first, *[30 + value for value in range(9)]), LIMITS) is None
    assert locked_until(minutes(*first, *[30 + value for value in range(10)]), LIMITS) == T + dt.timedelta(minutes=54)


def test_an_address_over_its_limit_waits_until_enough_failures_leave_the_window() -> None:
    failures = sorted(T + dt.timedelta(seconds=10 * n) for n in range(31))
    assert address_free_at(failures[:29], LIMITS) is None
    assert address_free_at(failures, LIMITS) == failures[1] + LIMITS.address_window


@pytest.fixture
def olena(ctx):
    return accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])


def fail(ctx, username="olena", times=1, address="10.0.0.1"):
    errors = []
    for _ in range(times):
        with pytest.raises((NotAuthenticated, AccountLocked)) as caught:
            logins.login(ctx, username, "wrong-password", lifetime=LIFETIME, address=address, limits=LIMITS)
        errors.append(caught.value)
    return errors


def test_the_right_password_waits_out_the_lockout(ctx, clock, olena) -> None:
    errors = fail(ctx, times=10)
    assert all(isinstance(error, NotAuthenticated) for error in errors[:9])
    assert isinstance(errors[9], AccountLocked) and errors[9].retry_after == 15 * 60
    clock.advance(14)
    with pytest.raises(AccountLocked) as caught:
        logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    assert caught.value.retry_after == 60
    clock.advance(1)
    token, user = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    assert user.username == "olena" and accounts.actor_for_token(ctx, token) is not None


def test_refused_attempts_are_not_counted(ctx, clock, olena) -> None:
    fail(ctx, times=10)
    for _ in range(20):  # knocking on a locked door records nothing
        with pytest.raises(AccountLocked):
            logins.login(ctx, "olena", "wrong-password", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(login_attempts)).scalar() == 10
    clock.advance(15)
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)


def test_a_success_starts_the_count_again(ctx, clock, olena) -> None:
    fail(ctx, times=9)
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    errors = fail(ctx, times=9)
    assert all(isinstance(error, NotAuthenticated) for error in errors)


def test_an_unknown_name_is_locked_the_same_way(ctx, olena) -> None:
    errors = fail(ctx, username="nobody", times=10)
    assert isinstance(errors[-1], AccountLocked)


def test_one_address_cannot_try_many_accounts(ctx, clock, olena) -> None:
    for number in range(30):
        fail(ctx, username=f"guess-{number}")
    with pytest.raises(TooManyAttempts) as caught:
        logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    assert caught.value.retry_after == 10 * 60
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.9", limits=LIMITS)  # another address
    clock.advance(10)
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)


def test_an_unknown_user_costs_a_hash_check_like_a_known_one(ctx, olena, monkeypatch) -> None:
    checked = []
    real = logins.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(logins, "check_password_hash", spy)
    fail(ctx, username="nobody")
    fail(ctx, username="olena")
    assert checked[0] == logins.DUMMY_HASH and checked[0].startswith("scrypt:")
    assert checked[1] != logins.DUMMY_HASH and checked[1].split("$")[0] == checked[0].split("$")[0]  # the same cost


def test_failures_and_lockouts_are_audited_without_the_password(ctx, olena) -> None:
    fail(ctx, username="nobody-" + "x" * 100)
    fail(ctx, times=10)
    with ctx.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id))]
    unknown, *failed = [row for row in rows if row["action"] in ("login_failed", "locked_out")]
    assert unknown["actor"].startswith("user:?") and "nobody" not in unknown["actor"]
    assert unknown["office"] is None and unknown["role"] is None and unknown["details"] == {"reason": "unknown user"}
    assert [row["action"] for row in failed] == ["login_failed"] * 10 + ["locked_out"]
    assert all(row["actor"] == "user:olena" and row["office"] == "alpha" and row["address"] == "10.0.0.1" for row in failed)
    assert "wrong-password" not in repr(rows)


def test_a_change_of_password_ends_the_other_logins(ctx, olena) -> None:
    kept, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    other, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    actor = accounts.actor_for_token(ctx, kept)
    assert logins.change_password(ctx, "password-1", "a-new-password", actor=actor, token=kept, limits=LIMITS) == 1
    assert accounts.actor_for_token(ctx, other) is None and accounts.actor_for_token(ctx, kept) is not None
    with pytest.raises(NotAuthenticated):
        logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    logins.login(ctx, "olena", "a-new-password", lifetime=LIFETIME)


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [("wrong-password", "a-new-password", "current_password"), ("password-1", "short", "new_password"), ("password-1", "password-1", "new_password")],
)
def test_a_bad_change_of_password_changes_nothing(ctx, olena, current, new, field) -> None:
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    actor = accounts.actor_for_token(ctx, token)
    with pytest.raises(InvalidRequest) as caught:
        logins.change_password(ctx, current, new, actor=actor, token=token, limits=LIMITS)
    assert caught.value.details["field"] == field
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)


def test_wrong_current_passwords_count_towards_the_lockout(ctx, olena) -> None:
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    actor = accounts.actor_for_token(ctx, token)
    for _ in range(9):
        with pytest.raises(InvalidRequest):
            logins.change_password(ctx, "wrong-password", "a-new-password", actor=actor, token=token, limits=LIMITS)
    with pytest.raises(AccountLocked):
        logins.change_password(ctx, "wrong-password", "a-new-password", actor=actor, token=token, limits=LIMITS)


def test_an_administrators_reset_ends_every_login(ctx, olena) -> None:
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    accounts.set_password(ctx, "olena", "a-new-password")
    assert accounts.actor_for_token(ctx, token) is None
    with ctx.engine.connect() as conn:
        last = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).first()
    assert (last.actor, last.action, last.office, last.details["username"]) == ("console:cli", "password_changed", "alpha", "olena")


# a name typed at the login is kept only when it is an account's


def database_bytes(ctx) -> bytes:
    """The SQLite file as it is on disk, its write-ahead log included."""
    path = Path(ctx.engine.url.database)
    return b"".join(candidate.read_bytes() for candidate in (path, path.with_name(path.name + "-wal")) if candidate.exists())


def test_a_password_typed_as_the_user_name_is_stored_nowhere(ctx, olena) -> None:
    typed = "Kv1tka-Sekret-2026"  # the password, typed into the name field
    fail(ctx, username=typed, times=2)
    fail(ctx, username="olena")
    with ctx.engine.connect() as conn:
        audited = [dict(row._mapping) for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id))]
        attempts = [dict(row._mapping) for row in conn.execute(sa.select(login_attempts).order_by(login_attempts.c.id))]
    assert typed not in repr(audited) and typed not in repr(attempts)
    assert typed.encode() not in database_bytes(ctx) and typed.lower().encode() not in database_bytes(ctx).lower()
    first, second, known = (row["actor"] for row in audited if row["action"] == "login_failed")
    assert first == second != known == "user:olena"  # the same unknown name is recognisable as the same, unreadable
    assert [row["username"] for row in attempts][-1] == "olena"


def test_an_unknown_name_hash_is_keyed() -> None:
    assert logins.masked_name("olena1", b"one key") != logins.masked_name("olena1", b"another key")
    assert logins.masked_name("olena1", b"one key") == logins.masked_name("olena1", b"one key")


# strangers cannot lock staff out


def test_a_stranger_locks_only_their_own_address(ctx, olena) -> None:
    errors = fail(ctx, times=12, address="203.0.113.66")
    assert isinstance(errors[9], AccountLocked) and all(isinstance(error, AccountLocked) for error in errors[10:])
    with pytest.raises(AccountLocked):  # the attacker's address waits, even with the right password
        logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="203.0.113.66", limits=LIMITS)
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.5", limits=LIMITS)
    assert accounts.actor_for_token(ctx, token).name == "olena"


def test_a_trusted_network_is_not_refused_for_others_failures(ctx, olena) -> None:
    trusted = dataclasses.replace(LIMITS, address_limit=5, trusted=(ipaddress.ip_network("10.20.0.0/16"),))
    for number in range(7):  # colleagues behind one office address mistype their names
        with pytest.raises(NotAuthenticated):
            logins.login(ctx, f"typo-{number}", "wrong-password", lifetime=LIFETIME, address="10.20.3.4", limits=trusted)
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.20.3.4", limits=trusted)
    with pytest.raises(TooManyAttempts):  # the same from an untrusted address is refused
        for number in range(6):
            with pytest.raises(NotAuthenticated):
                logins.login(ctx, f"typo-{number}", "wrong-password", lifetime=LIFETIME, address="198.51.100.7", limits=trusted)


def test_an_unlock_lets_the_owner_in_at_once_and_is_audited(ctx, olena) -> None:
    supervisor = accounts.staff_actor(accounts.add_user(ctx, "iryna", "password-2", "supervisor", ["alpha"]))
    fail(ctx, times=10)
    with pytest.raises(AccountLocked):
        logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    assert logins.unlock(ctx, "olena", actor=supervisor, office="alpha") == 10
    logins.login(ctx, "olena", "password-1", lifetime=LIFETIME, address="10.0.0.1", limits=LIMITS)
    with ctx.engine.connect() as conn:
        entry = conn.execute(sa.select(audit_log).where(audit_log.c.action == "account_unlocked")).one()
    assert (entry.actor, entry.office, entry.details) == ("user:iryna", "alpha", {"username": "olena", "failures_forgotten": 10})


def test_an_unlock_names_a_user_of_the_office(ctx, olena) -> None:
    with pytest.raises(NotFound):
        logins.unlock(ctx, "olena", actor=accounts.CONSOLE, office="beta")
    with pytest.raises(NotFound):
        logins.unlock(ctx, "nobody", actor=accounts.CONSOLE)
