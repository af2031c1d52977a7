"""The answering service every front-end shares: current knowledge, answers, reloads.

The knowledge, its index and matcher form one immutable snapshot, replaced in a single
assignment: a question is answered entirely by the old or entirely by the new knowledge.
An invalid edit never replaces the last good snapshot, and neither does an edit that drops
most of an article's ready entries at once: valid files, but what a truncated save or a bad
merge leaves, and serving them would turn answers into "not in the article".
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.answers import Answer, build_answer, entry_answer, several
from bot.config import Config
from bot.kb.layout import META_FILE, entries_files
from bot.kb.model import KnowledgeBase
from bot.kb.problems import KnowledgeError, Problem, Severity
from bot.lang import fact_cues
from bot.matching.analyze import CONCEPT_PREFIX, Analysis, fact_word
from bot.matching.lang_data import WHO
from bot.matching.language import text_language
from bot.matching.matcher import MatchResult, Status
from bot.matching.normalize import fold
from bot.matching.quotes import quotations
from bot.qlog import QuestionLog
from bot.reading import Ignored, Kind, Reading, read_message
from bot.snapshot import Signature, Snapshot, build_snapshot, files_signature

log = logging.getLogger(__name__)

MAX_PARTS = 3  # questions answered in one reply; more are reported as set aside
# How long changed knowledge files must stay unchanged before they are reloaded: longer than
# the writes of one save or one git pull, short enough that an edit is live within a second.
SETTLE_SECONDS = 0.25


@dataclass
class ReloadStatus:
    """What /kb status and the terminal show about the knowledge."""

    last_attempt: float | None = None
    last_success: float | None = None
    problems: list[Problem] = field(default_factory=list)  # of the last refused edit

    @property
    def healthy(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


# Capitalised words in a row, not opening a sentence: a name an answer gives ("Tomislav
# Babić", "Donald Trump").
_NAMED = re.compile(r"(?<![.!?:;«\"]\s)(?<!^)(?<![\w'’-])"
                    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+)*")
# "et quel âge a-t-il ?": a pronoun standing for a person (from the languages' facts data)
_PERSON_PRONOUNS = fact_cues().words.get("person_pronouns", frozenset())
# Read by `warm`: in each language, with markup and words no article need use ("weather"),
# so that they reach the message reader's tables and the word lists.
WARM_UP_MESSAGES = ("<@123456789012345678> salut, que dit l'article sur la météo stp ?",
                    "**hi**, what does the article say about the weather? :)")
# Warnings logged one by one at start-up; the rest are counted (an archive's hundreds of
# alias clashes would bury the log every start, and `validate` lists them all).
MAX_LOGGED_WARNINGS = 10


def _log_problems(problems: list[Problem]) -> None:
    """Every error, and the first warnings, one line each; then how many more there are."""
    warnings = 0
    for problem in problems:
        if problem.severity is not Severity.ERROR:
            warnings += 1
            if warnings > MAX_LOGGED_WARNINGS:
                continue
        log.warning("%s", problem)
    more = warnings - MAX_LOGGED_WARNINGS
    if more > 0:
        log.warning("%d more warning(s) in the knowledge; `python -m bot validate` lists "
                    "them all", more)


class AnswerService:
    def __init__(self, config: Config, *, question_log: QuestionLog | None = None,
                 freeze: bool = False, snapshot: Snapshot | None = None) -> None:
        """`freeze`: the process answers and exits (a command): see bot.snapshot.
        `snapshot`: knowledge already loaded (`kb test`, `kb lint`), served as it is."""
        self.config = config
        self.question_log = question_log
        self.status = ReloadStatus()
        problems: list[Problem] = []
        if snapshot is None:
            snapshot, problems = build_snapshot(config.knowledge_dir, config.matching,
                                                config.cache_dir, freeze=freeze)
        self.status.last_attempt = time.time()
        if snapshot is None:
            raise KnowledgeError(problems)
        self.status.last_success = snapshot.loaded_at
        self.status.problems = [p for p in problems if p.severity is Severity.ERROR]
        _log_problems(problems)
        self._snapshot = snapshot
        self._cache = lru_cache(maxsize=4096)(self._answer_uncached)
        self._lock = threading.Lock()
        self._last_refused: tuple[tuple[str, int, int], ...] = ()
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    def warm(self) -> None:
        """Read and answer a few messages nobody sent, unlogged and uncached, so that what
        answering reads on first need (the word lists, the message reader's patterns: 0.3 s)
        is read before the first user waits."""
        for message in WARM_UP_MESSAGES:
            for question in read_message(message).questions or (message,):
                self._answer_uncached(self._snapshot, question, None, None, None)

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def kb(self) -> KnowledgeBase:
        return self._snapshot.kb

    def ask(self, question: str, *, language: str | None = None, article: str | None = None,
            source: str = "api", user: str | int | None = None,
            fallback_language: str | None = None, context: str | None = None) -> Answer:
        """Answer one message; logs it (as typed) when a question log is configured.

        The message is read first (`bot.reading`): markup, mentions and chatter set aside,
        abbreviations expanded, up to MAX_PARTS questions answered each on its own. The
        answer is in `language` if given, else in the question's, else (a question no word
        of which tells) in `fallback_language` (a reader's locale), else the default.
        `context`: the question a follow-up refers to ("et pourquoi sont-ils là ?" replying
        to an answer about the troops), read with it when the question alone is not enough.
        """
        question = valid_text(question)
        snapshot = self._snapshot
        reading = read_message(question)
        if reading.unchanged:  # a plain question: read as it is, exactly as before
            answer = self._answer_one(snapshot, question, language, article,
                                      fallback_language, context)
            answer = self._bare(snapshot, answer, reading, language, article,
                                fallback_language, context)
        else:
            log.debug("message read as %r; set aside: %s", reading.questions, reading.ignored)
            answer = self._answer_reading(snapshot, reading, language, article,
                                          fallback_language, context)
        if self.question_log is not None:
            try:
                self.question_log.record_answer(answer, source=source, user=user,
                                                article=article)
            except Exception:  # the log is for editors; the user gets the answer regardless
                log.warning("question not logged", exc_info=True)
        return answer

    def _answer_one(self, snapshot: Snapshot, question: str, language: str | None,
                    article: str | None, fallback_language: str | None,
                    context: str | None) -> Answer:
        """One question, read with `context` when it fails alone but asks something."""
        answer = self._cache(snapshot, question, language, article, fallback_language)
        if context and article is None and len(snapshot.kb.articles) > 1:
            # "Qui est Michel Darrieux ?" then "il est président de quoi ?": a follow-up
            # that names nothing of its own is about the article the conversation is on,
            # not another one's president
            about = self._context_article(snapshot, context, fallback_language)
            if about is not None and set(answer.articles) != {about} and not (
                    self._names(snapshot, self._analysis(snapshot, question))):
                within = self._cache(snapshot, question, language, about, fallback_language)
                if within.answered:
                    return within
        if context and not answer.answered and self._asks_more(snapshot, question, answer):
            # The question before, or, for "et quel âge a-t-il ?", whom its answer named.
            asked, _, named = context.partition("\n")
            pointing = named and not _PERSON_PRONOUNS.isdisjoint(fold(question).split())
            about = None  # "et quel âge a-t-elle ?": about her, which the article does not say
            for before in ((named, asked) if pointing else (asked,)):
                # In the language the question itself was answered in, not the context's.
                combined = self._cache(snapshot, f"{question} {before}", answer.language,
                                       article, fallback_language)
                if combined.answered:
                    return replace(combined, question=question)
                if about is None and combined.status is Status.NOT_IN_ARTICLE:
                    about = replace(combined, question=question)
            if about is not None and answer.status is Status.OFF_TOPIC:
                return about  # not "I only answer questions about the article"
        return answer

    def _answer_reading(self, snapshot: Snapshot, reading: Reading, language: str | None,
                        article: str | None, fallback_language: str | None,
                        context: str | None) -> Answer:
        """A message the reader changed: its question part(s), answered."""
        ignored = list(reading.ignored)
        groups = self._groups(snapshot, reading.questions, language, article,
                              fallback_language)
        if len(groups) > MAX_PARTS:
            ignored += [Ignored(Kind.QUESTION, extra) for extra in groups[MAX_PARTS:]]
            groups = groups[:MAX_PARTS]
        pairs = tuple(i.pair() for i in ignored)
        if len(groups) <= 1:
            text = groups[0] if groups else ""
            if text.split() == reading.original.split():
                text = reading.original  # only split and joined again: today's question
            answer = None
            if (any(i.kind is Kind.QUOTE for i in ignored) and quotations(reading.whole)
                    and self._analysis(snapshot, text).qtype == WHO):
                # "> « ... »  c'est qui qui a dit ça ?": the quote's sentence names who
                quoted = self._cache(snapshot, reading.whole, language, article,
                                     fallback_language)
                answer = quoted if quoted.reason == "quoted" else None
            if answer is None:
                answer = self._answer_one(snapshot, text, language, article,
                                          fallback_language, context)
            if answer.answered and article is None and reading.whole != text:
                answer = self._within(snapshot, answer, text, reading.whole, language,
                                      fallback_language, context, _aside(reading))
            # The pieces set aside may hold what the question is about: first what the
            # story and guesses claim ("mon prof disait que le mandat datait de 2020, c'est
            # bien ça ?"), then the whole message ("J'ai lu que les US partaient, c'est vrai
            # ?"), if it does better; what it read is no longer set aside.
            for again, read in ((reading.claimed, reading.claimed_from),
                                (reading.whole, (reading.whole,))):
                if answer.answered or not again or again == text:
                    continue
                other = self._answer_one(snapshot, again, language, article,
                                         fallback_language, context)
                if _rank(other) > _rank(answer):
                    answer = other
                    pairs = tuple(p for p in pairs if not any(p[1] in r for r in read))
            answer = self._bare(snapshot, replace(answer, ignored=pairs), reading, language,
                                article, fallback_language, context)
            return replace(answer, question=reading.original)
        parts: list[Answer] = []
        asked: list[str] = []  # the text of each part
        lang = language
        # the articles the parts before are about: answered from, or declined, their
        # closest passage's
        about: set[str] = set()
        for number, text in enumerate(groups):
            # A part that fails alone is read with the one before ("Qui est Soleimani ?
            # Quand a-t-il été tué ?"), the first with the message replied to.
            before = groups[number - 1] if number else context
            part = self._answer_one(snapshot, text, lang, article, fallback_language, before)
            if not number and not part.answered and reading.bare and reading.bare in text:
                # the first question without the reader's story kept with it (see `_bare`)
                bare = self._answer_one(snapshot, reading.bare, lang, article,
                                        fallback_language, before)
                if bare.answered:  # and the next part follows it up
                    part, groups[number] = bare, reading.bare
            vague = (self._vague(snapshot, text) if number and article is None and (
                part.reason == "vague" or (part.answered and about.isdisjoint(part.articles)))
                else None)
            if vague is not None:
                part = self._follow_up(snapshot, text, vague, part.language, about, lang,
                                       fallback_language)
            about.update(part.articles if part.answered else
                         (part.closest.article,) if part.closest is not None else ())
            lang = lang or part.language  # one reply, one language: the first part's
            if part.answered and any(p.answered and _same_answer(p, part) for p in parts):
                continue  # asked twice in other words: answered once
            parts.append(part)
            asked.append(text)
        if article is None:
            # One message is about one article: a part answered from another one ("et ça
            # durera jusqu'à quand ?" read alone) is asked again of the message's article.
            aside = _aside(reading)
            parts = [self._within_part(snapshot, part, text, reading.whole, lang,
                                       fallback_language, aside) if part.answered else part
                     for part, text in zip(parts, asked, strict=True)]
        if len(parts) == 1:
            return replace(parts[0], question=reading.original, ignored=pairs)
        return several(reading.original, tuple(parts), parts[0].language,
                       snapshot.kb.version, pairs)

    def _bare(self, snapshot: Snapshot, answer: Answer, reading: Reading,
              language: str | None, article: str | None, fallback_language: str | None,
              context: str | None) -> Answer:
        """A one-question message not answered with the statements kept with its question
        ("J'ai suivi la course à la télé avec mon mari. On se demandait : combien de coureurs
        au départ ?"): its question sentence alone, within the article the message is about;
        the statements are then set aside as the reader's story."""
        if answer.answered or not reading.bare or _missing_in(answer, reading.bare):
            return answer
        other = self._answer_one(snapshot, reading.bare, language, article,
                                 fallback_language, context)
        story = " ".join(reading.questions[0].replace(reading.bare, " ").split())
        if article is None and (other.answered or other.reason == "vague"):
            # a short question ("what's his name again?") asks about what the story names
            other = self._within(snapshot, other, reading.bare, reading.whole, language,
                                 fallback_language, context, f"{_aside(reading)} {story}")
        if not other.answered:
            return answer
        aside = ((Kind.CHATTER.value, story),) if story else ()
        return replace(other, question=reading.original, ignored=(*answer.ignored, *aside))

    def _within(self, snapshot: Snapshot, answer: Answer, text: str, whole: str,
                language: str | None, fallback_language: str | None,
                context: str | None, aside: str = "") -> Answer:
        """The question part answered within the article the whole message is about.

        What the reader set aside often names the article ("j'habite près d'Aubenas et j'ai
        vu du monde au gymnase, ils ont évacué combien de personnes ?"); the question alone
        may not, and a short question can then be answered from another article. The
        article is the one whose own words what was set aside (`aside`) says, where only
        one article says them; else the one the whole message is answered from or,
        declined, its closest passage's; with one article, or when the answer is from it,
        nothing changes."""
        if len(snapshot.kb.articles) < 2:
            return answer
        about = snapshot.matcher.article_said_by(aside) or self._message_article(
            snapshot, whole, language, fallback_language)
        if about is None or set(answer.articles) == {about}:
            return answer
        return self._answer_one(snapshot, text, language, about, fallback_language, context)

    def _within_part(self, snapshot: Snapshot, part: Answer, text: str, whole: str,
                     language: str | None, fallback_language: str | None,
                     aside: str) -> Answer:
        """A part of a message answered within the message's article (see `_within`),
        unless that article does not answer it and the part says enough to tell its own:
        a message may ask about two ("combien de soldats américains en Irak ? et combien
        coûte le ticket du téléphérique ?")."""
        within = self._within(snapshot, part, text, whole, language, fallback_language, None,
                              aside)
        if within.answered or self._vague(snapshot, text) is not None:
            return within
        return part

    def _message_article(self, snapshot: Snapshot, whole: str, language: str | None,
                         fallback_language: str | None) -> str | None:
        """The one article a whole message is about: the one its answer cites or, declined,
        its closest passage's; None when that is not one article."""
        read = self._cache(snapshot, whole, language, None, fallback_language)
        about = {q.article for q in read.citations} if read.answered else (
            {read.closest.article} if read.closest is not None else set())
        return about.pop() if len(about) == 1 else None

    def _groups(self, snapshot: Snapshot, questions: tuple[str, ...], language: str | None,
                article: str | None, fallback_language: str | None) -> list[str]:
        """The questions of a message, each part that says nothing alone ("Donne un
        chiffre.", "c'est vrai ?") joined to the question before it (the first to the one
        after it); one asking a kind of fact ("et pourquoi ?") stays a part of its own."""
        if len(questions) <= 1:
            return list(questions)
        groups: list[str] = []
        pending = ""
        for question in questions:
            text = f"{pending} {question}" if pending else question
            alone = self._cache(snapshot, text, language, article, fallback_language)
            if not _says_nothing(alone) or (groups and not pending and self._analysis(
                    snapshot, text).qtype is not None):
                # "qui a tué Soleimani, et pourquoi ?": "et pourquoi" asks a question of its
                # own about the part before, answered (or declined) as its follow-up
                groups.append(text)
                pending = ""
            elif groups:
                groups[-1] = f"{groups[-1]} {text}"
            else:
                pending = text
        if pending:
            groups.append(pending)
        return groups

    def context_of(self, answer: Answer) -> str | None:
        """What an answer was about, as `context` for a follow-up to it: its entry's question
        in the answer's language, else the question it answered (for an answer to several
        questions, the last one answered); then, on a line of its own, the first name the
        answer gives that the question does not, whom "il" or "she" may stand for."""
        answered = [p for p in answer.parts if p.answered]
        if answered:
            return self.context_of(answered[-1])
        entry = self.kb.by_key.get(answer.entry) if answer.entry else None
        question = entry.question(answer.language) if entry is not None else answer.question
        # "qui est en tête ?" then "et quel âge a-t-il ?": "il" is whom the answer named
        named = self._first_name(answer, question) if answer.answered else None
        return f"{question}\n{named}" if named else question

    def _first_name(self, answer: Answer, question: str) -> str | None:
        """The first name (as written) an answer gives that the question it answered does
        not: whom a pronoun in a follow-up stands for."""
        snapshot = self._snapshot
        analyzer = snapshot.matcher.index.analyzer
        asked = set(self._analysis(snapshot, question).terms)
        for found in _NAMED.finditer(answer.text or ""):
            terms = analyzer.analyze(found.group()).terms
            if any((analyzer.is_name(t) or analyzer.is_proper(t)) and t not in asked
                   for t in terms):
                return found.group()
        return None

    @staticmethod
    def _analysis(snapshot: Snapshot, text: str) -> Analysis:
        """A text read as the matcher reads a question (an answer keeps no analysis: only
        the few questions that need a second look at their words pay for it)."""
        return snapshot.matcher.index.analyzer.analyze(" ".join(text.split()), correct=True)

    def _vague(self, snapshot: Snapshot, text: str) -> Analysis | None:
        """The analysis of a part of a message that says too little to tell, among several
        articles, which one it asks about ("et quel jour ?", "when does it actually
        start?"); None when it says enough, or with one article."""
        if len(snapshot.kb.articles) < 2:
            return None
        analysis = self._analysis(snapshot, text)
        return None if snapshot.matcher.sentences.enough(analysis) else analysis

    def _follow_up(self, snapshot: Snapshot, text: str, analysis: Analysis,
                   answered_in: str, about: set[str], language: str | None,
                   fallback_language: str | None) -> Answer:
        """A vague part after another one asks about what the parts before asked: it is
        answered within their article, never from another one it happens to fit ("I thought
        the car ban started this summer? when does it actually kick in": not the start of
        another article's war); when the parts before tell no article, it is declined."""
        if len(about) == 1:
            within = self._cache(snapshot, text, language, next(iter(about)),
                                 fallback_language)
            if within.answered:
                return within
        declined = MatchResult(Status.NOT_IN_ARTICLE, "vague", analysis)
        return build_answer(snapshot.kb, text, declined, answered_in)

    def _asks_more(self, snapshot: Snapshot, question: str, answer: Answer) -> bool:
        """Whether a question that failed alone may be a follow-up: it asks something (a
        question word or a term), and is not thanks, a greeting or small talk to the bot.

        Only a follow-up that failed pays for this second look at its words (the answer
        does not keep the analysis); empty or too long, it was never analysed."""
        if answer.status is Status.INVALID:
            return False
        analysis = self._analysis(snapshot, question)
        # "Qui est le maire de Montréval ?" names what it asks about: not a follow-up of
        # the question before, even when the article does not say it ("Et Soudani ?",
        # a name alone, still is one).
        if self._names(snapshot, analysis) and (analysis.qtype or len(analysis.terms) > 1):
            return False
        return (bool(analysis.qtype or analysis.terms) and not analysis.greeting
                and not analysis.to_bot and not analysis.prediction)

    @staticmethod
    def _names(snapshot: Snapshot, analysis: Analysis) -> list[str]:
        """The terms of a question that name something: a name of the knowledge, or a
        capitalised word or number ("Montréval", "2020"); not "âge" ("et quel âge a-t-il ?"
        names no one)."""
        analyzer = snapshot.matcher.index.analyzer
        return [t for t in analysis.terms if analyzer.is_name(t) or (
            t in analysis.strong and not t.startswith(CONCEPT_PREFIX) and not fact_word(t))]

    def _context_article(self, snapshot: Snapshot, context: str,
                         fallback_language: str | None) -> str | None:
        """The one article the question a follow-up refers to was answered from (see
        `context_of`), else None."""
        asked = context.partition("\n")[0]
        read = self._cache(snapshot, asked, None, None, fallback_language)
        return read.articles[0] if read.answered and len(set(read.articles)) == 1 else None

    def _answer_uncached(self, snapshot: Snapshot, question: str, language: str | None,
                         article: str | None, fallback_language: str | None) -> Answer:
        if article is not None and article not in snapshot.kb.by_slug:
            raise ValueError(f"unknown article '{article}'")
        result = snapshot.matcher.match(question, article=article)
        lang = language or (result.analysis.language if result.analysis else None)
        if lang is None and result.analysis is None:  # empty or too long: never analysed
            head = question[: self.config.matching.max_question_chars]
            lang = text_language(head)
        lang = lang or fallback_language or self.config.default_language
        return build_answer(snapshot.kb, question, result, lang,
                            max_question_chars=self.config.matching.max_question_chars,
                            article=article, relevance=snapshot.articles_about)

    def answer_entry(self, key: str, language: str, question: str | None = None) -> Answer | None:
        """The answer of a known entry (a "did you mean" or follow-up click)."""
        kb = self._snapshot.kb
        entry = kb.by_key.get(key)
        if entry is None or entry.draft:
            return None
        return entry_answer(kb, entry, question or entry.question(language), language)

    # --- reloading ---------------------------------------------------------------------

    def reload(self, *, force: bool = False, settled: Signature | None = None) -> bool | None:
        """Reload when files changed (or always with force).

        Returns True when new knowledge is served, False when an edit was refused (the
        previous knowledge keeps answering), None when nothing changed. With `settled` (the
        watcher's signature of files that stopped changing), knowledge read from any other
        state is not served: the edit is still being written, the next round will take it.
        """
        with self._lock:
            signature = files_signature(self.config.knowledge_dir)
            if settled is not None and signature != settled:
                return None
            if not force and signature in (self._snapshot.signature, self._last_refused):
                return None
            self.status.last_attempt = time.time()
            snapshot, problems = build_snapshot(self.config.knowledge_dir, self.config.matching,
                                                self.config.cache_dir)
            if settled is not None and (
                    files_signature(self.config.knowledge_dir) != settled
                    or (snapshot is not None and snapshot.signature != settled)):
                return None  # changed while being read: the next round takes the settled edit
            if snapshot is not None and self.config.reload.refuse_large_removals:
                removals = large_removals(self._snapshot.kb, snapshot.kb)
                if removals:
                    snapshot, problems = None, removals
            if snapshot is None:
                self._last_refused = signature
                self.status.problems = problems
                errors = [p for p in problems if p.severity is Severity.ERROR]
                log.error("knowledge edit refused, still serving version %s: %d problem(s)",
                          self._snapshot.kb.version, len(errors))
                for problem in errors:
                    log.error("  %s", problem)
                return False
            self._snapshot = snapshot
            self._last_refused = ()
            self.status.problems = []
            self.status.last_success = snapshot.loaded_at
            log.info("knowledge reloaded: version %s, %d entries, %d article(s)",
                     snapshot.kb.version, len(snapshot.kb.entries), len(snapshot.kb.articles))
            return True

    def start_watching(self, interval: float | None = None) -> None:
        """Check the knowledge files in a background thread; reload on change."""
        if self._watcher is not None:
            return
        period = interval if interval is not None else self.config.reload.interval
        self._stop.clear()

        def watch() -> None:
            # An edit is often several writes (an editor truncating then writing, a git pull
            # touching several files): reload only files unchanged for a while, so a
            # half-written edit is never read as if it were complete. Once a change is seen,
            # that while is short (SETTLE_SECONDS, at most the period): the edit is live
            # sooner than two whole periods.
            pending: Signature | None = None
            while not self._stop.wait(period if pending is None else min(period,
                                                                         SETTLE_SECONDS)):
                try:
                    signature = files_signature(self.config.knowledge_dir)
                    if signature in (self._snapshot.signature, self._last_refused):
                        pending = None
                    elif signature != pending:
                        pending = signature
                    else:
                        pending = None
                        self.reload(settled=signature)
                except Exception:
                    log.exception("unexpected error while reloading the knowledge")

        self._watcher = threading.Thread(target=watch, name="knowledge-watcher", daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None


def valid_text(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD, so it can be encoded as UTF-8.

    They come from bytes that were not UTF-8 (Python escapes them so in argv and in stdin
    under the C locale) and from clients that send half a UTF-16 pair; every later step
    (output, JSON, Discord, the question log) needs valid text."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def large_removals(served: KnowledgeBase, new: KnowledgeBase) -> list[Problem]:
    """One problem per article that would lose more than half of its ready entries at once.

    Counted, not matched by id, so renaming entries is not a removal; an entry turned into a
    draft is one (it no longer answers), and so is a whole article that disappears (its
    folder or article.txt gone). An article retired before or after the edit is exempt.
    """
    problems = []
    for before in served.articles:
        slug = before.meta.slug
        after = new.by_slug.get(slug)
        if before.meta.retired or (after is not None and after.meta.retired):
            continue
        had = sum(1 for e in before.entries if not e.draft)
        has = sum(1 for e in after.entries if not e.draft) if after is not None else 0
        lost = had - has
        if 2 * lost <= had:
            continue
        meta = before.folder / META_FILE
        if after is None:
            what = " (its folder or article.txt is gone)"
            hint = (f"to remove an article from a running bot, first add `retired: true` to "
                    f"{meta} and let it reload, then delete the folder; or set "
                    "reload.refuse_large_removals: false in the config")
        else:
            what = ""
            hint = ("a truncated save or a bad merge? restore the entries (see `git diff`); "
                    f"if it is meant, add `retired: true` to {meta} or set "
                    "reload.refuse_large_removals: false in the config")
        files = entries_files(before.folder)
        problems.append(Problem(
            files[0] if files else before.folder, None,
            f"article '{slug}' would lose {lost} of its {had} ready entries at once{what}",
            hint, code="mass-removal"))
    return problems


def _missing_in(answer: Answer, question: str) -> bool:
    """Whether what the declined answer missed is all said in the question sentence: read
    alone, it would miss it too (a second look at it is not worth its cost)."""
    explanation = answer.explanation
    if explanation is None or not explanation.missing:
        return False
    said = set(fold(question).split())
    words = dict(explanation.words)
    return all(fold(words.get(term, "")) in said for term in explanation.missing)


def _same_answer(one: Answer, other: Answer) -> bool:
    """The same entry, or the same sentence of an article (answers from the article have no
    entry: two different sentences are two answers)."""
    return one.entry == other.entry and [q.quote for q in one.citations] == [
        q.quote for q in other.citations]


# What a reader set aside that may say what the message is about: their story, guesses,
# a quotation, a spoiler; not mentions, links or markup.
_ASIDE = frozenset({Kind.CHATTER, Kind.GUESS, Kind.QUOTE, Kind.SPOILER, Kind.CODE})


def _aside(reading: Reading) -> str:
    """The words a reader set aside around the question, for telling the article."""
    return " ".join(piece.text for piece in reading.ignored if piece.kind in _ASIDE)


def _says_nothing(answer: Answer) -> bool:
    """A question with no word of content ("c'est vrai ?", "Donne un chiffre."): it means
    something only with what was said around it."""
    return answer.status is Status.OFF_TOPIC and answer.reason == "no-content"


_RANKS = {Status.ANSWERED: 4, Status.AMBIGUOUS: 3, Status.NOT_IN_ARTICLE: 2, Status.OFF_TOPIC: 1,
          Status.INVALID: 0}


def _rank(answer: Answer) -> float:
    """How far an answer got: an answer, a "did you mean", "not in the article", off topic,
    a question saying nothing alone, an empty or too long one."""
    return 0.5 if _says_nothing(answer) else _RANKS[answer.status]
