"""`kb gaps`: what people ask that the knowledge does not answer well, most asked first.

Reads the question log (and its rotated files), keeps the declined questions and those that
got a thumbs down, groups them by similarity and ranks the groups by how often they were
asked. Each group is then asked to the current knowledge, to show the closest entry and
article passage an editor would extend, and to skip what has been answered since.

Grouping (bot/editing/grouping.py) compares the questions' words, typos forgiven; it needs
neither numpy nor an all-pairs matrix, so 10,000 questions take well under a second.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.editing.grouping import DEFAULT_THRESHOLD, cluster, word_sets
from bot.matching.matcher import Matcher, Status

log = logging.getLogger(__name__)

_MAX_EXAMPLES = 5
TRUNCATED_MARK = "\u2026"  # after a question the log kept only the start of


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One question worth an editor's look: declined, or answered and thumbed down."""

    text: str
    kind: str  # "declined" | "thumbs-down"
    status: str | None
    entry: str | None  # the entry thumbed down
    user: str | None  # salted hash
    time: str
    language: str | None
    seq: int  # position in the log: ties between wordings go to the first one asked
    truncated: bool = False  # the log kept only the question's first characters


@dataclass
class LogStats:
    files: list[Path] = field(default_factory=list)
    records: int = 0
    questions: int = 0
    declined: int = 0
    thumbs_down: int = 0
    unreadable: int = 0  # lines that are not JSON objects
    garbled: int = 0  # declined questions mostly not letters or digits: set aside

    def to_json(self) -> dict[str, object]:
        return {"files": [str(p) for p in self.files], "records": self.records,
                "questions": self.questions, "declined": self.declined,
                "thumbs_down": self.thumbs_down, "unreadable": self.unreadable,
                "garbled": self.garbled}


@dataclass
class Gap:
    """A group of similar questions, and where the knowledge comes closest to answering it."""

    question: str  # the most asked wording
    count: int
    examples: list[str]
    statuses: dict[str, int]
    thumbs_down: dict[str, int]  # entry key -> count
    users: int
    languages: dict[str, int]
    last_seen: str
    closest_entry: str | None = None
    closest_question: str | None = None
    closest_score: float | None = None
    passage: dict[str, object] | None = None
    now: str | None = None  # how the current knowledge handles the question
    truncated: bool = False  # its wording is the start of a longer question (ends with "…")

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class GapReport:
    stats: LogStats
    groups: int
    gaps: list[Gap]
    resolved: int  # groups skipped because the current knowledge now answers them

    def to_json(self) -> dict[str, object]:
        return {"stats": self.stats.to_json(), "groups": self.groups, "resolved": self.resolved,
                "gaps": [g.to_json() for g in self.gaps]}


# --- reading the log -----------------------------------------------------------------------

def log_files(path: Path) -> list[Path]:
    """The log and its rotated files (questions.jsonl.1, .2, ...), oldest first."""
    path = Path(path)
    rotated = []
    if path.parent.is_dir():
        pattern = re.compile(re.escape(path.name) + r"\.(\d+)$")
        for candidate in path.parent.iterdir():
            if match := pattern.match(candidate.name):
                rotated.append((int(match.group(1)), candidate))
    files = [p for _, p in sorted(rotated, reverse=True)]
    if path.is_file():
        files.append(path)
    return files


def read_records(files: Iterable[Path], stats: LogStats) -> Iterator[dict[str, object]]:
    for path in files:
        stats.files.append(path)
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    stats.unreadable += 1
                    continue
                if not isinstance(record, dict):
                    stats.unreadable += 1
                    continue
                stats.records += 1
                yield record


_SINCE_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?)?)?")
_SINCE_AGO = re.compile(r"(\d+)\s*([hdw])")
_AGO_SECONDS = {"h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: float | None = None) -> str:
    """`--since` as the log's own time format, for comparing with its records: a date or a
    time, whole or cut short ("2025", "2025-04", "2025-04-01", "2025-04-01T08:00"), or a
    span back from now ("36h", "7d", "2w"). Anything else is refused (ValueError): a
    mistyped date silently matching nothing would read as "no gaps left"."""
    value = text.strip()
    if _SINCE_DATE.fullmatch(value):
        whole = value.replace(" ", "T").rstrip("Z")
        whole += {4: "-01-01", 7: "-01"}.get(len(whole), "")
        try:  # the digits must make a real date: "2026-13-45" is refused
            datetime.fromisoformat(whole)
        except ValueError:
            raise ValueError(f"--since {text!r} is not a real date") from None
        return value.replace(" ", "T")
    ago = _SINCE_AGO.fullmatch(value.lower())
    if ago:
        moment = (time.time() if now is None else now) - int(ago[1]) * _AGO_SECONDS[ago[2]]
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
    raise ValueError(f"--since {text!r}: give a date (2025-04-01, 2025-04, "
                     "2025-04-01T08:00) or a span back from now (36h, 7d, 2w)")


def select(records: Iterable[dict[str, object]], stats: LogStats, since: str | None = None
           ) -> list[LoggedQuestion]:
    """The declined questions and the thumbs-down ones (optionally from `since` on)."""
    out = []
    for record in records:
        stamp = str(record.get("time") or "")
        if since and stamp < since:
            continue
        question = " ".join(str(record.get("question") or "").split())
        truncated = record.get("truncated") is True and bool(question)
        if truncated:  # shown as cut
            question += TRUNCATED_MARK
        kind = record.get("type", "question")
        if kind == "question":
            stats.questions += 1
            status = str(record.get("status") or "")
            if status == str(Status.ANSWERED) or not question:
                continue
            stats.declined += 1
            if garbled(question):
                stats.garbled += 1
                continue
            out.append(LoggedQuestion(question, "declined", status, None,
                                      _str(record.get("user")), stamp,
                                      _str(record.get("language")), len(out), truncated))
        elif kind == "feedback" and record.get("helpful") is False and question:
            stats.thumbs_down += 1
            out.append(LoggedQuestion(question, "thumbs-down", None, _str(record.get("entry")),
                                      _str(record.get("user")), stamp,
                                      _str(record.get("language")), len(out), truncated))
    return out


def garbled(text: str) -> bool:
    """Mostly not letters or digits (random bytes read as U+FFFD, symbols, a binary): no
    question an editor can answer, and it would crowd the real gaps out of the top."""
    visible = [c for c in text if not c.isspace()]
    return len(visible) >= 4 and sum(c.isalnum() for c in visible) < len(visible) / 2


def _str(value: object) -> str | None:
    return None if value is None else str(value)


# --- grouping ------------------------------------------------------------------------------

def group_questions(questions: list[LoggedQuestion], threshold: float = DEFAULT_THRESHOLD
                    ) -> list[Gap]:
    """Gaps ranked by how often they were asked (then by how recently)."""
    by_text: dict[str, list[LoggedQuestion]] = defaultdict(list)
    for question in questions:
        by_text[question.text].append(question)
    texts = list(by_text)
    by_words: dict[frozenset[str], list[LoggedQuestion]] = defaultdict(list)
    for text, words in zip(texts, word_sets(texts), strict=True):
        by_words[words].extend(by_text[text])
    keys = sorted(by_words, key=lambda k: (-len(by_words[k]), by_words[k][0].seq))
    gaps = []
    for members in cluster(keys, threshold):
        asked = sorted((q for i in members for q in by_words[keys[i]]), key=lambda q: q.seq)
        wordings = Counter(q.text for q in asked)  # ties keep the order first asked
        ranked = [w for w, _ in wordings.most_common()]
        gaps.append(Gap(
            question=ranked[0], count=len(asked), examples=ranked[1:1 + _MAX_EXAMPLES],
            statuses=dict(Counter(q.status for q in asked if q.status).most_common()),
            thumbs_down=dict(Counter(q.entry or "?" for q in asked
                                     if q.kind == "thumbs-down").most_common()),
            users=len({q.user for q in asked if q.user}),
            languages=dict(Counter(q.language for q in asked if q.language).most_common()),
            last_seen=max(q.time for q in asked),
            truncated=any(q.truncated and q.text == ranked[0] for q in asked),
        ))
    gaps.sort(key=lambda g: (-g.count, _negated(g.last_seen)))
    return gaps


def _negated(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


# --- against the current knowledge ---------------------------------------------------------

def locate(gap: Gap, matcher: Matcher) -> None:
    """Fill in the closest entry and passage, and how the knowledge handles it now.

    A cut question is not asked: its start may be answerable alone, which would hide a
    question the bot refused as too long behind an answer it never gave."""
    if gap.truncated:
        gap.now = str(Status.INVALID)
        return
    result = matcher.match(gap.question)
    gap.now = str(result.status)
    if result.best is not None:
        gap.closest_entry = result.best.entry.key
        gap.closest_question = result.best.paraphrase
        gap.closest_score = result.best.score
    passage = result.passage
    if passage is None and result.best is not None and result.best.entry.citations:
        citation = result.best.entry.citations[0]
        gap.passage = {"article": result.best.entry.article, "block": citation.block_id,
                       "sentence": (citation.sentence_ids or (None,))[0], "text": citation.quote,
                       "draft_entry": None}
    elif passage is not None:
        gap.passage = {"article": passage.article, "block": passage.sentence.block_id,
                       "sentence": passage.sentence.id, "text": passage.sentence.text,
                       "draft_entry": passage.draft_entry}


def find_gaps(log_path: Path, matcher: Matcher, *, limit: int = 10,
              threshold: float = DEFAULT_THRESHOLD, since: str | None = None,
              include_resolved: bool = False) -> GapReport:
    """Read the log, group, rank, and describe the top `limit` groups still unanswered."""
    stats = LogStats()
    questions = select(read_records(log_files(log_path), stats), stats, since)
    groups = group_questions(questions, threshold)
    shown: list[Gap] = []
    resolved = 0
    for gap in groups:
        if len(shown) >= limit:
            break
        locate(gap, matcher)
        if gap.now == str(Status.ANSWERED) and not gap.thumbs_down and not include_resolved:
            resolved += 1
            continue
        shown.append(gap)
    log.info("gaps: %d questions to look at, %d groups", len(questions), len(groups))
    return GapReport(stats, len(groups), shown, resolved)
