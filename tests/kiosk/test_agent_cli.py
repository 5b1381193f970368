"""The `cherga-agent` command without a server: its options, its mistakes, its state directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agent_process import AgentProcess, wait_until
from kiosk.agent_cli import JOURNAL_NAME, state_directory
from live_server import free_port


def run(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CHERGA_AGENT_TOKEN"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, env={**env, **environment})


def test_the_state_directory_is_systemds_then_xdgs_then_the_home_ones(tmp_path: Path) -> None:
    assert state_directory({"STATE_DIRECTORY": "/var/lib/cherga-agent:/other", "XDG_STATE_HOME": "/x"}) == Path("/var/lib/cherga-agent")
    assert state_directory({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "cherga-agent"
    assert state_directory({}) == Path.home() / ".local" / "state" / "cherga-agent"


def test_the_agent_imports_nothing_of_the_server() -> None:
    probe = "import sys, kiosk.agent_cli, kiosk.agent; print(sorted({m.split('.')[0] for m in sys.modules} & {'queue_server', 'flask', 'flask_socketio', 'gevent', 'sqlalchemy'}))"
    assert run("-c", probe).stdout.strip() == "[]"


def test_mistakes_are_one_line_and_exit_status_2() -> None:
    for program, prog in ((("-m", "kiosk.agent_cli"), "cherga-agent"), (("-m", "queue_server.cli", "kiosk-agent"), "cherga")):
        missing_token = run(*program, "--server", "http://127.0.0.1:9", "--printer", "dummy://")
        assert missing_token.returncode == 2 and missing_token.stderr == f"{prog}: error: give the agent's token with --token or CHERGA_AGENT_TOKEN\n"
        bad_server = run(*program, "--server", "127.0.0.1:8000", "--printer", "dummy://", "--token", "t")
        assert bad_server.returncode == 2 and "expected http://HOST:PORT" in bad_server.stderr and "Traceback" not in bad_server.stderr
        bad_printer = run(*program, "--server", "http://127.0.0.1:9", "--printer", "tcp://", "--token", "t", "--max-age-seconds", "60")
        assert bad_printer.returncode == 2 and bad_printer.stderr.count("\n") == 1 and "network printer needs a host" in bad_printer.stderr


def test_the_journal_defaults_to_the_agents_state_directory_not_the_working_one(tmp_path: Path) -> None:
    state, working = tmp_path / "state", tmp_path / "working"
    working.mkdir()
    agent = AgentProcess(f"http://127.0.0.1:{free_port()}", "token", "dummy://", tmp_path / "log", environment={"XDG_STATE_HOME": str(state)},
                          cwd=working)
    try:
        assert wait_until(lambda: agent.lines("cannot connect")), agent.log()
    finally:
        assert agent.stop() == 0, agent.log()
    journal = state / "cherga-agent" / JOURNAL_NAME
    assert f"journal {journal}" in agent.log() and journal.parent.is_dir()
    assert list(working.iterdir()) == []  # the old default, var/print-journal.jsonl of wherever it started, is gone


def test_a_missing_client_library_is_one_line_and_exit_status_2() -> None:
    """A kiosk PC whose install lost websocket-client: one line naming it, not a traceback."""
    blocked = ("import sys, importlib.util; real = importlib.util.find_spec; "
               "importlib.util.find_spec = lambda name, *a: None if name == 'websocket' else real(name, *a); "
               "from kiosk.agent_cli import main; sys.argv = ['cherga-agent', '--server', 'http://127.0.0.1:9', '--printer', 'dummy://', '--token', 't']; "
               "main()")
    result = run("-c", blocked)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == ("cherga-agent: error: the print agent needs websocket-client, which is not installed: "
                             "pip install 'cherga[agent]'\n")
