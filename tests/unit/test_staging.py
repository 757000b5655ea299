"""Scratch folders of the link stage's staged views: a killed process's folder is swept by a later one."""

from __future__ import annotations

import os
import subprocess
import sys

from flows import staging


def _dead_pid() -> int:
    """The id of a process that has exited (reaped, so nothing answers to it until the id is reused)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_sweep_removes_only_the_folders_of_gone_processes(tmp_path):
    dead = tmp_path / f"{staging.SCRATCH_PREFIX}{_dead_pid()}-abc"
    alive = tmp_path / f"{staging.SCRATCH_PREFIX}{os.getpid()}-def"
    unnamed = tmp_path / f"{staging.SCRATCH_PREFIX}x1y2z3"  # an older name without a process id
    other = tmp_path / "something-else-1-2"
    for folder in (dead, alive, unnamed, other):
        folder.mkdir()
        (folder / "staged_stories-1.parquet").write_bytes(b"PAR1")

    assert staging.sweep_stale_scratch(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (alive, unnamed, other))
    assert staging.sweep_stale_scratch(tmp_path) == []
