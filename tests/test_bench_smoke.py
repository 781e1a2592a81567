"""A small run of `make bench`: every stage still runs and still meets its target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_meets_its_targets():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for stage in ("extract", "tag", "store", "query"):
        assert f"\n{stage} " in result.stdout
