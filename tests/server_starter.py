"""One interpreter per test process that has imported the server once, forking a `cherga serve` per start.

A test's server is a new interpreter importing gevent, Flask, Socket.IO and
SQLAlchemy before it serves: about 0.7 of its 0.95 s of CPU at every one of
the suite's few hundred starts. This process does that once, in the order the
real `cherga serve` does it (gevent's patch first), and then forks for each
start; the fork runs the real command line (`queue_server.cli.main`) with
the start's own arguments, environment and log, so the server under test is
the same code as `cherga serve`, only warm.

Protocol, one JSON line per start on standard input:
    {"argv": [...], "environment": {...}, "log": PATH, "descriptor_limit": N or null}
and one line back on standard output: the server's process id. The server
is forked twice, so that it is left to the nearest "child subreaper" (the
test process: live_server.py makes it one), which waits for it and reads
its exit status as it would a child's it had started itself.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any


def _warm() -> None:
    """Import what a served request needs, by building an app on a throwaway database and forgetting it."""
    from gevent import monkey

    monkey.patch_all()
    import queue_server.cli  # noqa: F401
    import queue_server.server  # noqa: F401
    from queue_server import create_app
    from queue_server.alert_feed import poller  # noqa: F401
    from queue_server.messaging import loop  # noqa: F401
    from queue_server.node_sync import loop as node_loop  # noqa: F401
    from queue_server.realtime import handover, heartbeat, network_lock  # noqa: F401
    from queue_server.settings import Settings

    with tempfile.TemporaryDirectory(prefix="cherga-warm-") as folder:
        settings = Settings.from_env({}, database_url=f"sqlite:///{folder}/warm.sqlite3", voice_cache_dir=f"{folder}/voice")
        app = create_app(settings)
        app.extensions["cherga"].engine.dispose()


def _next_start() -> dict[str, Any] | None:
    """Fork once per request; returns the request in the server's process, None in this one when the input ends."""
    replies = sys.stdout
    while True:
        line = sys.stdin.readline()
        if not line:
            return None
        request = json.loads(line)
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        intermediate = os.fork()
        if intermediate == 0:
            os.close(read_end)
            server = os.fork()
            if server == 0:
                os.close(write_end)
                return dict(request)
            os.write(write_end, f"{server}\n".encode())
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            server_pid = pipe.readline().strip()
        os.waitpid(intermediate, 0)  # the server is the subreaper's from here on
        replies.write(server_pid + "\n")
        replies.flush()


def _become_server(request: dict[str, Any]) -> None:
    import resource
    import time

    if request.get("descriptor_limit") is not None:
        limit = int(request["descriptor_limit"])
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    os.environ.clear()
    os.environ.update(request["environment"])
    time.tzset()  # a start's own TZ, as a new interpreter would read it
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    sys.argv = ["cherga", *request["argv"]]
    from queue_server.cli import main

    main(request["argv"])


if __name__ == "__main__":
    _warm()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    started = _next_start()
    if started is not None:
        _become_server(started)
