"""`kb lint`: what `validate` cannot see, because it needs the matcher.

- Retrieval: every paraphrase, asked as a question about its article, must be answered by its
  own entry, with a score ahead of the best rival by `lint.margin`, so that a small change
  in wording or in the matcher does not flip it. A rival is any other entry the matcher
  ranks, except entries listed as related (they are meant to be close: the answer offers
  them as follow-ups, and the matcher never calls them ambiguous).
- Competition: the pairs of entries that take each other's questions, ranked.
- Coverage: article sentences that no entry cites.
- Languages: ready entries without a French or an English paraphrase or answer.
- Aliases: the words of an article that a one-word spelling of its concepts reads as well,
  through their shared stem ("launcher" -> "launched").

Retrieval failures are errors (users asking that question get a wrong answer or none);
the rest are warnings (the knowledge is usable, but incomplete).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.answers import Answer
from bot.config import Config
from bot.editing.kbtests import as_problems, asked_for, load_checks, run_checks
from bot.editing.sources import EntryLines, block_lines, entry_lines
from bot.kb.loader import ALIASES_FILE, ARTICLE_FILE
from bot.kb.model import LANGUAGES, Entry, KnowledgeBase
from bot.kb.problems import Problem, Severity
from bot.matching.index import Index
from bot.matching.language import written_in
from bot.matching.matcher import Candidate, Matcher, MatchResult, MatchSettings, Status
from bot.matching.normalize import concept_key, fold, stem
from bot.service import AnswerService
from bot.snapshot import build_snapshot

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"fr": "French", "en": "English"}
_OTHER = {"fr": "en", "en": "fr"}


@dataclass
class Competition:
    """Two entries that compete for the same questions, with the questions concerned."""

    entries: tuple[str, str]  # entry keys, sorted
    examples: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.examples)

    def to_json(self) -> dict[str, object]:
        return {"entries": list(self.entries), "count": self.count,
                "examples": self.examples[:5]}


@dataclass(frozen=True)
class LintStats:
    articles: int = 0
    entries: int = 0
    drafts: int = 0
    paraphrases: int = 0
    retrieved: int = 0  # paraphrases answered by their own entry with the margin
    sentences: int = 0
    covered: int = 0  # sentences cited by at least one entry (ready or draft)
    covered_ready: int = 0  # sentences cited by a ready entry
    tests: int = 0  # editors' test questions (tests.yaml)
    tests_passed: int = 0

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class LintReport:
    root: Path
    margin: float
    problems: tuple[Problem, ...]
    competitions: tuple[Competition, ...] = ()
    stats: LintStats = field(default_factory=LintStats)
    valid: bool = True  # False: `validate` errors, the other checks did not run
    article: str | None = None  # linted alone, or None for every article

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def to_json(self) -> dict[str, object]:
        return {
            "ok": not self.errors, "valid": self.valid, "root": str(self.root),
            "margin": self.margin, "errors": len(self.errors), "warnings": len(self.warnings),
            "problems": [p.to_json() for p in self.problems],
            "competing": [c.to_json() for c in self.competitions],
            "stats": self.stats.to_json(),
        }


def lint_knowledge(root: Path, *, margin: float, settings: MatchSettings | None = None,
                   article: str | None = None, cache_dir: Path | None = None,
                   freeze: bool = False) -> LintReport:
    """Validate, then run the checks that need the matcher (on one article, if given: the
    others are loaded, for the questions they could take, but their problems are not shown).

    With `cache_dir`, the index comes from the cache the bot also uses; `freeze` in a command
    that exits after it (see bot.snapshot)."""
    settings = settings or MatchSettings()
    snapshot, problems = build_snapshot(root, settings, cache_dir, freeze=freeze)
    if snapshot is None:  # invalid knowledge: every error matters
        return LintReport(Path(root), margin, tuple(problems), valid=False, article=article)
    kb = snapshot.kb
    if article is not None:
        problems = [p for p in problems if _concerns(p, Path(root), article)]
    if article is not None and article not in kb.by_slug:
        missing = Problem(Path(root), None, f"no article '{article}' in this knowledge",
                          f"articles: {', '.join(kb.by_slug)}", code="missing-file")
        return LintReport(Path(root), margin, (*problems, missing), valid=False,
                          article=article)
    ask = AnswerService(Config(knowledge_dir=Path(root), cache_dir=None),
                        snapshot=snapshot).ask
    return Linter(kb, margin, settings, article, snapshot.matcher, ask).run(problems)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _numbers(text: str) -> set[str]:
    """The numbers a text gives, thousands joined ("2.500", "2 500": "2500"), decimals with
    a point ("1,70": "1.70")."""
    joined = re.sub(r"(?<=\d)[.\u00a0\u202f ](?=\d{3}\b)", "", text)
    return {m.group().replace(",", ".") for m in _NUMBER.finditer(joined)}


def _concerns(problem: Problem, root: Path, article: str) -> bool:
    """Whether a validation problem is in that article's folder or in the shared files."""
    try:
        relative = Path(problem.path).resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return len(relative.parts) <= 1 or relative.parts[0] == article


class Linter:
    def __init__(self, kb: KnowledgeBase, margin: float, settings: MatchSettings,
                 article: str | None, matcher: Matcher | None,
                 ask: Callable[[str], Answer]) -> None:
        """`matcher`: one already built on `kb` with `settings`, else one is built; `ask`:
        the bot's answering of a message, which the editors' tests go through."""
        self.kb = kb
        self.ask = ask
        self.article = article
        self.margin = margin
        self.matcher = matcher or Matcher(Index(kb), settings)
        self.problems: list[Problem] = []
        self.pairs: dict[tuple[str, str], Competition] = {}
        self._lines: dict[Path, dict[str, EntryLines]] = {}

    def run(self, validation: list[Problem]) -> LintReport:
        self.problems.extend(validation)
        paraphrases, retrieved = self._check_retrieval()
        sentences, covered, covered_ready = self._check_coverage()
        self._check_spoken_for()
        self._check_languages()
        self._check_aliases()
        checks, file_problems = load_checks(self.kb, self.article)
        outcomes = run_checks(self.kb, self.ask, checks)
        self.problems.extend(file_problems)
        self.problems.extend(as_problems(outcomes))
        entries = self._entries()
        stats = LintStats(
            articles=1 if self.article else len(self.kb.articles), entries=len(entries),
            drafts=sum(e.draft for e in entries), paraphrases=paraphrases,
            retrieved=retrieved, sentences=sentences, covered=covered,
            covered_ready=covered_ready, tests=len(outcomes),
            tests_passed=sum(o.passed for o in outcomes))
        ranked = sorted(self.pairs.values(), key=lambda c: (-c.count, c.entries))
        log.info("lint %s: %d/%d paraphrases retrieved, %d/%d sentences covered",
                 self.kb.root, retrieved, paraphrases, covered, sentences)
        return LintReport(self.kb.root, self.margin, tuple(self.problems), tuple(ranked), stats,
                          article=self.article)

    def _entries(self) -> list[Entry]:
        """The entries this lint looks at: one article's, or all."""
        return [e for e in self.kb.entries if self.article in (None, e.article)]

    # --- retrieval ---------------------------------------------------------------------

    def _check_retrieval(self) -> tuple[int, int]:
        total = ok = 0
        several = len(self.kb.articles) > 1
        for entry in self._entries():
            if entry.draft:
                continue
            for lang, texts in entry.questions.items():
                for text in texts:
                    total += 1
                    line = self._question_line(entry, lang, text)
                    result = self.matcher.match(text, article=entry.article)
                    analysis = self.matcher.index.analyzer.analyze(text)
                    # "De quoi parle l'article ?" is read by its wording as a request for the
                    # gist (of the article chosen, else the newest): neither a paraphrase
                    # without content words nor one every article may have
                    gist = self.matcher.asks_gist(analysis)
                    if not analysis.terms and not gist:
                        self.problems.append(Problem(
                            entry.path or self.kb.root, line,
                            f"\u00ab{text}\u00bb has no content word: it only matches questions "
                            "worded almost exactly like it",
                            "say what is asked about (a name, a thing, an event)",
                            Severity.WARNING, code="no-terms"))
                    if self._judge(entry, text, line, result):
                        ok += 1
                        # a question with no content word ("De quoi parle l'article ?") is
                        # every article's: asked without choosing one, it can go to any
                        if several and analysis.terms and not gist:
                            self._check_across_articles(entry, text, line)
        return total, ok

    def _judge(self, entry: Entry, text: str, line: int | None, result: MatchResult) -> bool:
        """True when the paraphrase retrieves its entry with the margin; else reports why."""
        best = result.best
        quoted = f"\u00ab{text}\u00bb"
        if (result.status is Status.ANSWERED and result.reason == "quoted"
                and result.passage is not None and result.passage.article == entry.article):
            # "Qui a dit « ... » ?": answered with the sentence holding the quotation, which
            # names who said it, whatever entry the editor wrote the question in
            return True
        if result.status is Status.ANSWERED and best is not None and best.entry.key == entry.key:
            rival = self._rival(entry, result.candidates[1:])
            if rival is None or best.score - rival.score >= self.margin:
                return True
            self._compete(entry, rival.entry, text)
            self._error(entry, line, f"{quoted} retrieves entry '{entry.id}' only "
                                     f"{best.score - rival.score:.3f} ahead of "
                                     f"'{_name(entry, rival.entry)}' (margin {self.margin})",
                        "make the two entries' paraphrases more distinct, or list them as "
                        "related if one should lead to the other", "thin-margin")
            return False
        if result.status is Status.ANSWERED and best is not None:
            self._compete(entry, best.entry, text)
            self._error(entry, line, f"{quoted} retrieves entry '{_name(entry, best.entry)}' "
                                     f"instead of '{entry.id}'",
                        "reword it, or move it to the entry it retrieves", "wrong-entry")
        elif result.status is Status.AMBIGUOUS:
            others = [c.entry for c in result.candidates if c.entry.key != entry.key]
            for other in others[:1]:
                self._compete(entry, other, text)
            names = ", ".join(f"'{_name(entry, e)}'" for e in others[:3])
            self._error(entry, line, f"{quoted} is ambiguous: its entry '{entry.id}' ties "
                                     f"with {names}",
                        "make the paraphrases more distinct, or list the entries as related",
                        "ambiguous")
        else:
            missing = f"; not covered: {', '.join(result.missing)}" if result.missing else ""
            qtype = result.analysis.qtype if result.analysis else None
            hint = (f"the question asks {asked_for(qtype)}: say it in the entry's answer, "
                    "or drop this paraphrase"
                    if result.reason == "qtype" and not result.missing else
                    "give the entry words the question uses (paraphrases or keywords), "
                    "or drop this paraphrase")
            self._error(entry, line, f"{quoted} is not answered by its entry '{entry.id}' "
                                     f"({result.status}, {result.reason}{missing})",
                        hint, "not-retrieved")
        return False

    def _rival(self, entry: Entry, others: tuple[Candidate, ...]) -> Candidate | None:
        """The best other candidate not listed as related (in either direction)."""
        for candidate in others:
            other = candidate.entry
            if other.key not in entry.related and entry.key not in other.related:
                return candidate
        return None

    def _check_across_articles(self, entry: Entry, text: str, line: int | None) -> None:
        """Asked without choosing an article, does the question still reach this article?
        Not asked of a request for the gist naming nothing ("de quoi parle l'article ?"):
        the newest article answers it by design, and each article keeps its own."""
        result = self.matcher.match(text)
        if result.analysis is not None and self.matcher.asks_gist(result.analysis):
            return
        best = result.best
        if result.status is Status.ANSWERED and best and best.entry.article == entry.article:
            return
        other = next((c.entry for c in result.candidates if c.entry.article != entry.article),
                     None)
        if other is None:
            return
        self._compete(entry, other, text)
        self.problems.append(Problem(
            entry.path or self.kb.root, line,
            f"\u00ab{text}\u00bb ({entry.key}), asked without choosing an article, "
            f"{'retrieves' if result.status is Status.ANSWERED else 'competes with'} "
            f"'{other.key}'",
            "name what makes this article's question specific (a person, place or date)",
            Severity.WARNING, "cross-article"))

    def _compete(self, entry: Entry, other: Entry, text: str) -> None:
        a, b = sorted((entry.key, other.key))
        self.pairs.setdefault((a, b), Competition((a, b))).examples.append(text)

    def _error(self, entry: Entry, line: int | None, message: str, hint: str,
               code: str) -> None:
        self.problems.append(Problem(entry.path or self.kb.root, line or entry.line, message,
                                     hint, Severity.ERROR, code))

    def _entry_lines(self, entry: Entry) -> EntryLines | None:
        if entry.path is None:
            return None
        if entry.path not in self._lines:
            self._lines[entry.path] = entry_lines(entry.path)
        return self._lines[entry.path].get(entry.id)

    def _question_line(self, entry: Entry, lang: str, text: str) -> int | None:
        lines = self._entry_lines(entry)
        return lines.questions.get((lang, text)) if lines else entry.line

    # --- coverage and languages --------------------------------------------------------

    def _check_coverage(self) -> tuple[int, int, int]:
        cited: dict[tuple[str, str], bool] = defaultdict(bool)  # -> cited by a ready entry
        for entry in self._entries():
            for citation in entry.citations:
                for sid in citation.sentence_ids:
                    key = (entry.article, sid)
                    cited[key] = cited[key] or not entry.draft
        total = covered = ready = 0
        for art in self.kb.articles:
            if self.article not in (None, art.meta.slug):
                continue
            path = art.folder / ARTICLE_FILE
            try:
                starts = block_lines(path.read_text(encoding="utf-8"))
            except OSError:
                starts = []
            numbers = {b.id: i for i, b in enumerate(art.article.blocks)}
            for sentence in art.article.sentences:
                total += 1
                key = (art.meta.slug, sentence.id)
                if key in cited:
                    covered += 1
                    ready += cited[key]
                    continue
                position = numbers[sentence.block_id]
                line = starts[position] if position < len(starts) else None
                self.problems.append(Problem(
                    path, line, f"sentence {sentence.id} is cited by no entry: "
                                f"\u00ab{_short(sentence.text)}\u00bb",
                    f"add an entry: python -m bot kb add --article {art.meta.slug} "
                    f"--sentence {sentence.id} ...", Severity.WARNING, "uncovered"))
        for entry in self._entries():
            if entry.draft:
                self.problems.append(Problem(
                    entry.path or self.kb.root, entry.line,
                    f"entry '{entry.id}' is a draft: its sentence answers only questions it "
                    "covers whole, quoted as it is",
                    "write its questions (fr, en) and answer (fr, en), then delete "
                    "'status: draft'", Severity.WARNING, "draft"))
        return total, covered, ready

    def _check_spoken_for(self) -> None:
        """A sentence an entry cites no longer answers alone (the entries speak for it):
        its numbers that no answer of the entries citing it gives ("commencés en mars 2023,
        financés à 40 % par la région", cited for the cost) can no longer be asked."""
        for item in self.matcher.index.sentences:  # which ready entries cite it: indexed
            if not item.ready_entries or self.article not in (None, item.article):
                continue
            sentence = item.sentence
            entries = [self.kb.by_key[key] for key in dict.fromkeys(item.ready_entries)]
            given = set().union(*(_numbers(a) for e in entries for a in e.answers.values()))
            lacking = sorted(_numbers(sentence.text) - given, key=sentence.text.find)
            if not lacking:
                continue
            first = entries[0]
            line = next((c.line for c in first.citations if sentence.id in c.sentence_ids),
                        first.line)
            names = ", ".join(f"'{e.id}'" for e in entries)
            self.problems.append(Problem(
                first.path or self.kb.root, line,
                f"sentence {sentence.id} is spoken for by {names}, and no answer of theirs "
                f"gives its {', '.join(lacking)}: a reader asking for them is declined, "
                "since the sentence no longer answers alone",
                f"give them in an answer, or add an entry for them: python -m bot kb add "
                f"--article {item.article} --sentence {sentence.id} ...",
                Severity.WARNING, "facts-not-given"))

    def _check_languages(self) -> None:
        for entry in self._entries():
            if entry.draft:
                continue
            lacking = [f"{LANGUAGE_NAMES[lang]} {what}" for lang in LANGUAGES
                       for what, present in (("question", entry.questions.get(lang)),
                                             ("answer", entry.answers.get(lang)))
                       if not present]
            if lacking:
                self.problems.append(Problem(
                    entry.path or self.kb.root, entry.line,
                    f"entry '{entry.id}' has no {' and no '.join(lacking)}",
                    "people ask in French and in English; each entry needs both",
                    Severity.WARNING, "missing-language"))
            self._check_written_in(entry)

    def _check_written_in(self, entry: Entry) -> None:
        """A question or an answer filed under the other language (a slip when pasting):
        its reader would get the answer in the wrong language."""
        for lang, questions in entry.questions.items():
            for text in questions:
                if not written_in(text, lang):
                    self.problems.append(Problem(
                        entry.path or self.kb.root, self._question_line(entry, lang, text),
                        f"entry '{entry.id}': the {LANGUAGE_NAMES[lang]} question "
                        f"'{text}' reads as {LANGUAGE_NAMES[_OTHER[lang]]}",
                        f"move it under {_OTHER[lang]}: an answer comes in the asker's "
                        "language", Severity.WARNING, "wrong-language"))
        for lang, answer in entry.answers.items():
            if not written_in(answer, lang):
                self.problems.append(Problem(
                    entry.path or self.kb.root, entry.line,
                    f"entry '{entry.id}': the {LANGUAGE_NAMES[lang]} answer reads as "
                    f"{LANGUAGE_NAMES[_OTHER[lang]]}",
                    f"write it in {LANGUAGE_NAMES[lang]}: people asking in "
                    f"{LANGUAGE_NAMES[lang]} get it", Severity.WARNING, "wrong-language"))

    def _check_aliases(self) -> None:
        """A one-word spelling of an article's concept reads every word with its stem as the
        concept: "launcher" makes "launched" the rocket. The words of the article and of its
        entries it reads so, other than its spellings' own inflections ("radiomètres"), are
        said once per concept, so that the editor lists them under it or rewords it."""
        for art in self.kb.articles:
            if self.article not in (None, art.meta.slug) or not art.aliases:
                continue
            texts = [block.text for block in art.article.blocks]
            for entry in art.entries:
                texts += [q for qs in entry.questions.values() for q in qs]
                texts += list(entry.answers.values())
            by_stem: dict[str, set[str]] = defaultdict(set)
            for text in texts:
                for word in fold(text).split():
                    by_stem[stem(word)].add(word)
            path = art.folder / ALIASES_FILE
            try:
                lines = path.read_text(encoding="utf-8").casefold().splitlines()
            except OSError:
                lines = []
            for name, variants in art.aliases.items():
                listed = {_inflected(fold(v)) for v in (name, *variants)}
                reading: dict[str, list[str]] = {}  # word -> the spellings that read it
                for variant in variants:
                    key = concept_key(variant)
                    if len(key) != 1:
                        continue
                    for word in by_stem.get(key[0], ()):
                        if _inflected(word) not in listed:
                            reading.setdefault(word, []).append(variant)
                if not reading:
                    continue
                spellings = list(dict.fromkeys(v for vs in reading.values() for v in vs))
                spelled = re.compile(rf"(?<!\w){re.escape(spellings[0].casefold())}(?!\w)")
                line = next((n for n, text in enumerate(lines, 1) if spelled.search(text)),
                            None)
                words = ", ".join(f"'{w}'" for w in sorted(reading)[:5])
                self.problems.append(Problem(
                    path, line, f"{', '.join(repr(v) for v in spellings[:3])} (concept "
                                f"'{name}') also read {words} as '{name}': the same stem",
                    f"if that is meant, list {words} under '{name}'; if not, spell the "
                    "concept with two words or another word", Severity.WARNING,
                    "alias-reads-more"))


# Endings of the forms an alias is meant to read: plurals, the feminine, English tenses.
_INFLECTION = re.compile(r"(?:ing|ed|es|e|s|x)$")


def _inflected(word: str) -> str:
    """A word without its inflection ("radiomètres", "studied", "winching" -> "radiometr",
    "studi", "winch"): what the forms of one word share and a derived word does not
    ("launcher", "employers", "painter" stay apart from "launched", "employee", "paint")."""
    if len(word) <= 3:
        return word
    base = _INFLECTION.sub("", _INFLECTION.sub("", word))  # "embauchées": twice
    return base.removesuffix("y") + ("i" if word.endswith("y") else "")


def _name(entry: Entry, other: Entry) -> str:
    """An entry id, with its article when it is not the same article."""
    return other.id if other.article == entry.article else other.key


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
