"""Typed settings: a YAML file for everything, the environment for secrets.

Every setting has a default, so the bot runs without a config file; a config file with a
mistake fails with its file and line, never with a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.kb.problems import KnowledgeError, Problem
from bot.matching.matcher import MatchSettings

if TYPE_CHECKING:
    import yaml

    from bot.kb.yamlsrc import NodeReader

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
TOKEN_ENV = "DISCORD_TOKEN"
SALT_ENV = "BOT_LOG_SALT"
CONFIG_ENV = "BOT_CONFIG"


class Secret:
    """A secret string that never shows itself in reprs, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Cooldown:
    rate: int = 5  # questions ...
    per: float = 30.0  # ... per this many seconds, per user


@dataclass(frozen=True)
class DiscordSettings:
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"
    dev_guild_ids: tuple[int, ...] = ()
    answer_channels: tuple[int, ...] = ()  # empty: every channel the bot can see
    admin_role_ids: tuple[int, ...] = ()
    cooldown: Cooldown = field(default_factory=Cooldown)
    shard_id: int | None = None
    shard_count: int | None = None
    guild_ready_timeout: float = 2.0
    # Seconds to keep retrying an unreachable gateway at start-up before exiting 1; None:
    # retry for ever (later disconnects are always retried).
    connect_timeout: float | None = 300.0


@dataclass(frozen=True)
class QuestionLogSettings:
    path: Path | None = Path("var/questions.jsonl")  # None: no log
    max_bytes: int = 5_000_000
    backups: int = 3


@dataclass(frozen=True)
class ReloadSettings:
    enabled: bool = True
    interval: float = 0.5  # seconds between checks of the knowledge files
    # Refuse an edit that drops more than half of an article's ready entries at once (a
    # truncated save, a bad merge); false lets such edits through.
    refuse_large_removals: bool = True


@dataclass(frozen=True)
class LintSettings:
    margin: float = 0.05  # a paraphrase must beat the runner-up entry by this much


def default_cache_dir() -> Path | None:
    """Where the built index is kept between runs ($XDG_CACHE_HOME or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory: run without a cache
            return None
    return Path(base) / "article-bot"


@dataclass(frozen=True)
class Config:
    knowledge_dir: Path = PACKAGE_ROOT / "knowledge"
    default_language: str = "fr"
    matching: MatchSettings = field(default_factory=MatchSettings)
    question_log: QuestionLogSettings = field(default_factory=QuestionLogSettings)
    reload: ReloadSettings = field(default_factory=ReloadSettings)
    lint: LintSettings = field(default_factory=LintSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no index cache
    source: Path | None = None  # the file it was read from

    @property
    def token(self) -> Secret | None:
        value = os.environ.get(TOKEN_ENV, "").strip()
        return Secret(value) if value else None


def default_knowledge_dir() -> Path:
    """./knowledge when there is one, else the knowledge shipped beside the package."""
    local = Path.cwd() / "knowledge"
    return local if local.is_dir() else PACKAGE_ROOT / "knowledge"


def load_config(path: Path | None = None) -> Config:
    """Read the config file (or $BOT_CONFIG, or ./config.yaml if present); defaults otherwise."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        path = Path(env) if env else (Path("config.yaml") if Path("config.yaml").is_file()
                                      else None)
    if path is None:
        return Config(knowledge_dir=default_knowledge_dir())
    import yaml  # only when there is a file to read

    from bot.kb.yamlsrc import NodeReader, compose_text, read_file

    problems: list[Problem] = []
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        raise KnowledgeError([Problem(path, None, f"config file {what}",
                                      "give the path of a YAML config file (see "
                                      "config.example.yaml), or no --config for the defaults",
                                      code="missing-file")])
    text = read_file(path, problems)
    node = compose_text(text, path, problems) if text is not None else None
    config = Config(knowledge_dir=default_knowledge_dir(), source=path)
    if node is not None and not (isinstance(node, yaml.ScalarNode) and node.value == ""):
        config = _read(NodeReader(path, problems), node, config, "config")
    if problems:
        raise KnowledgeError(problems)
    if config.knowledge_dir != default_knowledge_dir() and not config.knowledge_dir.is_absolute():
        config = replace(config, knowledge_dir=(path.parent / config.knowledge_dir))
    if config.question_log.path and not config.question_log.path.is_absolute():
        log = replace(config.question_log, path=path.parent / config.question_log.path)
        config = replace(config, question_log=log)
    if config.cache_dir is not None and not config.cache_dir.is_absolute():
        # as every path of the file: from its folder, not from where the command runs
        config = replace(config, cache_dir=path.parent / config.cache_dir)
    return config


def _read(reader: NodeReader, node: yaml.Node, current: Any, where: str) -> Any:
    """Overlay a YAML mapping onto a settings dataclass, checking names and types."""
    mapping = reader.mapping(node, where)
    if mapping is None:
        return current
    known = {f.name: f for f in fields(current) if f.name != "source"}
    reader.keys(mapping, node, where, (), known)
    changes = {}
    for name, (_, value) in mapping.items():
        if name not in known:
            continue
        old = getattr(current, name)
        label = f"{where}.{name}"
        if hasattr(old, "__dataclass_fields__"):
            changes[name] = _read(reader, value, old, label)
            continue
        parsed = _scalar(reader, value, known[name].type, label)
        if parsed is not _INVALID and _in_range(reader, value, parsed, label):
            changes[name] = parsed
    return replace(current, **changes)


# Shares and scores the matcher compares with others of 0 to 1: a threshold past 1 turns
# every answer into a decline without a word (`min_score: 1.5`).
_SHARES = frozenset({
    "min_score", "min_similarity", "min_coverage", "min_term_credit", "answer_credit",
    "cite_credit", "context_credit", "ambiguity_margin", "vouched_coverage", "worded_coverage",
    "worded_similarity", "margin"})
# Counts that must be at least 1 (the others at least 0).
_AT_LEAST_ONE = frozenset({
    "max_question_chars", "max_candidates", "worded_terms", "worded_paraphrases",
    "shard_count", "max_bytes"})  # not the cooldown's rate: 0 is "no cooldown"


def _in_range(reader: NodeReader, node: yaml.Node, value: Any, label: str) -> bool:
    """Whether a number setting is within what it can mean; reported at its line if not."""
    from bot.kb.yamlsrc import line_of

    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    name = label.rsplit(".", 1)[-1]
    low, high = (0.0, 1.0) if name in _SHARES else (1, None) if name in _AT_LEAST_ONE else (
        0, None)
    if value < low or (high is not None and value > high):
        bounds = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        reader.report(line_of(node), f"{label} should be {bounds}, found {value:g}",
                      code="invalid")
        return False
    return True


_INVALID = object()


def _scalar(reader: NodeReader, node: yaml.Node, annotation: Any, label: str) -> Any:
    """Convert one YAML value to the annotated type ("int", "tuple[int, ...]", "Path | None")."""
    from bot.kb.yamlsrc import describe, line_of

    kind = str(annotation)
    value = _construct(node)
    optional = "None" in kind
    if value is None and optional:
        return None
    try:
        if kind.startswith("tuple[int"):
            if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                      for v in value):
                raise TypeError
            return tuple(value)
        if kind.startswith("bool"):
            if not isinstance(value, bool):
                raise TypeError
            return value
        if kind.startswith("int"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError
            return value
        if kind.startswith("float"):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError
            return float(value)
        if kind.startswith("Path"):
            if not isinstance(value, str) or not value:
                raise TypeError
            return Path(value)
        if kind.startswith("str"):
            if not isinstance(value, str):
                raise TypeError
            if label.endswith("default_language") and value not in ("fr", "en"):
                reader.report(line_of(node), f"{label}: '{value}' should be fr or en",
                              code="invalid")
                return _INVALID
            return value
    except TypeError:
        reader.report(line_of(node), f"{label} should be {_expected(kind)}, "
                                     f"found {describe(node)}", code="wrong-type")
        return _INVALID
    return value


def _construct(node: yaml.Node) -> Any:
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _expected(kind: str) -> str:
    for prefix, text in (("tuple[int", "a list of ids (numbers)"), ("bool", "true or false"),
                         ("int", "a whole number"), ("float", "a number"), ("Path", "a path"),
                         ("str", "text")):
        if kind.startswith(prefix):
            return text + (" or null" if "None" in kind else "")
    return kind
