"""The shared answering service: reloads that never lose the last good knowledge; the cache."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from bot.config import Config, Secret, load_config
from bot.kb.problems import KnowledgeError
from bot.matching.matcher import MatchSettings
from bot.service import AnswerService
from tests.conftest import SLUG, write


def make_service(root: Path, cache: Path | None = None) -> AnswerService:
    return AnswerService(Config(knowledge_dir=root, cache_dir=cache))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_valid_edit_is_served(small_kb: Path) -> None:
    service = make_service(small_kb)
    assert "Environ 2.500" in service.ask("Combien de soldats américains en Irak ?").text
    edit(small_kb / SLUG / "entries.yaml", "fr: Environ 2.500 soldats", "fr: Quelque 2.500 soldats")
    assert service.reload() is True
    assert "Quelque 2.500" in service.ask("Combien de soldats américains en Irak ?").text
    assert service.reload() is None  # nothing changed since


def test_invalid_edit_is_refused_and_last_good_knowledge_serves(
        small_kb: Path, caplog: pytest.LogCaptureFixture) -> None:
    service = make_service(small_kb)
    version = service.kb.version
    edit(small_kb / SLUG / "entries.yaml", '"environ 2.500 soldats américains déployés"',
         '"environ 3.000 soldats"')
    with caplog.at_level(logging.ERROR):
        assert service.reload() is False
    assert service.kb.version == version
    assert "entries.yaml:13" in caplog.text and "not verbatim" in caplog.text
    assert service.status.problems and not service.status.healthy
    assert service.ask("Combien de soldats américains en Irak ?").answered
    assert service.reload() is None  # the same broken files are not reloaded again


def test_watcher_picks_up_an_edit_within_two_seconds(small_kb: Path) -> None:
    service = make_service(small_kb)
    service.start_watching(interval=0.2)
    try:
        edit(small_kb / SLUG / "entries.yaml", "fr: En janvier 2021.", "fr: En janvier 2021 (bis).")
        deadline = time.monotonic() + 2
        question = "Quand le mandat d'arrêt contre Trump a-t-il été émis ?"
        while time.monotonic() < deadline:
            if "(bis)" in service.ask(question).text:
                break
            time.sleep(0.05)
        else:
            pytest.fail("edit not served within 2 s")
    finally:
        service.stop_watching()


def test_cache_is_used_and_invalidated_by_edits(small_kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = make_service(small_kb, cache)
    assert len(list(cache.glob("*.pickle"))) == 1
    second = make_service(small_kb, cache)
    assert second.kb.version == first.kb.version
    edit(small_kb / SLUG / "entries.yaml", "fr: En janvier 2021.", "fr: En janvier 2021 !")
    third = make_service(small_kb, cache)
    assert third.kb.version != first.kb.version
    assert len(list(cache.glob("*.pickle"))) == 2


def test_corrupt_cache_is_rebuilt(small_kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    make_service(small_kb, cache)
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    service = make_service(small_kb, cache)
    assert service.ask("Combien de soldats américains en Irak ?").answered


def test_broken_knowledge_at_start_is_an_error(small_kb: Path) -> None:
    write(small_kb / SLUG / "meta.yaml", "title: [\n")
    with pytest.raises(KnowledgeError, match=r"meta\.yaml:"):
        make_service(small_kb)


def test_question_log_stores_no_user_id(small_kb: Path, tmp_path: Path) -> None:
    from bot.qlog import QuestionLog

    log = QuestionLog(tmp_path / "q.jsonl", salt="pepper")
    service = AnswerService(Config(knowledge_dir=small_kb, cache_dir=None), question_log=log)
    service.ask("Combien de soldats américains en Irak ?", source="test", user=123456789)
    log.close()
    text = (tmp_path / "q.jsonl").read_text()
    assert "123456789" not in text
    assert '"user": "' in text and '"status": "answered"' in text


def test_secret_never_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc.def.ghi")
    token = Config().token
    assert isinstance(token, Secret)
    assert "abc" not in repr(token) and "abc" not in str(token) and "abc" not in f"{token}"
    assert token.reveal() == "abc.def.ghi"
    monkeypatch.setenv("DISCORD_TOKEN", "  ")
    assert Config().token is None


def test_config_file_values_and_errors(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "c.yaml", """\
        knowledge_dir: kb
        default_language: en
        matching:
          min_similarity: 0.7
        discord:
          dev_guild_ids: [1, 2]
          cooldown: {rate: 2, per: 10}
        """))
    assert config.knowledge_dir == tmp_path / "kb"
    assert config.default_language == "en" and config.matching.min_similarity == 0.7
    assert config.discord.dev_guild_ids == (1, 2) and config.discord.cooldown.rate == 2
    with pytest.raises(KnowledgeError) as info:
        load_config(write(tmp_path / "bad.yaml", "discord:\n  dev_guild_ids: abc\n"
                                                 "default_language: de\n"))
    text = str(info.value)
    assert "bad.yaml:2" in text and "list of ids" in text and "bad.yaml:3" in text


def test_question_log_rotates_by_size_also_after_a_restart(tmp_path: Path) -> None:
    from bot.qlog import QuestionLog

    path = tmp_path / "questions.jsonl"
    first = QuestionLog(path, max_bytes=1000, backups=2, salt="s")
    for n in range(4):  # a record is about 220 bytes
        first.write({"type": "question", "question": f"q{n:02} " + "x" * 150})
    first.close()
    assert not path.with_name("questions.jsonl.1").exists()
    again = QuestionLog(path, max_bytes=1000, backups=2, salt="s")  # as after a restart
    for n in range(4, 12):
        again.write({"type": "question", "question": f"q{n:02} " + "x" * 150})
    again.close()
    files = [path.with_name("questions.jsonl.2"), path.with_name("questions.jsonl.1"), path]
    assert all(0 < f.stat().st_size <= 1000 for f in files)
    asked = [json.loads(line)["question"][:3] for f in files
             for line in f.read_text("utf-8").splitlines()]
    assert asked == [f"q{n:02}" for n in range(12)]


def test_question_log_writes_text_that_is_not_valid_unicode(tmp_path: Path) -> None:
    """Lone surrogates (undecodable bytes, half a UTF-16 pair) are written escaped, as text
    that reads back as text: the record is kept, and nothing raises."""
    from bot.qlog import QuestionLog

    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, salt="s")
    log.write({"type": "question", "question": "soldats \udcff \ud800 ?", "language": "fr"})
    log.record_feedback(question="merci \udc80", entry=None, helpful=False, source="test")
    log.close()
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [r["question"] for r in records] == ["soldats \\udcff \\ud800 ?", "merci \\udc80"]


def test_a_question_with_a_lone_surrogate_is_answered_and_logged(small_kb: Path,
                                                                 tmp_path: Path) -> None:
    from bot.qlog import QuestionLog

    log = QuestionLog(tmp_path / "q.jsonl", salt="s")
    service = AnswerService(Config(knowledge_dir=small_kb, cache_dir=None), question_log=log)
    answer = service.ask("Combien de soldats \ud800 américains en Irak ?", source="test")
    log.close()
    assert answer.answered and answer.question == "Combien de soldats \ufffd américains en Irak ?"
    (record,) = [json.loads(line) for line in (tmp_path / "q.jsonl").read_text("utf-8")
                 .splitlines()]
    assert record["question"] == answer.question and record["status"] == "answered"


def test_a_failing_question_log_never_costs_an_answer(small_kb: Path, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from bot.qlog import QuestionLog

    class Broken(QuestionLog):
        def write(self, record: dict) -> None:
            raise RuntimeError("log exploded")

    service = AnswerService(Config(knowledge_dir=small_kb, cache_dir=None),
                            question_log=Broken(tmp_path / "q.jsonl", salt="s"))
    with caplog.at_level(logging.WARNING, logger="bot.service"):
        assert service.ask("Combien de soldats américains en Irak ?").answered
    assert "not logged" in caplog.text and "log exploded" in caplog.text


def test_the_cache_key_follows_the_language_data(small_kb: Path, monkeypatch) -> None:
    """An index is built with the language data (cue words, the word list): a change of
    that data must not serve an index built with the old one."""
    from bot import snapshot
    from bot.snapshot import files_signature

    signature = files_signature(small_kb)
    before = snapshot._cache_key(small_kb, signature, MatchSettings())
    real = Path.read_bytes

    def changed(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# edited" if path.name == "facts.yaml" else data

    monkeypatch.setattr(Path, "read_bytes", changed)
    assert snapshot._cache_key(small_kb, signature, MatchSettings()) != before


def test_the_cache_key_follows_the_match_settings(small_kb: Path) -> None:
    """The cache holds the matcher too, built with the settings: other settings (a config
    edit) must not serve a matcher built with the old ones."""
    from bot import snapshot
    from bot.snapshot import files_signature

    signature = files_signature(small_kb)
    assert (snapshot._cache_key(small_kb, signature, MatchSettings())
            != snapshot._cache_key(small_kb, signature, MatchSettings(min_score=0.6)))


def test_a_warm_start_reuses_the_cached_matcher(small_kb: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import snapshot

    cold, _ = snapshot.build_snapshot(small_kb, MatchSettings(), tmp_path)

    def rebuilt(*args: object, **kwargs: object) -> None:
        raise AssertionError("the matcher was built again")

    monkeypatch.setattr(snapshot, "Matcher", rebuilt)
    warm, _ = snapshot.build_snapshot(small_kb, MatchSettings(), tmp_path)
    assert cold is not None and warm is not None
    question = "Combien de soldats américains en Irak ?"
    assert warm.matcher.match(question) == cold.matcher.match(question)


def test_start_up_logs_a_few_warnings_and_counts_the_rest(
        small_kb: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """An archive's hundreds of warnings (alias clashes between articles) would bury the
    log at every start: the first ones are logged, the rest counted; errors all."""
    from bot import service as service_module
    from bot.kb.problems import Problem, Severity

    real = service_module.build_snapshot
    path = small_kb / SLUG / "aliases.yaml"
    warnings = [Problem(path, n, f"clash {n}", severity=Severity.WARNING) for n in range(1, 31)]

    def with_warnings(*args, **kwargs):
        snapshot, problems = real(*args, **kwargs)
        return snapshot, [*problems, *warnings]

    monkeypatch.setattr(service_module, "build_snapshot", with_warnings)
    with caplog.at_level(logging.WARNING, logger="bot.service"):
        service = make_service(small_kb)
    logged = [r.getMessage() for r in caplog.records]
    limit = service_module.MAX_LOGGED_WARNINGS
    assert [m for m in logged if "clash" in m] == [str(w) for w in warnings[:limit]]
    assert f"{30 - limit} more warning(s)" in logged[-1] and "validate" in logged[-1]
    assert service.ask("Combien de soldats américains en Irak ?").answered


def test_warming_up_reads_ahead_and_leaves_no_trace(small_kb: Path, tmp_path: Path) -> None:
    """`warm` (run before the bot joins Discord) answers its own messages: nothing is
    logged as a user's question, nothing cached, and later answers are the same."""
    from bot.qlog import QuestionLog

    log_path = tmp_path / "q.jsonl"
    service = AnswerService(Config(knowledge_dir=small_kb, cache_dir=None),
                            question_log=QuestionLog(log_path, salt="s"))
    service.warm()
    assert not log_path.exists() or not log_path.read_text(encoding="utf-8").strip()
    assert service._cache.cache_info().currsize == 0
    answer = service.ask("Combien de soldats américains en Irak ?")
    assert answer.answered and "2.500" in answer.text
