"""Real processes for the integration tests: a Prefect server on a free loopback port, newsdesk commands,
and a stop that leaves nothing behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
#: Liveness bounds (not timings under test): this machine starts a Prefect server in 20-35 s.
SERVER_START_TIMEOUT = 150
STOP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(prefect_home: Path) -> dict[str, str]:
    """The test process's environment without Prefect settings, plus quiet ones and its own home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSDESK_TEST_"))}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
    )
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A command in its own session (so that it and its children can be stopped as one group)."""
    handle = log.open("wb")
    return subprocess.Popen(args, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, *, attempts: int = 3) -> None:
    """SIGTERM (repeated: Prefect 3.8.8's runner can lose one that lands while it starts a run), then
    SIGKILL; afterwards no process of its group is left."""
    for _ in range(attempts):
        if proc.poll() is not None:
            break
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        _signal_group(proc, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)
    deadline = time.monotonic() + STOP_TIMEOUT
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if group_alive(proc.pid):
        _signal_group(proc, signal.SIGKILL)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def api(url: str, path: str, body: dict | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str]:
    """``prefect server start`` on 127.0.0.1 and a free port, in ``home``; returns it once healthy."""
    port = free_port()
    env = base_env(home) | {"PREFECT_UI_ENABLED": "false"}
    proc = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                 env, home / "server.log")
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            api(url, "/health")
            return proc, url
        except OSError:
            time.sleep(1)
    stop(proc)
    raise RuntimeError("prefect server did not become healthy")


def newsdesk(*args: str) -> list[str]:
    return [str(BIN / "newsdesk"), *args]


def wait_for(predicate, timeout: float, what: str, poll: float = 0.5):
    """Poll ``predicate`` until it returns something truthy; a liveness bound, not a timing check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
