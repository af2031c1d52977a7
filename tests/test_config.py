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
