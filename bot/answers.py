"""What every front-end renders: an answer or an honest refusal, in the asker's language.

Built from a MatchResult and the knowledge; holds plain data only, so the terminal, the JSON
lines and Discord all show the same thing.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.kb.article import ELLIPSIS, Block, match_key
from bot.kb.model import ArticleKnowledge, Citation, Entry, KnowledgeBase
from bot.matching.analyze import framing
from bot.matching.matcher import Candidate, MatchResult, Passage, Status
from bot.matching.normalize import fold

_NON_WORD = re.compile(r"[\W_]+")

# A reply that names the articles (off topic, a greeting) names at most this many, the most
# relevant, and counts the others: it stays short whatever the size of the archive.
MAX_NAMED_ARTICLES = 3
MAX_TITLE_CHARS = 100  # a longer title is cut, with "…"

# For a question's terms, how many of them each article uses (slug -> count; 0 may be left out).
Relevance = Callable[[Sequence[str]], Mapping[str, int]]

MESSAGES: dict[str, dict[str, str]] = {
    "from_article": {
        "fr": "D'après l'article : \u00ab\u00a0{quote}\u00a0\u00bb",
        "en": "The article says (in French): \u00ab\u00a0{quote}\u00a0\u00bb",
    },
    "not_in_article": {
        "fr": "L'article ne le dit pas.",
        "en": "The article does not say.",
    },
    "vague": {
        "fr": "Je ne vois pas de quoi parle la question : précisez le sujet (une personne, un "
              "lieu, un événement).",
        "en": "I can't tell what the question is about: say which person, place or event you "
              "mean.",
    },
    "set_aside": {
        "fr": "Trois questions au plus par message ; posez à part : {questions}",
        "en": "Three questions at most per message; ask separately: {questions}",
    },
    "closest": {
        "fr": "Le passage le plus proche :",
        "en": "The closest passage (in French):",
    },
    "off_topic": {
        "fr": "Je ne réponds qu'aux questions sur {articles}.",
        "en": "I only answer questions about {articles}.",
    },
    "greeting": {
        "fr": "Bonjour ! Posez-moi une question sur {articles}, par exemple : {example}",
        "en": "Hello! Ask me a question about {articles}, for example: {example}",
    },
    "thanks": {
        "fr": "Avec plaisir ! Une autre question sur {articles} ?",
        "en": "You're welcome! Any other question about {articles}?",
    },
    # the pieces of {articles}: one article, or several named and the others counted
    "one_article": {
        "fr": "l'article {named}",
        "en": "the article {named}",
    },
    "articles": {
        "fr": "les articles {named}",
        "en": "the articles {named}",
    },
    "named": {
        "fr": "« {title} » ({date})",
        "en": '"{title}" ({date})',
    },
    "and": {
        "fr": " et ",
        "en": " and ",
    },
    "more": {
        "fr": "{count} autres (/topics)",
        "en": "{count} more (/topics)",
    },
    "no-content": {
        "fr": "Je n'ai pas compris la question. Précisez ce que vous voulez savoir, "
              "par exemple : {example}",
        "en": "I did not understand the question. Say what you want to know, "
              "for example: {example}",
    },
    "ambiguous": {
        "fr": "Votre question peut viser plusieurs choses. Vouliez-vous dire :",
        "en": "Your question could mean several things. Did you mean:",
    },
    "empty": {
        "fr": "La question est vide : écrivez ce que vous voulez savoir sur l'article.",
        "en": "The question is empty: write what you want to know about the article.",
    },
    "too-long": {
        "fr": "La question est trop longue ({length} caractères, maximum {limit}). "
              "Raccourcissez-la.",
        "en": "The question is too long ({length} characters, at most {limit}). "
              "Please shorten it.",
    },
}


def unquoted(text: str) -> str:
    """A quote wholly in guillemets of its own ("« Les Heures basses »") without them: inside
    the bot's « » it would read «« Les Heures basses » »."""
    stripped = text.strip()
    if (stripped[:1] == "\u00ab" and stripped[-1:] == "\u00bb"
            and stripped.count("\u00ab") == 1 and stripped.count("\u00bb") == 1):
        return stripped[1:-1].strip(" \u00a0\u202f")
    return text


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim citation, with where it is and which article it is from."""

    quote: str
    paragraph: int | None
    block: str
    article: str
    title: str
    date: str
    # The quote starts inside a sentence of the article: shown after "[…]".
    cut_before: bool = False

    def to_json(self) -> dict[str, object]:
        return {"quote": self.quote, "paragraph": self.paragraph, "block": self.block,
                "article": self.article, "title": self.title, "date": self.date}


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry: str  # entry key
    question: str  # its paraphrase in the asker's language
    # Its article ('« T » (2024-11)'), when the suggestions offered together are of several:
    # two articles may be asked the same question ("Combien de soldats en Irak ?").
    article: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"entry": self.entry, "question": self.question}
        if self.article:
            out["article"] = self.article
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why this answer: for the "why?" button and for editors."""

    paraphrase: str | None
    score: float | None
    coverage: float | None
    runner_up: Suggestion | None
    runner_up_score: float | None
    missing: tuple[str, ...]
    corrections: tuple[tuple[str, str], ...]
    question_type: str | None
    # The question's terms with the word the reader wrote for each ("francais": "français").
    words: tuple[tuple[str, str], ...] = ()
    # Terms read only through a typo correction ("demain" read as "detain"): not what the
    # reader wrote, so they say nothing of whether the question is about the article.
    guessed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # terms the knowledge never uses ("meteo")
    # Words read as framing the question, not as asked ("article", "mentioned", "terms"):
    # an editor whose test fails may find there the word the bot did not read.
    framing: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for term, _ in self.words)

    def word(self, term: str) -> str:
        """The reader's own word for a term, else the term itself."""
        return next((word for t, word in self.words if t == term), term.lstrip("@"))

    def to_json(self) -> dict[str, object]:
        return {
            "paraphrase": self.paraphrase, "score": self.score, "coverage": self.coverage,
            "runner_up": self.runner_up.to_json() if self.runner_up else None,
            "runner_up_score": self.runner_up_score, "missing": list(self.missing),
            "corrections": [list(c) for c in self.corrections], "question_type": self.question_type,
            "words": dict(self.words), "guessed": list(self.guessed),
            "unknown": list(self.unknown), "framing": list(self.framing),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    language: str
    status: Status
    reason: str
    text: str
    citations: tuple[Quote, ...] = ()
    closest: Quote | None = None  # for "not in the article": the nearest passage
    score: float | None = None
    entry: str | None = None
    suggestions: tuple[Suggestion, ...] = ()  # "did you mean" candidates
    related: tuple[Suggestion, ...] = ()  # follow-up questions
    explanation: Explanation | None = None
    kb_version: str = ""
    articles: tuple[str, ...] = field(default=())  # slugs of the articles it cites
    # What the reader set aside in the message: (kind, text), e.g. ("mention", "<@123>").
    ignored: tuple[tuple[str, str], ...] = ()
    # A message asking several things: one answer per question, in order (see several()).
    parts: tuple[Answer, ...] = ()

    @property
    def answered(self) -> bool:
        return self.status is Status.ANSWERED

    def to_json(self) -> dict[str, object]:
        return {
            "answered": self.answered,
            "answer": self.text if self.answered else None,
            "message": None if self.answered else self.text,
            "citations": [c.to_json() for c in self.citations],
            "status": str(self.status),
            "reason": self.reason,
            "score": self.score,
            "entry": self.entry,
            "language": self.language,
            "suggestions": [s.to_json() for s in self.suggestions],
            "related": [s.to_json() for s in self.related],
            "closest": self.closest.to_json() if self.closest else None,
            "explanation": self.explanation.to_json() if self.explanation else None,
            "kb_version": self.kb_version,
            "ignored": [{"kind": kind, "text": text} for kind, text in self.ignored],
            "parts": [part.to_json() for part in self.parts],
        }


def quote_of(kb: KnowledgeBase, citation: Citation, article: str) -> Quote:
    art = kb.by_slug[article]
    meta = art.meta
    return Quote(citation.quote, citation.paragraph, citation.block_id, article, meta.title,
                 meta.date, cut_before=_starts_inside(art.article.by_id.get(citation.block_id),
                                                      citation))


def _starts_inside(block: Block | None, citation: Citation) -> bool:
    """Whether a citation starts inside its first sentence rather than at its beginning."""
    if block is None or not citation.sentence_ids:
        return False
    sentence = next((s for s in block.sentences if s.id == citation.sentence_ids[0]), None)
    return sentence is not None and _starts_after(sentence.text, citation.quote)


@lru_cache(maxsize=8192)
def _starts_after(sentence: str, quote: str) -> bool:
    """Cached: every answer of an entry asks it again for the same citations."""
    first = ELLIPSIS.split(quote)[0]
    return bool(first.strip()) and not match_key(sentence)[0].startswith(match_key(first)[0])


def passage_quote(kb: KnowledgeBase, passage: Passage, *, with_previous: bool = False
                  ) -> Quote:
    """The passage's sentence, quoted; `with_previous`: with the sentence before it in its
    paragraph, for a sentence that speaks of what that one names ("Elle réclame...")."""
    meta = kb.by_slug[passage.article].meta
    block = kb.by_slug[passage.article].article.by_id[passage.sentence.block_id]
    paragraph = block.number if block.kind == "paragraph" else None
    text = passage.sentence.text
    if with_previous:
        ids = [s.id for s in block.sentences]
        at = ids.index(passage.sentence.id) if passage.sentence.id in ids else 0
        if at > 0:
            text = f"{block.sentences[at - 1].text} {text}"
    return Quote(text, paragraph, block.id, passage.article, meta.title, meta.date)


def entry_answer(kb: KnowledgeBase, entry: Entry, question: str, language: str,
                 explanation: Explanation | None = None, score: float | None = None) -> Answer:
    """The answer of one entry: used for matches and for "did you mean" clicks."""
    text, _ = entry.answer(language)
    return Answer(
        question=question, language=language, status=Status.ANSWERED, reason="matched",
        text=text, citations=tuple(quote_of(kb, c, entry.article) for c in entry.citations),
        score=score, entry=entry.key, related=_suggest(kb, entry.related, language),
        explanation=explanation, kb_version=kb.version, articles=(entry.article,),
    )


def build_answer(kb: KnowledgeBase, question: str, result: MatchResult, language: str,
                 *, max_question_chars: int = 0, article: str | None = None,
                 relevance: Relevance | None = None) -> Answer:
    """Turn a match decision into what the user reads.

    `article`: the one article the question was asked of, if any. `relevance`: which
    articles use the question's terms, to name those in a reply that names articles (else
    the most recent are named)."""
    explanation = _explain(result, question)
    best = result.best
    if result.from_article and result.passage is not None and result.sentence is not None:
        # No editor wrote this answer: the article's own sentence, quoted verbatim (with the
        # one before when it opens with "Elle", "Ces militaires"... and is read with it).
        quote = passage_quote(kb, result.passage,
                              with_previous=bool(result.sentence.item.inherited))
        return Answer(
            question=question, language=language, status=Status.ANSWERED,
            reason=result.reason,
            text=MESSAGES["from_article"][language].format(quote=unquoted(quote.quote)),
            citations=(quote,), score=result.sentence.coverage, explanation=explanation,
            kb_version=kb.version, articles=(result.passage.article,))
    if result.status is Status.ANSWERED and best is not None:
        return entry_answer(kb, best.entry, question, language, explanation, best.score)
    closest = passage_quote(kb, result.passage) if result.passage else None
    suggestions: tuple[Suggestion, ...] = ()
    if result.status is Status.AMBIGUOUS:
        text = MESSAGES["ambiguous"][language]
        suggestions = _offered(kb, [c.entry for c in result.candidates], language)
    elif result.status is Status.NOT_IN_ARTICLE and result.reason == "vague":
        # one word that only says what kind of fact is asked, among several articles
        text = MESSAGES["vague"][language]
    elif result.status is Status.NOT_IN_ARTICLE:
        text = MESSAGES["not_in_article"][language]
        # questions of the article the closest passage is from: another article's entries
        # would only be the least bad of what it has
        near = result.passage.article if result.passage else None
        suggestions = _offered(kb, [c.entry for c in result.candidates
                                    if c.entry.article == near][:3], language)
    elif result.status is Status.OFF_TOPIC:
        key = {"greeting": "greeting", "small-talk": "greeting", "thanks": "thanks",
               "no-content": "no-content"}.get(result.reason, "off_topic")
        terms = result.analysis.terms if result.analysis else ()
        named, others = named_articles(kb, terms, relevance, article)
        text = MESSAGES[key][language].format(
            articles=_articles_text(named, others, language),
            example=_example(kb, named, language))
    else:
        text = MESSAGES[result.reason][language].format(length=len(question),
                                                         limit=max_question_chars)
    return Answer(
        question=question, language=language, status=result.status, reason=result.reason,
        text=text, closest=closest if result.status is Status.NOT_IN_ARTICLE else None,
        score=best.score if best else None, suggestions=suggestions, explanation=explanation,
        kb_version=kb.version,
    )


def named_articles(kb: KnowledgeBase, terms: Sequence[str] = (),
                   relevance: Relevance | None = None, article: str | None = None
                   ) -> tuple[list[ArticleKnowledge], int]:
    """The articles a reply names, at most MAX_NAMED_ARTICLES, and how many others there are.

    The most relevant come first: those using the most of the question's terms, then the
    most recent (by their meta date). Only the article asked of, when one was; retired
    articles are not offered.
    """
    if article is not None and article in kb.by_slug:
        return [kb.by_slug[article]], 0
    offered = kb.offered
    shared = relevance(terms) if relevance is not None and terms else {}
    # The most recent, and those using the question's terms: no other can be named.
    everyone = len(offered) == len(kb.articles)
    pool = {a.meta.slug: a for a in offered[:MAX_NAMED_ARTICLES]}
    for slug in shared:
        found = kb.by_slug.get(slug)
        if found is not None and (everyone or not found.meta.retired):
            pool[slug] = found
    named = heapq.nlargest(MAX_NAMED_ARTICLES, pool.values(), key=lambda a: (
        shared.get(a.meta.slug, 0), a.meta.date, a.meta.slug))
    return named, len(offered) - len(named)


def _articles_text(named: list[ArticleKnowledge], others: int, language: str) -> str:
    """'l'article « T » (2024-11)', or 'les articles « A » (…), « B » (…) et 12 autres'."""
    if not named:
        return MESSAGES["one_article"][language].format(named="?")
    items = [MESSAGES["named"][language].format(title=_cut(a.meta.title, MAX_TITLE_CHARS),
                                                date=a.meta.date) for a in named]
    if others:
        items.append(MESSAGES["more"][language].format(count=others))
    if len(items) == 1:
        return MESSAGES["one_article"][language].format(named=items[0])
    listed = ", ".join(items[:-1]) + MESSAGES["and"][language] + items[-1]
    return MESSAGES["articles"][language].format(named=listed)


def _example(kb: KnowledgeBase, named: list[ArticleKnowledge], language: str) -> str:
    """A question to ask: of the first article named, else of any article."""
    first = named[0].entries if named else ()
    return next((e.question(language) for e in itertools.chain(first, kb.entries)
                 if not e.draft), "")


def _offered(kb: KnowledgeBase, entries: Sequence[Entry], language: str
             ) -> tuple[Suggestion, ...]:
    """Suggestions of these entries, each naming its article when they are of several."""
    several = len({e.article for e in entries}) > 1

    def article(slug: str) -> str:
        meta = kb.by_slug[slug].meta
        return MESSAGES["named"][language].format(title=_cut(meta.title, MAX_TITLE_CHARS),
                                                  date=meta.date) if several else ""
    return tuple(Suggestion(e.key, e.question(language), article(e.article)) for e in entries)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _suggest(kb: KnowledgeBase, keys: tuple[str, ...], language: str) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(k, kb.by_key[k].question(language)) for k in keys if k in kb.by_key
                 and not kb.by_key[k].draft)


def _explain(result: MatchResult, question: str) -> Explanation | None:
    analysis = result.analysis
    if analysis is None:
        return None
    best: Candidate | None = result.best
    runner = result.candidates[1] if len(result.candidates) > 1 else None
    read = analysis.folded.split()
    # The reader's own spelling of each folded word ("francais" -> "français").
    typed = {fold(word): word for word in _words(question)}
    corrected = {fixed: typo for typo, fixed in analysis.corrections if " " not in fixed}
    positions: dict[str, list[str]] = {}
    widths = dict(analysis.widths)
    for position, term in analysis.placed:
        # the reader's words for it, all of them for a phrase ("en premier", not "en")
        said = " ".join(read[position:position + widths.get(position, 1)])
        positions.setdefault(term, []).append(said)
    words = tuple((term, typed.get(found[0]) or typed.get(corrected.get(found[0], ""))
                   or found[0] or term) for term, found in positions.items())
    guessed = tuple(term for term, found in positions.items()
                    if all(word in corrected and word not in typed for word in found))
    placed = {at + k for at, _ in analysis.placed for k in range(widths.get(at, 1))}
    framed = tuple(dict.fromkeys(typed.get(word, word) for at, word in enumerate(read)
                                 if at not in placed and framing(word)))
    return Explanation(
        paraphrase=best.paraphrase if best else None,
        score=best.score if best else None,
        coverage=best.coverage if best else None,
        runner_up=Suggestion(runner.entry.key, runner.paraphrase) if runner else None,
        runner_up_score=runner.score if runner else None,
        missing=result.missing,
        corrections=analysis.corrections,
        question_type=analysis.qtype,
        words=words,
        guessed=guessed,
        unknown=tuple(term for term in analysis.terms if term in analysis.unknown),
        framing=framed,
    )


def _words(text: str) -> list[str]:
    """The words of a text as typed, split where folding splits them."""
    return [w for w in _NON_WORD.split(text) if w]


# Reasons of an answer that is an article sentence itself, quoted whole as the answer.
FROM_SENTENCE = frozenset({"from-article", "quoted"})


def set_aside_note(answer: Answer) -> str | None:
    """What a reply must say of the questions a message asked beyond the ones answered
    (`ignored` of kind "question"): none is dropped without a word."""
    asked = [text for kind, text in answer.ignored if kind == "question"]
    if not asked:
        return None
    language = answer.language if answer.language in MESSAGES["set_aside"] else "en"
    quoted = [f"\u00ab {q} \u00bb" if language == "fr" else f"\u201c{q}\u201d" for q in asked]
    return MESSAGES["set_aside"][language].format(questions=" ".join(quoted))


def several(question: str, parts: tuple[Answer, ...], language: str, kb_version: str,
            ignored: tuple[tuple[str, str], ...] = ()) -> Answer:
    """One answer to a message asking several things, each part answered on its own.

    It keeps the contract of a single answer for those who read only the top level: it is
    answered when any part is, its text gives every answered part (after its question) and
    its citations are theirs. The parts say which question the article does not cover.
    """
    answered = tuple(p for p in parts if p.answered)
    shown = answered or parts
    text = "\n".join(f"{p.question} — {p.text}" for p in shown)
    if answered:
        status, closest = Status.ANSWERED, None
    else:
        status = next((s for s in (Status.NOT_IN_ARTICLE, Status.AMBIGUOUS)
                       if any(p.status is s for p in parts)), parts[0].status)
        closest = next((p.closest for p in parts if p.closest is not None), None)
    scores = [p.score for p in answered if p.score is not None]
    citations = tuple(dict.fromkeys(c for p in answered for c in p.citations))
    done = {p.entry for p in answered}
    suggestions = tuple(dict.fromkeys(s for p in parts if not p.answered
                                      for s in p.suggestions))[:5]
    related = tuple(dict.fromkeys(s for p in answered for s in p.related
                                  if s.entry not in done))[:5]
    return Answer(
        question=question, language=language, status=status, reason="several", text=text,
        citations=citations, closest=closest, score=min(scores) if scores else None,
        suggestions=suggestions, related=related, kb_version=kb_version,
        articles=tuple(dict.fromkeys(a for p in answered for a in p.articles)),
        ignored=ignored, parts=parts)
