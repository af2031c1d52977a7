"""Snapshots: the collector paused while one is read or built, the cache shared by the tools."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from bot.matching.matcher import MatchSettings
from bot.snapshot import build_snapshot, collector_paused
from tests.kbtools import run_cli, write_config


def test_the_collector_is_paused_then_restored() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # as it was
    finally:
        gc.enable()


def test_a_snapshot_is_collected_once_and_makes_no_cycles(small_kb: Path) -> None:
    """Once built, its objects have been walked once (the young generation is empty), and a
    dropped snapshot is freed by reference counting alone (it holds no reference cycle)."""
    snapshot, _ = build_snapshot(small_kb, MatchSettings(), None)
    assert snapshot is not None and gc.get_count()[0] < 100
    assert snapshot.matcher.match("Combien de soldats américains en Irak ?").best
    parts = [weakref.ref(x) for x in (snapshot, snapshot.index, snapshot.matcher)]
    del snapshot
    assert all(ref() is None for ref in parts)


def test_a_command_freezes_its_snapshot(small_kb: Path) -> None:
    frozen = gc.get_freeze_count()
    try:
        snapshot, _ = build_snapshot(small_kb, MatchSettings(), None, freeze=True)
        assert snapshot is not None and gc.get_freeze_count() > frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_the_editors_tools_share_the_bots_index_cache(small_kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    config = write_config(tmp_path, small_kb, extra=f"cache_dir: {cache}\n")
    assert run_cli("kb", "lint", "--config", config).returncode in (0, 1)
    built = sorted(cache.glob("*.pickle"))
    assert len(built) == 1
    for args in (["kb", "test"], ["ask", "--no-log", "Combien de soldats ?"]):
        assert run_cli(*args, "--config", config).returncode == 0
    assert sorted(cache.glob("*.pickle")) == built  # read, not built again
