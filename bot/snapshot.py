"""A loaded knowledge base with its index, built once and cached on disk between runs.

Building means parsing YAML, validating every citation and analysing every paraphrase; the
cache keeps `python -m bot ask` quick to its first answer. The cache key is a hash of the
knowledge files' contents and of the code that builds the index, so an edit to either is
never served stale. Any cache problem falls back to building; the cache is only a speed-up.
The bot, `kb lint`, `kb test` and `kb gaps` share it: whichever reads an edit first builds.

A snapshot is up to millions of long-lived objects: the cyclic garbage collector is paused
while one is read or built, then walks them once, or, in a command that exits soon after,
never (see collector_paused).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot import __version__
from bot.kb.layout import knowledge_files
from bot.kb.model import KnowledgeBase
from bot.kb.problems import Problem
from bot.matching.index import Index
from bot.matching.matcher import Matcher, MatchSettings

log = logging.getLogger(__name__)

_CODE_DIRS = ("kb", "matching")  # the code whose classes are pickled
_DATA_DIR = "lang"  # the language data the index is built with (cue words, word lists)
_KEEP_CACHE_FILES = 8

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (answer cache key)
class Snapshot:
    kb: KnowledgeBase
    index: Index
    matcher: Matcher
    loaded_at: float
    signature: Signature

    @cached_property
    def _users(self) -> dict[str, tuple[str, ...]]:
        """Per term, the articles whose sentences or entries use it (built at first need):
        a question's terms then reach the articles that use them, not every article."""
        found: dict[str, dict[str, None]] = {}
        for sentence in self.index.sentences:
            for term in sentence.terms:
                found.setdefault(term, {})[sentence.article] = None
        for item in self.index.entries:
            for term in item.asked | item.answered:
                found.setdefault(term, {})[item.entry.article] = None
        return {term: tuple(slugs) for term, slugs in found.items()}

    def articles_about(self, terms: Sequence[str]) -> dict[str, int]:
        """How many of these (analysed) terms each article uses; articles using none are
        left out."""
        out: dict[str, int] = {}
        for term in dict.fromkeys(terms):
            for slug in self._users.get(term, ()):
                out[slug] = out.get(slug, 0) + 1
        return out


def files_signature(root: Path) -> Signature:
    """(path, mtime_ns, size) of every knowledge file: cheap to compute, changes on any edit."""
    out = []
    for path in knowledge_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def build_snapshot(root: Path, settings: MatchSettings, cache_dir: Path | None = None,
                   *, freeze: bool = False) -> tuple[Snapshot | None, list[Problem]]:
    """Load the knowledge consistently and index it, from the cache when it is current.

    If files change while they are read, they are read again, so a snapshot never mixes an
    old and a new version of an edited file. `freeze`: for a command that exits after its
    work (see collector_paused).
    """
    started = time.perf_counter()
    with collector_paused(freeze=freeze):
        for _ in range(5):
            before = files_signature(root)
            key = _cache_key(root, before, settings) if cache_dir else None
            cached = _read_cache(cache_dir, key) if cache_dir and key else None
            matcher = None
            if cached is not None:
                kb, index, problems, matcher = cached
            else:
                from bot.kb.loader import check_knowledge  # YAML parsing only on a cache miss

                kb, problems = check_knowledge(root)
                index = Index(kb) if kb is not None else None
            after = files_signature(root)
            if before == after:
                break
            time.sleep(0.05)
        if kb is None or index is None:
            return None, problems
        if matcher is None:
            matcher = Matcher(index, settings)
        if cache_dir and key and cached is None:
            # the matcher's postings too: building them is most of a warm start's work
            _write_cache(cache_dir, key, (kb, index, problems, matcher))
        log.info("knowledge %s: %d article(s), %d entries, version %s (%s, %.2f s)", root,
                 len(kb.articles), len(kb.entries), kb.version,
                 "from the index cache" if cached is not None else "indexed",
                 time.perf_counter() - started)
    return Snapshot(kb, index, matcher, time.time(), after), problems


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside; then one full collection, or with `freeze` none.

    Made with the collector running, the objects of a snapshot are walked over and over while
    they are created (unpickling 100 articles: 1.9 s of CPU instead of 0.5 s paused), then
    again as they age through the generations. One collection at the end (0.35 s at 100
    articles) walks them once and counts them as long-lived, so later full collections stay
    as rare as before. A command that exits soon after freezes them instead (`gc.freeze`):
    nothing walks them again, not even the interpreter's exit (`ask QUESTION` at 500
    articles: 5 s instead of 11.6). Not for a long-running process: the collector would count
    only the objects made since, and run full collections often, each still walking the
    matcher's per-article caches (0.15 s at 500 articles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
            if not freeze:
                gc.collect()


def _cache_key(root: Path, signature: Signature, settings: MatchSettings) -> str | None:
    digest = hashlib.sha256(__version__.encode() + repr(settings).encode())
    try:
        for path, _, _ in signature:
            digest.update(path.encode() + b"\0" + Path(path).read_bytes() + b"\0")
        package = Path(__file__).resolve().parent
        sources = [p for folder in _CODE_DIRS for p in sorted((package / folder).glob("*.py"))]
        sources += sorted(p for p in (package / _DATA_DIR).rglob("*") if p.is_file()
                          and p.suffix in (".py", ".yaml", ".tsv"))
        for source in sources:
            digest.update(source.read_bytes())
    except OSError:
        return None
    digest.update(str(Path(root).resolve()).encode())
    return digest.hexdigest()[:32]


def _read_cache(cache_dir: Path, key: str) -> tuple | None:
    path = cache_dir / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt or incompatible file is rebuilt, never fatal
        log.warning("ignoring unreadable index cache %s", path, exc_info=True)
        return None
    return value if isinstance(value, tuple) and len(value) == 4 else None


def _write_cache(cache_dir: Path, key: str, value: tuple) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(cache_dir / f"{key}.pickle")
        old = sorted(cache_dir.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP_CACHE_FILES:]:
            stale.unlink(missing_ok=True)
    except OSError:
        log.debug("cannot write the index cache in %s", cache_dir, exc_info=True)
