"""`chat`: an interactive terminal session, with live reload of the knowledge files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from bot.answers import Answer, named_articles
from bot.cli.common import StartupError, fail, service_from
from bot.frontends.terminal import render
from bot.kb.model import ArticleKnowledge
from bot.service import AnswerService

HELP = """Type a question about the article, in French or in English.
  <number>      answer suggestion or follow-up number <number> of the last answer
  /why          why the last answer was chosen
  /lang fr|en|auto  answer language (auto: the question's)
  /article SLUG|all restrict questions to one article
  /topics       the articles, most recent first
  /status       knowledge version and problems
  /quit         leave (or Ctrl-D)"""
UNKNOWN_COMMAND = "unknown command, /help lists them"
COMMANDS = ("/quit", "/exit", "/q", "/help", "/why", "/lang", "/article", "/topics", "/status")


class ChatSession:
    """The chat loop, separate from stdin/stdout so tests can drive it."""

    def __init__(self, service: AnswerService, write: Callable[[str], object],
                 article: str | None = None) -> None:
        self.service = service
        self.write = write
        self.article = article
        self.language: str | None = None
        self.last: Answer | None = None

    def banner(self) -> str:
        """The most recent articles (the others counted), entries and version."""
        kb = self.service.kb
        named, others = named_articles(kb)
        titles = "\n".join(_listed(a) for a in named)
        if others:
            titles += f"\n  ... and {others} more (/topics)"
        return (f"Articles:\n{titles}\n{len(kb.entries)} entries, knowledge version {kb.version}. "
                "Ask a question; /help for commands, Ctrl-D to quit.")

    def _topics(self) -> str:
        articles = sorted(self.service.kb.articles, key=lambda a: (a.meta.date, a.meta.slug),
                          reverse=True)
        return "\n".join(_listed(a) for a in articles)

    def handle(self, line: str) -> bool:
        """Process one input line; False when the session should end."""
        text = line.strip()
        if not text:
            return True
        command, _, value = text.partition(" ")
        value = value.strip()
        if command.startswith("/") and command not in COMMANDS:
            self.write(UNKNOWN_COMMAND)  # a mistyped command is not a question to answer
            return True
        if command in ("/quit", "/exit", "/q"):
            return False
        if command == "/help":
            self.write(HELP)
        elif command == "/why":
            self.write(self._why())
        elif command == "/lang":
            if value in ("fr", "en", "auto"):
                self.language = None if value == "auto" else value
                self.write(f"language: {value}")
            else:
                self.write("usage: /lang fr|en|auto")
        elif command == "/article":
            if value in ("all", ""):
                self.article = None
                self.write("all articles")
            elif value in self.service.kb.by_slug:
                self.article = value
                self.write(f"article: {value}")
            else:
                self.write(f"unknown article; known: {', '.join(self.service.kb.by_slug)}")
        elif command == "/topics":
            self.write(self._topics())
        elif command == "/status":
            self.write(self._status())
        elif text.isdigit() and self.last is not None:
            self._pick(int(text))
        else:
            self.last = self.service.ask(text, language=self.language, article=self.article,
                                         source="chat", context=self._context())
            self.write(render(self.last))
        return True

    def _context(self) -> str | None:
        """What the last answer was about: a follow-up ("et pourquoi ?") is read with it."""
        last = self.last
        return self.service.context_of(last) if last is not None and last.answered else None

    def _pick(self, number: int) -> None:
        assert self.last is not None
        choices = [*self.last.suggestions, *self.last.related]
        if not 1 <= number <= len(choices):
            self.write(f"no choice {number}")
            return
        choice = choices[number - 1]
        answer = self.service.answer_entry(choice.entry, self.last.language, choice.question)
        if answer is None:
            self.write("that entry is no longer in the knowledge")
            return
        self.last = answer
        self.write(render(answer))

    def _why(self) -> str:
        last = self.last
        if last is None or (last.explanation is None and not last.parts and not last.ignored):
            return "nothing to explain yet"
        parts = [f"status: {last.status} ({last.reason})"]
        if last.parts:
            for number, part in enumerate(last.parts, 1):
                parts.append(f"{number}. {part.question}")
                parts.extend(f"   {line}" for line in _explained(part)[1:])
        else:
            parts.extend(_explained(last)[1:])
        read_as = [text for kind, text in last.ignored if kind == "abbreviation"]
        aside = [f"{kind} {text}" for kind, text in last.ignored if kind != "abbreviation"]
        if aside:
            parts.append("set aside: " + ", ".join(aside))
        if read_as:
            parts.append("abbreviations: " + ", ".join(read_as))
        return "\n".join(parts)

    def _status(self) -> str:
        status = self.service.status
        lines = [f"knowledge version {self.service.kb.version}, "
                 f"{len(self.service.kb.entries)} entries"]
        if status.problems:
            lines.append("last edit refused:")
            lines.extend(f"  {p}" for p in status.problems)
        return "\n".join(lines)


def run(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    try:
        service = service_from(args)
    except StartupError as exc:
        return fail(exc)
    stdin = stdin or sys.stdin
    if hasattr(stdin, "reconfigure"):  # a line that is not UTF-8 is a question, not an end
        stdin.reconfigure(errors="replace")
    interactive = stdin.isatty()

    def write(text: str) -> None:
        # Piped, there is no prompt line between two replies: a blank line separates them.
        print(text if interactive else f"\n{text}", flush=True)

    session = ChatSession(service, write, args.article)
    print(session.banner(), flush=True)
    if service.config.reload.enabled:
        service.start_watching()
    try:
        while True:
            if interactive:
                try:
                    line = input("? ")
                except EOFError:
                    print()
                    break
            else:
                line = stdin.readline()
                if not line:
                    break
            if not session.handle(line):
                break
    except KeyboardInterrupt:
        print()
    finally:
        service.stop_watching()
        if service.question_log:
            service.question_log.close()
    return 0


def _listed(article: ArticleKnowledge) -> str:
    meta = article.meta
    return f"  - {meta.title} ({meta.date}) [{meta.slug}]"


def _explained(answer: Answer) -> list[str]:
    """Why one answer: its decision, the known question it matched, what was missing."""
    lines = [f"status: {answer.status} ({answer.reason})"]
    why = answer.explanation
    if why is None:
        return lines
    if why.paraphrase:
        lines.append(f"closest known question: {why.paraphrase} (score {why.score})")
    if why.runner_up:
        lines.append(f"runner-up: {why.runner_up.question} (score {why.runner_up_score})")
    if why.missing:
        lines.append("not covered by that entry: " + ", ".join(why.missing))
    if why.corrections:
        lines.append("read as: " + ", ".join(f"{a} -> {b}" for a, b in why.corrections))
    return lines
