"""Shared fixtures: quiet Prefect settings, the seed folder, and one Prefect test server per session."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.cli import quiet_prefect

quiet_prefect()
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_MAIN = "000_cdefc875d2486ed4.txt"
SEED_WIRE = "001_fc1b865f5b0c57cf.txt"
#: A fixed fetch time, so that relative ages and dateline years resolve the same on every run.
FETCHED_AT = datetime(2025, 8, 16, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def prefect_server():
    """A temporary Prefect API (SQLite) for the whole session; started only by tests that ask."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=120),
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """A real ``prefect server start`` on a free loopback port for the session: (api_url, client env)."""
    from tests.procs import base_env, start_prefect_server, stop

    home = tmp_path_factory.mktemp("prefect-home")
    proc, url = start_prefect_server(home)
    try:
        yield url, base_env(home) | {"PREFECT_API_URL": url}
    finally:
        stop(proc)
