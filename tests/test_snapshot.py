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


def test_the_index_comes_back_whole_from_its_cache(small_kb: Path, tmp_path: Path) -> None:
    """The classes the cache holds by the hundred thousand restore through a state of their
    field values (bot.kb.pickled): each comes back equal, field by field, and answers alike."""
    import pickle
    from dataclasses import fields

    built, _ = build_snapshot(small_kb, MatchSettings(), tmp_path / "cache")
    read, _ = build_snapshot(small_kb, MatchSettings(), tmp_path / "cache")
    assert built is not None and read is not None and read.kb is not built.kb  # from the file
    samples = [built.kb.entries[0], built.kb.entries[0].citations[0], built.index.entries[0],
               built.index.entries[0].paraphrases, built.index.sentences[0],
               built.index.sentences[0].facts, built.index.sentences[0].sentence,
               built.kb.articles[0].article.blocks[0],
               next(iter(built.matcher._retrieval.postings.values()))]
    for sample in samples:
        back = pickle.loads(pickle.dumps(sample, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(sample)
        if hasattr(sample, "__dataclass_fields__"):  # (an entry's paraphrases: below)
            # its state is the tuple of its fields (bot.kb.pickled), not the slow default
            assert sample.__getstate__() == tuple(getattr(sample, f.name)
                                                   for f in fields(sample))
            assert all(getattr(back, f.name) == getattr(sample, f.name) for f in fields(sample)
                       if f.name != "paraphrases")
        else:
            assert all(getattr(back, name) == getattr(sample, name)
                       for name in ("texts", "folded", "qtypes", "weights"))
    question = "Combien de soldats américains en Irak ?"
    assert read.matcher.match(question).best.entry == built.matcher.match(question).best.entry
