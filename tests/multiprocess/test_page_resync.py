"""The pages' live client (cherga-live.js) asks for what it missed by `seq` on a gap, as on a heartbeat ahead.

With several processes two desks' events cross on their way through Redis
as a matter of course (the tests beside this one see it); a page that took a
whole snapshot on every such gap would make every subscriber of a process
read its office again. The script runs in Node with a stand-in for
socket.io-client's `io()` that records what the page emits.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "queue_server" / "public" / "static" / "cherga-live.js"

HARNESS = r"""
const vm = require("vm");
const fs = require("fs");
const handlers = {};
const emitted = [];
const socket = {
  on: (name, handler) => { handlers[name] = handler; },
  emit: (name, payload) => { emitted.push([name, payload]); },
  io: { reconnection: () => {} },
  disconnect: () => {},
};
const window = {};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), { window, io: () => socket, console, setTimeout, clearTimeout });
const applied = [];
window.ChergaLive({ office: "main", onEvent: (message) => applied.push(message.seq) });
handlers.connect();
handlers.snapshot({ office: "main", seq: 4 });
for (const seq of [5, 7, 6, 7, 8]) handlers.event({ office: "main", seq, type: "ticket.issued", data: {} });
handlers.heartbeat({ office: "main", seq: 9 });
console.log(JSON.stringify({ emitted, applied }));
"""


def test_a_gap_asks_since_the_seq_held_and_keeps_the_picture() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on this machine (./run installs it with npm)")
    result = subprocess.run([node, "-e", HARNESS, str(SCRIPT)], capture_output=True, text=True, timeout=30, check=True)
    seen = json.loads(result.stdout)
    subscribes = [payload for name, payload in seen["emitted"] if name == "subscribe"]
    # at connect; at the gap (7 after 5) from 5, keeping the picture; at the heartbeat ahead from 8
    assert subscribes == [{"office": "main"}, {"office": "main", "since": 5}, {"office": "main", "since": 8}]
    assert seen["applied"] == [5, 6, 7, 8]  # the crossing 7 is taken when it comes again, in order
