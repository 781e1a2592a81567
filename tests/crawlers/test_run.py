"""The crawl runner's guard: one crawl per process."""

from __future__ import annotations

import pytest

from crawlers import run


def test_a_second_crawl_in_one_process_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(run, "_has_run", True)
    with pytest.raises(RuntimeError, match="once per process"):
        run.run_crawl([], tmp_path / "x.db")
