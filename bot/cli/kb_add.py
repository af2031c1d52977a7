"""`kb add`: a new entry from flags, or from a prompt that finds the quote by fuzzy search."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bot.cli.common import StartupError, fail
from bot.cli.kb_common import knowledge_root, refused
from bot.editing.add import (
    NewEntry,
    add_entry,
    load_for_editing,
    pick_article,
    search_sentences,
    suggest_id,
)
from bot.editing.files import EditRefused
from bot.editing.scaffold import unique_quote
from bot.editing.yamltext import EntryText, render_entry
from bot.kb.model import ArticleKnowledge, KnowledgeBase

Ask = Callable[[str], str]
Write = Callable[[str], object]


class Aborted(Exception):
    """The editor left the prompt (end of input, or answered no)."""


def run(args: argparse.Namespace) -> int:
    try:
        root, _ = knowledge_root(args)
    except StartupError as exc:
        return fail(exc)
    flags = (args.question_fr or args.question_en or args.answer_fr or args.answer_en
             or args.quote or args.sentence)
    try:
        if flags:
            new = NewEntry(
                article=args.article, id=args.id,
                questions={k: v for k, v in (("fr", args.question_fr), ("en", args.question_en))
                           if v},
                answers={k: v for k, v in (("fr", args.answer_fr), ("en", args.answer_en)) if v},
                quotes=args.quote, sentences=args.sentence, related=args.related,
                file=args.file)
        else:
            new = Prompt(load_for_editing(root), _ask, _write).entry(args)
        result = add_entry(root, new)
    except EditRefused as exc:
        return refused(exc)
    except Aborted:
        sys.stdout.write("Nothing added.\n")
        return 1
    sys.stdout.write(f"Added {result.key} at {result.path}:{result.line}.\n")
    if result.drafts:
        sys.stdout.write(f"Draft entr{'ies' if len(result.drafts) > 1 else 'y'} citing the "
                         f"same sentence: {', '.join(result.drafts)}; complete or delete "
                         f"{'them' if len(result.drafts) > 1 else 'it'}.\n")
    sys.stdout.write("A running bot serves it within 2 seconds; `python -m bot kb lint` "
                     "checks that its questions find it.\n")
    return 0


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise Aborted from None


def _write(text: str) -> None:
    print(text, flush=True)


class Prompt:
    """The interactive questions; `ask` and `write` are injectable for tests."""

    def __init__(self, kb: KnowledgeBase, ask: Ask, write: Write) -> None:
        self.kb = kb
        self.ask = ask
        self.write = write

    def entry(self, args: argparse.Namespace) -> NewEntry:
        art = self._article(args.article)
        self.write(f"New entry for \u00ab{art.meta.title}\u00bb ({art.meta.slug}).")
        questions = {"fr": self._lines("Questions in French, one per line (empty line: done)"),
                     "en": self._lines("Questions in English, one per line (empty line: done)")}
        questions = {k: v for k, v in questions.items() if v}
        if not questions:
            raise EditRefused("the entry needs at least one question")
        answers = {lang: text for lang, label in (("fr", "French"), ("en", "English"))
                   if (text := self.ask(f"Answer in {label}: ").strip())}
        first = next(iter(questions.values()))[0]
        quotes = self._quotes(art, first)
        draft = NewEntry(article=art.meta.slug, questions=questions, answers=answers,
                         quotes=quotes, related=args.related, file=args.file)
        suggested = args.id or suggest_id(art, draft)
        ident = self.ask(f"Entry id [{suggested}]: ").strip() or suggested
        preview = render_entry(EntryText(ident, questions, answers, quotes, args.related))
        self.write(preview.rstrip())
        if self.ask("Add this entry? [Y/n] ").strip().lower() not in ("", "y", "yes", "o",
                                                                       "oui"):
            raise Aborted
        return NewEntry(article=art.meta.slug, id=ident, questions=questions,
                        answers=answers, quotes=quotes, related=args.related, file=args.file)

    def _article(self, slug: str | None) -> ArticleKnowledge:
        if slug is not None or len(self.kb.articles) == 1:
            return pick_article(self.kb, slug)
        for number, art in enumerate(self.kb.articles, 1):
            self.write(f"  {number}. {art.meta.title} ({art.meta.date}) [{art.meta.slug}]")
        while True:
            choice = self.ask("Article number: ").strip()
            if choice.isdigit() and 1 <= int(choice) <= len(self.kb.articles):
                return self.kb.articles[int(choice) - 1]
            if choice in self.kb.by_slug:
                return self.kb.by_slug[choice]

    def _lines(self, label: str) -> list[str]:
        self.write(label + ":")
        out = []
        while line := self.ask("  > ").strip():
            out.append(line)
        return out

    def _quotes(self, art: ArticleKnowledge, question: str) -> list[str]:
        """Fuzzy-search the article's sentences; pick by number, or quote exact words."""
        query = self.ask("Words to find the passage to quote [Enter: the question]: ").strip()
        query = query or question
        while True:
            hits = search_sentences(art.article, query)
            for number, (sentence, score) in enumerate(hits, 1):
                text = sentence.text if len(sentence.text) <= 150 else (
                    sentence.text[:149] + "\u2026")
                self.write(f"  {number}. {sentence.id} ({score:.0f}%) \u00ab{text}\u00bb")
            choice = self.ask("Number(s) to cite (e.g. 1 or 1,3), '=exact words' to quote "
                              "part of a sentence, or other words to search: ").strip()
            if choice.startswith("="):
                return [choice[1:].strip()]
            numbers = [c.strip() for c in choice.split(",")]
            if choice and all(n.isdigit() and 1 <= int(n) <= len(hits) for n in numbers):
                return [unique_quote(art.article, hits[int(n) - 1][0]) or hits[int(n) - 1][0].text
                        for n in numbers]
            query = choice or query
