"""Settings: typed, from CHERGA_* variables; a bad value names the key and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.settings import Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///") and settings.max_replay == 1000
    assert (Path(settings.config_dir) / "offices.toml").exists()


def test_values_from_the_environment(tmp_path) -> None:
    settings = Settings.from_env(
        {
            "CHERGA_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
            "CHERGA_ASYNC_MODE": "gevent",
            "CHERGA_MAX_REPLAY": "50",
            "CHERGA_COOKIE_SECURE": "yes",
            "CHERGA_PUBLIC_URL": "https://cherga.example.org/",
            "CHERGA_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
        }
    )
    assert (settings.async_mode, settings.max_replay, settings.cookie_secure) == ("gevent", 50, True)
    assert settings.public_url == "https://cherga.example.org"
    assert settings.message_queue == "redis://127.0.0.1:6379/0"


def test_the_bookings_retention_is_90_days_unless_set() -> None:
    assert Settings.from_env({}).booking_retention_days == 90
    assert Settings.from_env({"CHERGA_BOOKING_RETENTION_DAYS": "30"}).booking_retention_days == 30
    for wrong in ("0", "3651", "ninety"):
        with pytest.raises(SettingsError, match="CHERGA_BOOKING_RETENTION_DAYS"):
            Settings.from_env({"CHERGA_BOOKING_RETENTION_DAYS": wrong})


def test_staff_security_settings() -> None:
    defaults = Settings.from_env({})
    assert (defaults.login_max_failures, defaults.login_lockout_minutes, defaults.session_idle_minutes) == (10, 15, 60)
    assert (defaults.login_address_limit, defaults.login_address_window_minutes, defaults.trusted_proxy) == (30, 10, False)
    settings = Settings.from_env(
        {
            "CHERGA_LOGIN_MAX_FAILURES": "5",
            "CHERGA_LOGIN_LOCKOUT_MINUTES": "30",
            "CHERGA_LOGIN_ADDRESS_LIMIT": "100",
            "CHERGA_LOGIN_ADDRESS_WINDOW_MINUTES": "5",
            "CHERGA_SESSION_IDLE_MINUTES": "20",
            "CHERGA_TRUSTED_PROXY": "true",
        }
    )
    assert (settings.login_max_failures, settings.login_lockout_minutes, settings.login_address_limit) == (5, 30, 100)
    assert (settings.login_address_window_minutes, settings.session_idle_minutes, settings.trusted_proxy) == (5, 20, True)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CHERGA_ASYNC_MODE", "asyncio"),
        ("CHERGA_MAX_REPLAY", "many"),
        ("CHERGA_MAX_REPLAY", "1"),
        ("CHERGA_HEARTBEAT_SECONDS", "0"),
        ("CHERGA_COOKIE_SECURE", "perhaps"),
        ("CHERGA_DATABASE_URL", "mysql://db"),
        ("CHERGA_CONFIG_DIR", "/no/such/folder"),
        ("CHERGA_PUBLIC_URL", "cherga.example.org"),
        ("CHERGA_LOGIN_LOCKOUT_MINUTES", "4"),  # a lockout shorter than 5 minutes slows nobody
        ("CHERGA_LOGIN_MAX_FAILURES", "1000"),
        ("CHERGA_SESSION_IDLE_MINUTES", "0"),
        ("CHERGA_TRUSTED_PROXY", "maybe"),
    ],
)
def test_a_bad_value_names_the_key_and_the_value(key, value) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({key: value})
    assert key in str(raised.value) and value in str(raised.value)


def test_messages_to_visitors_are_off_until_a_sender_is_configured() -> None:
    messages = Settings.from_env({}).messages
    assert (messages.smtp_host, messages.sms_url) == (None, None)
    assert (messages.smtp_security, messages.delivery_seconds, messages.max_attempts) == ("starttls", 5, 8)


def test_message_settings_from_the_environment(tmp_path) -> None:
    ca_file = tmp_path / "city-ca.pem"
    ca_file.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    messages = Settings.from_env(
        {
            "CHERGA_SMTP_HOST": "mail.kr.gov.ua",
            "CHERGA_SMTP_PORT": "2525",
            "CHERGA_SMTP_SECURITY": "SSL",
            "CHERGA_SMTP_USER": "cherga",
            "CHERGA_SMTP_PASSWORD": "s3cret-pass",
            "CHERGA_SMTP_FROM": "Центр «Віза» <noreply@viza.kr.gov.ua>",
            "CHERGA_SMTP_CA_FILE": str(ca_file),
            "CHERGA_SMS_URL": "https://sms.kr.gov.ua/api/send",
            "CHERGA_SMS_TOKEN_HEADER": "X-Api-Key",
            "CHERGA_SMS_TOKEN": "k-42",
            "CHERGA_SMS_BODY": '{"msisdn": "{phone}", "message": "{text}", "id": "{key}"}',
            "CHERGA_MESSAGE_MAX_ATTEMPTS": "3",
        }
    ).messages
    assert (messages.smtp_host, messages.smtp_port, messages.smtp_security, messages.smtp_user) == ("mail.kr.gov.ua", 2525, "ssl", "cherga")
    assert (messages.sms_token_header, messages.sms_token, messages.max_attempts) == ("X-Api-Key", "k-42", 3)
    assert "s3cret-pass" not in repr(messages) and "k-42" not in repr(messages)


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"CHERGA_SMTP_SECURITY": "tls"}, "CHERGA_SMTP_SECURITY"),
        ({"CHERGA_SMTP_HOST": "mail.kr.gov.ua"}, "CHERGA_SMTP_FROM"),
        ({"CHERGA_SMTP_PASSWORD": "x"}, "CHERGA_SMTP_USER"),
        ({"CHERGA_SMTP_USER": "cherga", "CHERGA_SMTP_PASSWORD": "пароль"}, "ASCII"),
        ({"CHERGA_SMTP_PORT": "70000"}, "CHERGA_SMTP_PORT"),
        ({"CHERGA_SMTP_CA_FILE": "/no/such/ca.pem"}, "CHERGA_SMTP_CA_FILE"),
        ({"CHERGA_SMS_URL": "sms.kr.gov.ua"}, "CHERGA_SMS_URL"),
        ({"CHERGA_SMS_BODY": '{"phone": "{phone}"}'}, "CHERGA_SMS_BODY"),
        ({"CHERGA_SMS_BODY": '{"phone": "{phone}", "text": {text}}'}, "CHERGA_SMS_BODY"),
        ({"CHERGA_SMS_BODY": '{"{phone}": "{text}"}'}, "CHERGA_SMS_BODY"),  # a key is the gateway's name, never filled
        ({"CHERGA_SMS_TOKEN_HEADER": "X Api Key"}, "CHERGA_SMS_TOKEN_HEADER"),
        ({"CHERGA_MESSAGE_DELIVERY_SECONDS": "0"}, "CHERGA_MESSAGE_DELIVERY_SECONDS"),
    ],
)
def test_a_bad_message_setting_names_its_key(environment: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(environment)


@pytest.mark.parametrize("queue", ["amqp://guest:guest@127.0.0.1:5672//", "kafka://127.0.0.1:9092", "127.0.0.1:6379", "zmq+tcp://127.0.0.1:5555", "REDIS://127.0.0.1"])
def test_a_message_queue_that_is_not_redis_is_refused_without_its_password(queue: str) -> None:
    with pytest.raises(SettingsError, match="CHERGA_MESSAGE_QUEUE") as raised:
        Settings.from_env({"CHERGA_MESSAGE_QUEUE": queue})
    assert "expected redis://" in str(raised.value) and "guest:guest" not in str(raised.value)


def test_rediss_and_an_empty_queue_are_accepted() -> None:
    assert Settings.from_env({"CHERGA_MESSAGE_QUEUE": "rediss://:pw@redis.kr.gov.ua:6380/1"}).message_queue == "rediss://:pw@redis.kr.gov.ua:6380/1"
    assert Settings.from_env({"CHERGA_MESSAGE_QUEUE": ""}).message_queue is None
