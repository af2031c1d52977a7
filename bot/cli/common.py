"""Start-up shared by the commands: config, question log, answering service, clear errors."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from bot.config import SALT_ENV, Config, load_config
from bot.kb.problems import KnowledgeError, Severity
from bot.qlog import QuestionLog
from bot.service import AnswerService

log = logging.getLogger(__name__)


class StartupError(Exception):
    """A problem the user must fix before the command can run; printed without traceback."""


def config_from(args: argparse.Namespace) -> Config:
    """The config; its problems are listed as the config's (KnowledgeError's own message
    would call them problems "in the knowledge files")."""
    try:
        config = load_config(args.config)
    except KnowledgeError as exc:
        errors = [p for p in exc.problems if p.severity is Severity.ERROR]
        raise StartupError("invalid config:" + "".join(f"\n  {p}" for p in errors)) from exc
    knowledge = getattr(args, "knowledge", None)  # `ask --knowledge DIR`, as the kb commands
    if knowledge:
        config = replace(config, knowledge_dir=Path(knowledge))
    log.info("config: %s; knowledge: %s; index cache: %s; question log: %s",
             config.source or "none (the defaults)", config.knowledge_dir,
             config.cache_dir or "none",
             "off (--no-log)" if getattr(args, "no_log", False) else (
                 config.question_log.path or "none"))
    return config


def question_log(config: Config, args: argparse.Namespace) -> QuestionLog | None:
    settings = config.question_log
    if getattr(args, "no_log", False) or settings.path is None:
        return None
    return QuestionLog(settings.path, max_bytes=settings.max_bytes, backups=settings.backups,
                       salt=os.environ.get(SALT_ENV),
                       max_question_chars=config.matching.max_question_chars)


def service_from(args: argparse.Namespace, config: Config | None = None, *,
                 freeze: bool = False) -> AnswerService:
    """The answering service of a command; `freeze` for one that exits right after."""
    config = config or config_from(args)
    try:
        return AnswerService(config, question_log=question_log(config, args), freeze=freeze)
    except KnowledgeError as exc:
        raise StartupError(f"cannot load the knowledge in {config.knowledge_dir}: {exc}\n"
                           f"{where_knowledge_is_read(config, args)}"
                           f"Run `python -m bot validate {config.knowledge_dir}` for details."
                           ) from exc


def where_knowledge_is_read(config: Config, args: argparse.Namespace) -> str:
    """A line saying where a knowledge folder that does not exist was named, when it came
    from the config file: a relative `knowledge_dir` is read from the config's folder, not
    from the one the command runs in. Empty otherwise."""
    if config.knowledge_dir.is_dir() or config.source is None or getattr(
            args, "knowledge", None) or getattr(args, "knowledge_dir", None):
        return ""
    return (f"The folder is the config's `knowledge_dir` ({config.source}), "
            f"read as {config.knowledge_dir.resolve()}: a relative path is read from the "
            "config file's folder.\n")


def fail(error: Exception) -> int:
    sys.stderr.write(f"error: {error}\n")
    return 1
