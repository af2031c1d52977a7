"""What the bot can answer, by section of the article: for `/topics`, `/article` and help texts.

An entry belongs to the section (the heading) under which its first citation lies, so readers
browse the questions in the order the article tells the story.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb.model import ArticleKnowledge, Entry, KnowledgeBase


@dataclass(frozen=True, slots=True)
class TopicQuestion:
    key: str  # entry key
    question: str  # its first paraphrase in the reader's language


@dataclass(frozen=True, slots=True)
class Topic:
    """The questions of one section of one article."""

    article: str  # slug
    title: str  # article title
    section: str | None  # heading text; None before the first heading
    questions: tuple[TopicQuestion, ...]


def section_of(art: ArticleKnowledge, entry: Entry) -> tuple[int, str | None]:
    """(position of the section in the article, heading text) of the entry's first citation."""
    if not entry.citations:
        return -1, None
    block = art.article.by_id.get(entry.citations[0].block_id)
    if block is None or block.section is None:
        return -1, None
    for position, heading in enumerate(art.article.sections):
        if heading == block.section:
            return position, heading
    return -1, block.section


def topics(kb: KnowledgeBase, language: str, *, article: str | None = None) -> list[Topic]:
    """Ready entries grouped by section, sections in article order, entries in editors' order."""
    out: list[Topic] = []
    for art in kb.articles:
        if article is not None and art.meta.slug != article:
            continue
        groups: dict[tuple[int, str | None], list[TopicQuestion]] = {}
        for entry in art.entries:
            if entry.draft:
                continue
            groups.setdefault(section_of(art, entry), []).append(
                TopicQuestion(entry.key, entry.question(language)))
        for (_, section), questions in sorted(groups.items(), key=lambda item: item[0][0]):
            out.append(Topic(art.meta.slug, art.meta.title, section, tuple(questions)))
    return out


def count_questions(found: list[Topic]) -> int:
    return sum(len(t.questions) for t in found)
