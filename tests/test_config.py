"""config.example.yaml documents every setting, with the defaults."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from bot.config import Config, load_config
from tests.conftest import ROOT

EXAMPLE = ROOT / "config.example.yaml"


def setting_names(obj: object, prefix: str = "") -> set[str]:
    names = set()
    for field in fields(obj):  # type: ignore[arg-type]
        if field.name == "source":
            continue
        value = getattr(obj, field.name)
        names.add(prefix + field.name)
        if is_dataclass(value):
            names |= setting_names(value, f"{prefix}{field.name}.")
    return names


def test_example_mentions_every_setting() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for name in setting_names(Config()):
        assert f"{name.rsplit('.', 1)[-1]}:" in text, f"{name} is not documented"


def test_example_values_are_the_defaults() -> None:
    example, default = load_config(EXAMPLE), Config()
    assert example.matching == default.matching
    assert example.discord == default.discord
    assert example.reload == default.reload
    assert example.lint == default.lint
    assert example.default_language == default.default_language
    assert example.question_log.max_bytes == default.question_log.max_bytes


def test_relative_paths_are_read_from_the_config_files_folder(tmp_path) -> None:
    """As config.example.yaml says: the knowledge, the question log and the index cache
    alike (the cache was read from the folder the command ran in)."""
    folder = tmp_path / "conf"
    folder.mkdir()
    path = folder / "config.yaml"
    path.write_text("knowledge_dir: kb\ncache_dir: cache\nquestion_log:\n  path: var/q.jsonl\n",
                    encoding="utf-8")
    config = load_config(path)
    assert config.knowledge_dir == folder / "kb"
    assert config.cache_dir == folder / "cache"
    assert config.question_log.path == folder / "var" / "q.jsonl"
