"""The question word tables are data, one file per language, read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.lang import (
    LANGUAGES,
    QUESTION_TABLES,
    LanguageDataError,
    question_words,
    read_question_words,
)
from bot.matching.lang_data import COUNT, QUESTION_PHRASES, SINCE, WHEN, WHO


def test_every_table_is_given_by_some_language() -> None:
    tables = question_words().tables
    given = {key for language in LANGUAGES for key in tables[language]}
    assert given == QUESTION_TABLES


def test_the_merged_tables_read_both_languages() -> None:
    assert QUESTION_PHRASES[("quand",)] == WHEN and QUESTION_PHRASES[("how", "many")] == COUNT
    assert QUESTION_PHRASES[("depuis", "quand")] == SINCE
    assert QUESTION_PHRASES[("le", "combien")] == WHEN  # "on est le combien ?": a date
    # "which" and a category noun are put together, in and across the languages
    assert QUESTION_PHRASES[("quel", "groupe")] == WHO == QUESTION_PHRASES[("which", "group")]
    words = question_words()
    assert "le" in words.words("stop", "fr") and "le" not in words.words("stop", "en")
    assert {"bonjour", "hello"} <= words.words("greetings")


def _languages(tmp_path: Path, french: str, english: str = "stop:\n  - the\n") -> Path:
    for language, text in (("fr", french), ("en", english)):
        (tmp_path / language).mkdir()
        (tmp_path / language / "questions.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("french", "said"), [
    ("stopp:\n  - le\n", "stopp: unknown table"),
    ("stop:\n  - Le la\n", "'Le' is not in folded form (write 'le')"),
    ("stop:\n  - été\n", "'été' is not in folded form (write 'ete')"),
    ("stop: le la\n", "stop: expected a list of lines of words"),
    ("question_phrases:\n  - quand\n", "question_phrases: expected question type: lines"),
    ("stop:\n  - [le, la\n", "cannot be read"),
])
def test_a_malformed_table_says_which_file_and_table(tmp_path: Path, french: str,
                                                      said: str) -> None:
    root = _languages(tmp_path, french)
    with pytest.raises(LanguageDataError) as error:
        read_question_words(root)
    assert str(root / "fr" / "questions.yaml") in str(error.value)
    assert said in str(error.value)


def test_typed_tables_keep_their_types_and_phrases(tmp_path: Path) -> None:
    root = _languages(tmp_path, "question_phrases:\n  when:\n    - quand\n    - jusqu a quand\n",
                      "question_phrases:\n  when:\n    - until when\n")
    typed = read_question_words(root).typed("question_phrases")
    assert typed == {"when": (("quand",), ("jusqu", "a", "quand"), ("until", "when"))}

