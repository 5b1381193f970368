"""The files of the several-processes setup (deploy/, compose.yaml) are the ones docs/deploy.md shows, and agree.

nginx itself runs the configuration in tests/contract/test_nginx_front.py;
here the checks an administrator would make by reading: the same ports in
the units, nginx and compose, the settings the proxy needs, the units'
limits.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest

from queue_server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
SHOWN = ("systemd/cherga@.service", "systemd/cherga.target", "cherga.env.example", "nginx/cherga.conf")
PING_INTERVAL, PING_TIMEOUT = 25, 20  # Socket.IO's defaults, which the server keeps


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text(encoding="utf-8"))
    return parser


def upstream_ports() -> list[int]:
    conf = (DEPLOY / "nginx" / "cherga.conf").read_text(encoding="utf-8")
    block = re.search(r"upstream cherga \{(.*?)\}", conf, flags=re.DOTALL)
    assert block, "nginx's file has no upstream cherga"
    return [int(port) for port in re.findall(r"^\s*server 127\.0\.0\.1:(\d+);", block.group(1), flags=re.MULTILINE)]


@pytest.mark.parametrize("name", SHOWN)
def test_the_guide_shows_each_file_as_it_is(name: str) -> None:
    assert (DEPLOY / name).read_text(encoding="utf-8").rstrip() in GUIDE, f"docs/deploy.md should show deploy/{name} as it is"


def test_the_template_unit_runs_one_process_per_port_with_room_and_a_gentle_stop() -> None:
    service = unit("cherga@.service")["Service"]
    assert service["ExecStart"].endswith("serve --host 127.0.0.1 --port %i")
    assert service["EnvironmentFile"] == "/etc/cherga/cherga.env"
    assert int(service["LimitNOFILE"]) >= 8192
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) > 10
    assert "--create-database" not in service["ExecStart"]


def test_the_target_nginx_and_compose_name_the_same_ports() -> None:
    wanted = sorted(int(port) for port in re.findall(r"cherga@(\d+)\.service", unit("cherga.target")["Unit"]["Wants"]))
    assert wanted == sorted(upstream_ports()) == [8001, 8002]
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    ports = sorted(int(service["command"][service["command"].index("--port") + 1]) for name, service in compose["services"].items() if name.startswith("cherga-"))
    assert ports == wanted
    assert compose["services"]["cherga-1"]["env_file"] == "deploy/cherga.env"
    assert "./deploy/nginx/cherga.conf:/etc/nginx/conf.d/default.conf:ro" in compose["services"]["nginx"]["volumes"]


def test_the_settings_file_is_valid_and_behind_a_trusted_proxy() -> None:
    lines = (DEPLOY / "cherga.env.example").read_text(encoding="utf-8").splitlines()
    environment = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    settings = Settings.from_env({key: value for key, value in environment.items() if key != "CHERGA_CONFIG_DIR"})
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.message_queue is not None and settings.message_queue.startswith("redis://")
    assert settings.trusted_proxy and settings.cookie_secure and settings.secret_key


def test_nginx_gives_socket_io_what_it_needs() -> None:
    conf = (DEPLOY / "nginx" / "cherga.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*(ip_hash|hash \$remote_addr( consistent)?);", conf, flags=re.MULTILINE), "sticky sessions"
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
                 "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_set_header Host $http_host;"):  # fmt: skip
        assert line in conf
    timeout = re.search(r"proxy_read_timeout (\d+)s;", conf)
    assert timeout and int(timeout.group(1)) > PING_INTERVAL + PING_TIMEOUT
