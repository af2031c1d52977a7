"""Editors' test questions, kept beside the knowledge: `<article>/tests.yaml`.

Each test is a question with what it must get: one of the article's entries (by id), one of
its sentences (by id, "p3.2": answered from the article itself), "declined" (the article does
not say it) or "answered" (any answer from this article). Questions are asked as readers ask
them, without choosing an article, so a test also fails when another article takes it.

```yaml
tests:
  - {q: "Combien de places aura le parking relais ?", expect: parking-places}
  - {q: "Quel âge a la maire ?", expect: declined}
  - {q: "Qui porte la mesure ?", expect: p1.2}
```

`python -m bot kb test [ARTICLE]` runs them and says what changed since its last run; `kb
lint` runs them too and reports each failure as an error at its line.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.answers import Answer
from bot.kb.model import KnowledgeBase
from bot.kb.problems import Problem, Severity
from bot.kb.yamlsrc import compose_text, line_of
from bot.matching.analyze import concept_term

log = logging.getLogger(__name__)

TESTS_FILE = "tests.yaml"
DECLINED, ANSWERED = "declined", "answered"
_SENTENCE_ID = re.compile(r"^(p\d+\.\d+|h\d+)$")


@dataclass(frozen=True, slots=True)
class Check:
    article: str
    question: str
    expect: str
    path: Path
    line: int
    # an expected draft entry (not answering yet) stands for the sentences it cites
    stands_for: tuple[str, ...] = ()
    # an expected sentence is answered by an entry citing it too: once an editor completes
    # its draft (or writes another entry citing it), the entry answers, not the sentence
    cited_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    check: Check
    passed: bool
    got: str  # "entry-id", "p3.2", "declined", or "other-article/entry-id"
    why: str = ""  # for a question declined though it should not be: what the bot lacked

    def to_json(self) -> dict[str, object]:
        return {"article": self.check.article, "question": self.check.question,
                "expect": self.check.expect, "got": self.got, "passed": self.passed,
                "why": self.why, "path": str(self.check.path), "line": self.check.line}

    def __str__(self) -> str:
        return f"{self.check.path}:{self.check.line}: FAIL {self.failure()}"

    def failure(self) -> str:
        """What failed, as `kb test` and `kb lint` say it: the question, what it expects,
        what it got and, declined, what the bot lacked."""
        why = f" ({self.why})" if self.why else ""
        return (f"\u00ab{self.check.question}\u00bb expects {self.check.expect}, "
                f"got {self.got}{why}")


def load_checks(kb: KnowledgeBase, article: str | None = None
                ) -> tuple[list[Check], list[Problem]]:
    """Every article's tests (or one article's), and the problems of malformed files."""
    checks: list[Check] = []
    problems: list[Problem] = []
    for art in kb.articles:
        slug = art.meta.slug
        path = art.folder / TESTS_FILE
        if (article and slug != article) or not path.is_file():
            continue
        node = compose_text(path.read_text(encoding="utf-8"), path, problems)
        if node is None:
            continue
        items = _test_items(node, path, problems)
        entry_ids = {e.id for e in art.entries}
        # `kb init` names a draft after its sentence ("p4-2" cites p4.2); the bot answers a
        # draft's question from that sentence, which is what the test wants
        drafts = {e.id: tuple(sid for c in e.citations for sid in c.sentence_ids)
                  for e in art.entries if e.draft}
        sentence_ids = {s.id for s in art.article.sentences}
        citing: dict[str, list[str]] = {}
        for entry in art.entries:
            for sid in dict.fromkeys(sid for c in entry.citations for sid in c.sentence_ids):
                citing.setdefault(sid, []).append(entry.id)
        for item in items:
            values = {k.value: v for k, v in item.value} if isinstance(
                item, yaml.MappingNode) else {}
            question, expect = values.get("q"), values.get("expect")
            if not (isinstance(question, yaml.ScalarNode) and isinstance(expect,
                                                                         yaml.ScalarNode)):
                problems.append(Problem(path, line_of(item), "a test needs `q` (the question) "
                                        "and `expect` (an entry id, a sentence id such as p3.2, "
                                        "'declined' or 'answered')",
                                        'write it as {q: "...", expect: ...}', code="test"))
                continue
            want = str(expect.value).strip()
            known = want in (DECLINED, ANSWERED) or want in entry_ids or (
                _SENTENCE_ID.match(want) and want in sentence_ids) or _elsewhere(kb, want, slug)
            if not known:
                problems.append(Problem(path, line_of(expect),
                                        f"unknown expectation '{want}' in the tests of {slug}",
                                        "an entry id of this article, a sentence id (p3.2, h1), "
                                        "another article's entry or sentence as "
                                        "<its folder>/<id>, 'declined' or 'answered'",
                                        code="test"))
                continue
            checks.append(Check(slug, str(question.value), want, path, line_of(item),
                                drafts.get(want, ()), tuple(citing.get(want, ()))))
    return checks, problems


def _elsewhere(kb: KnowledgeBase, want: str, slug: str) -> bool:
    """Whether `want` names another article's entry or sentence ("irak-.../troops-count"):
    a question about that article, asked beside this one, must go there."""
    other, _, ident = want.partition("/")
    found = kb.by_slug.get(other)
    if found is None or other == slug or not ident:
        return False
    return any(e.id == ident for e in found.entries) or (
        bool(_SENTENCE_ID.match(ident)) and any(s.id == ident for s in found.article.sentences))


def _test_items(node: yaml.Node, path: Path, problems: list[Problem]) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "tests" and isinstance(value, yaml.SequenceNode):
                return list(value.value)
    problems.append(Problem(path, line_of(node), "a tests file holds `tests:` and a list",
                            "see README, Editing the knowledge: kb test", code="test"))
    return []


def run_checks(kb: KnowledgeBase, ask: Callable[[str], Answer], checks: list[Check]
               ) -> list[Outcome]:
    """Each test asked as a reader's message is (`ask`: the bot's own answering, message
    reading included), so a test passes exactly when the bot answers that way."""
    outcomes = []
    owners = _concept_owners(kb)
    for check in checks:
        answer = ask(check.question)
        # a message asking several things: each part is one thing it got
        gots = [describe(kb, part, check.article) for part in answer.parts or (answer,)]
        if check.expect == DECLINED:
            passed = all(got == DECLINED for got in gots)
        elif check.expect == ANSWERED:
            passed = any(got != DECLINED and "/" not in got for got in gots)
        else:
            passed = check.expect in gots or not set(check.stands_for).isdisjoint(gots) or (
                not set(check.cited_by).isdisjoint(gots))
        got = next((g for g in gots if g == check.expect), None) or next(
            (f"{g} (the sentence draft {check.expect} cites)" for g in gots
             if g in check.stands_for), None) or next(
            (f"{g} (an entry citing {check.expect})" for g in gots
             if g in check.cited_by), None) or ", ".join(dict.fromkeys(gots))
        declined = [p for p in answer.parts or (answer,) if not p.answered]
        why = (why_declined(declined[0])
               if declined and not passed and check.expect != DECLINED else "")
        if not passed:
            why = "; ".join(part for part in (why, read_as(answer, owners)) if part)
        outcomes.append(Outcome(check, passed, got, why))
    return outcomes


def _concept_owners(kb: KnowledgeBase) -> dict[str, str]:
    """Concept term -> (name, the file listing it), to say where a reading comes from."""
    owners = {concept_term(name): (name, "lexicon.yaml") for name in kb.lexicon}
    for art in kb.articles:
        for name in art.aliases:
            owners.setdefault(concept_term(name), (name, f"{art.meta.slug}/aliases.yaml"))
    return {term: f"'{name}' ({where})" for term, (name, where) in owners.items()}


def read_as(answer: Answer, owners: dict[str, str]) -> str:
    """The question's words read as a concept, and which file says so ("signé" as
    'issue' of lexicon.yaml), and those read as framing it ("terms"): a failed test's
    cause an editor cannot see otherwise."""
    explanation = answer.explanation
    if explanation is None:
        return ""
    read = [f"\u00ab{word}\u00bb as {owners[term]}" for term, word in explanation.words
            if term in owners]
    read += [f"\u00ab{word}\u00bb as framing, not asked" for word in explanation.framing]
    return "read " + ", ".join(read) if read else ""


def why_declined(answer: Answer) -> str:
    """What an editor can do about a declined question, from the answer's explanation: the
    words no entry or sentence uses, else those the closest entry leaves out."""
    explanation = answer.explanation
    if explanation is None:
        return ""
    unknown = [explanation.word(t) for t in explanation.unknown]
    if unknown:
        return "no entry or sentence uses " + ", ".join(f"\u00ab{w}\u00bb" for w in unknown)
    missing = [explanation.word(t) for t in explanation.missing]
    if missing:
        return ("the closest entry leaves out "
                + ", ".join(f"\u00ab{w}\u00bb" for w in missing))
    if answer.reason == "qtype" and explanation.question_type:
        return f"no entry covering it answers {asked_for(explanation.question_type)}"
    return ""


def asked_for(qtype: str | None) -> str:
    """What a question type asks an answer to give, as an editor reads it."""
    return _ASKED.get(qtype or "", qtype or "the question")


# What a question type asks for, as an editor reads it in a failed test or a lint hint.
_ASKED = {"when": "'when' (a date or a time of day in its answer)",
          "since": "'since when / how long' (a date or a duration in its answer)",
          "count": "'how many / how much' (a number in its answer)",
          "where": "'where' (a place in its answer)",
          "why": "'why' (a cause in its answer)",
          "who": "'who' (a person or a body in its answer)"}


def describe(kb: KnowledgeBase, answer: Answer, article: str) -> str:
    """What a question got, in the terms of a test of `article`."""
    if not answer.answered:
        return DECLINED
    if answer.entry is not None:
        where, _, entry = answer.entry.partition("/")
        return entry if where == article else answer.entry
    for quote in answer.citations:  # answered from the article: which sentence
        found = kb.by_slug.get(quote.article)
        # the quote is the sentence, or ends with it when quoted with the one before
        sentence = next((s for s in found.article.sentences if quote.quote.endswith(s.text)),
                        None) if found else None
        if sentence is not None:
            return sentence.id if quote.article == article else (
                f"{quote.article}/{sentence.id}")
    return DECLINED


def as_problems(outcomes: list[Outcome]) -> list[Problem]:
    """Failed tests as lint errors at their line."""
    return [Problem(o.check.path, o.check.line, f"test {o.failure()}", _hint(o),
                    Severity.ERROR, "test-failed") for o in outcomes if not o.passed]


def _hint(outcome: Outcome) -> str:
    """What an editor can do about a failed test: a question that must be declined and was
    answered is taken by the entry or sentence it got, not missing from the one expected."""
    if outcome.check.expect == DECLINED:
        return (f"the article does not answer it, but {outcome.got} took it: reword that "
                "entry's paraphrases that ask something else, or fix the test")
    return "add paraphrases or keywords to the entry it expects, or fix the test"


def changes(outcomes: list[Outcome], memory: Path | None) -> list[str]:
    """Lines saying which tests changed since the last run remembered in `memory`."""
    if memory is None:
        return []
    try:
        before = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    lines = []
    now = {}
    for outcome in outcomes:
        key = f"{outcome.check.article}\t{outcome.check.question}"
        now[key] = {"got": outcome.got, "passed": outcome.passed}
        old = before.get(key)
        if old is not None and (old.get("got"), old.get("passed")) != (outcome.got,
                                                                       outcome.passed):
            verdict = "now passes" if outcome.passed else (
                "now fails" if old.get("passed") else "still fails")
            # the same answer judged anew: the test's expectation is what changed
            moved = (f"{old.get('got')} -> {outcome.got}" if old.get("got") != outcome.got
                     else f"still {outcome.got}, now expecting {outcome.check.expect}")
            lines.append(f"{verdict}: \u00ab{outcome.check.question}\u00bb ({moved})")
    try:
        memory.parent.mkdir(parents=True, exist_ok=True)
        memory.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
    except OSError:
        log.debug("cannot remember the test results in %s", memory, exc_info=True)
    return lines
