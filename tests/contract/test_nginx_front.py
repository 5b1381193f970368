"""The documented nginx (deploy/nginx/cherga.conf) in front of two `cherga serve` processes on PostgreSQL and Redis.

The configuration is the file docs/deploy.md shows, rendered for a test:
its ports, certificate and upstream addresses replaced, nothing else. nginx
runs as this user with its own prefix, pid and logs; the two servers share a
PostgreSQL database and a Redis of their own.
A Socket.IO client connects through nginx as a browser does (long-polling
first, then the websocket upgrade: this needs the sticky upstream and the
Upgrade headers) and hears a ticket issued through nginx and a ticket issued
on each process directly, in `seq` order. Skipped, with the reason, where
nginx, PostgreSQL or redis-server is absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from cluster import Launch, running_cluster
from heard_events import HeardEvents
from live_server import Server, cherga, free_port

pytestmark = [pytest.mark.contract, pytest.mark.slow]  # nginx and two servers started: about 15–20 s
ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = ROOT / "deploy" / "nginx" / "cherga.conf"
OFFICE = "main"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)
    if found is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    return found


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx/cherga.conf should have {old!r} once: the test renders the documented file"
    return text.replace(old, new)


def render(folder: Path, https_port: int, http_port: int, upstreams: list[int]) -> Path:
    """The documented file with this test's ports and certificate, inside a main configuration that needs no root."""
    text = DOCUMENTED.read_text(encoding="utf-8")
    text = replace_once(text, "listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    text = replace_once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = replace_once(text, "/etc/ssl/cherga/fullchain.pem", str(folder / "cert.pem"))
    text = replace_once(text, "/etc/ssl/cherga/privkey.pem", str(folder / "key.pem"))
    for documented, port in zip(("127.0.0.1:8001", "127.0.0.1:8002"), upstreams):
        text = replace_once(text, documented, f"127.0.0.1:{port}")
    (folder / "cherga.conf").write_text(text, encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    access_log {folder / "access.log"};
{temp}
    include {folder / "cherga.conf"};
}}
"""
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    return folder / "nginx.conf"


def self_signed(folder: Path) -> Path:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: the documented nginx serves TLS")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return folder / "cert.pem"


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx exited with {process.returncode}:\n{log.read_text(errors='replace') if log.exists() else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not listen")


@pytest.fixture
def nginx_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "nginx"
    folder.mkdir()
    return folder


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    nginx_binary()
    environment = {"CHERGA_TRUSTED_PROXY": "true", "CHERGA_COOKIE_SECURE": "true"}
    # one after the other, without --create-database, as the documented units run: the first brings the new database's schema
    with running_cluster(tmp_path, 2, Launch(heartbeat_seconds=None, environment=environment, together=False, create_database=False)) as cluster:
        yield cluster.servers  # a server that does not start fails the test with its log


class Subscriber(HeardEvents):
    """A Socket.IO client as a browser connects: long-polling first, then the upgrade to a websocket."""

    def __init__(self, url: str, certificate: Path) -> None:
        session = requests.Session()
        session.verify = str(certificate)
        session.trust_env = False  # else REQUESTS_CA_BUNDLE, where set, wins over the session's own authority
        super().__init__(socketio.Client(http_session=session), where="through nginx")
        self.client.connect(url, transports=["polling", "websocket"], wait_timeout=10)


def test_a_client_through_nginx_hears_tickets_issued_on_either_process(servers: list[Server], nginx_folder: Path) -> None:
    certificate = self_signed(nginx_folder)
    https_port, http_port = free_port(), free_port()
    configuration = render(nginx_folder, https_port, http_port, [server.port for server in servers])
    error_log = nginx_folder / "error.log"
    nginx = subprocess.Popen([nginx_binary(), "-p", str(nginx_folder), "-c", str(configuration), "-e", str(error_log)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    subscriber = None
    try:
        wait_for_port(https_port, nginx, error_log)
        front = f"https://127.0.0.1:{https_port}"
        plain = requests.get(f"http://127.0.0.1:{http_port}/healthz", allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        assert requests.get(front + "/healthz", verify=str(certificate), timeout=10).json() == {"status": "ok"}

        kiosk = cherga("device", "add", "--kind", "kiosk", "--office", OFFICE, "--name", "kiosk-1", database=servers[0].database).strip().splitlines()[-1]
        service = requests.get(f"{front}/api/v1/offices/{OFFICE}/desks", verify=str(certificate), timeout=10).json()[0]["services"][0]
        subscriber = Subscriber(front, certificate)
        assert subscriber.client.transport() == "websocket", "the upgrade went through nginx"
        ack = subscriber.client.call("subscribe", {"office": OFFICE}, timeout=10)
        assert ack["ok"], ack
        headers = {"Authorization": f"Bearer {kiosk}"}
        numbers = []
        for url, verify in ((front, str(certificate)), (servers[0].url, True), (servers[1].url, True)):
            answer = requests.post(f"{url}/api/v1/offices/{OFFICE}/tickets", json={"service": service}, headers=headers, verify=verify, timeout=10)
            assert answer.status_code == 201, answer.text
            numbers.append(answer.json()["number"])
        events = subscriber.wait_for(3, timeout=15)
        assert [event["seq"] for event in events] == [1, 2, 3]
        assert [event["data"]["number"] for event in events] == numbers
    except AssertionError:
        print(f"----- nginx error log -----\n{error_log.read_text(errors='replace') if error_log.exists() else ''}")
        raise
    finally:
        if subscriber is not None:
            subscriber.client.disconnect()
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait(timeout=10)
