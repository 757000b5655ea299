"""A throw-away Prefect server and Dask cluster on loopback, for the Dask test and the benchmarks.

Every process starts in its own session and is stopped by process group (SIGTERM, then SIGKILL),
so nothing is left running, whatever the processes spawn.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Environment for a quiet local Prefect server (see the README and the stack notes).
SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``command`` in a new session (its own process group), output to ``log``."""
    handle = log.open("ab")
    try:
        return subprocess.Popen(
            command,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        handle.close()


def stop(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """Stop a process started by :func:`start` and everything in its process group."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
        deadline = time.monotonic() + timeout
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not group_alive(process.pid):
            break


def group_alive(pgid: int) -> bool:
    """Whether any process of process group ``pgid`` is still running (zombies aside)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state, fields[2] the process group
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _wait_http(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def _wait_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before port {port} opened")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"port {port} did not open within {timeout:.0f} s")


@contextmanager
def prefect_server(
    home: Path, timeout: float = 180.0, pids: list[int] | None = None
) -> Iterator[dict[str, str]]:
    """A Prefect server on 127.0.0.1 with its own PREFECT_HOME; yields the environment that points
    a client (and every Dask worker) at it. ``pids`` collects the process groups started."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **SERVER_ENV, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    process = start(command, env, home / "server.log")
    if pids is not None:
        pids.append(process.pid)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/health", process, timeout)
        yield {**env, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
    finally:
        stop(process)


@contextmanager
def dask_cluster(
    n_workers: int, env: dict[str, str], logs: Path, timeout: float = 120.0, pids: list[int] | None = None
) -> Iterator[str]:
    """A Dask scheduler and ``n_workers`` single-threaded workers on loopback; yields the address.
    ``pids`` collects the process groups started."""
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = []
    try:
        scheduler = start(
            [
                sys.executable,
                "-m",
                "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],
            env,
            logs / "scheduler.log",
        )
        processes.append(scheduler)
        _wait_port(port, scheduler, timeout)
        for number in range(n_workers):
            processes.append(
                start(
                    [
                        sys.executable,
                        "-m",
                        "dask",
                        "worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"worker-{number}",
                    ],
                    env,
                    logs / f"worker-{number}.log",
                )
            )
        if pids is not None:
            pids.extend(process.pid for process in processes)
        _wait_workers(address, n_workers, timeout)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)


def _wait_workers(address: str, n_workers: int, timeout: float) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(n_workers, timeout=timeout)
