"""The question log and `kb gaps`: what was declined or disliked, grouped and ranked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.answers import Answer
from bot.config import Config, QuestionLogSettings
from bot.editing.gaps import log_files
from bot.editing.grouping import cluster, word_sets
from bot.matching.matcher import Status
from bot.qlog import QuestionLog
from bot.service import AnswerService
from tests.kbtools import TOWN, run_cli, town_only, write_config

USER_NAME = "alice#1234"
USER_ID = 987654321098765432  # a Discord snowflake


def declined(question: str, status: Status = Status.NOT_IN_ARTICLE) -> Answer:
    return Answer(question=question, language="fr", status=status, reason="uncovered",
                  text="L'article ne le dit pas.")


def answered(question: str) -> Answer:
    return Answer(question=question, language="fr", status=Status.ANSWERED, reason="matched",
                  text="...", entry=f"{TOWN}/cost", score=0.9)


def fill(log: QuestionLog) -> None:
    """Three gaps of different sizes, answered questions, and thumbs up/down feedback."""
    for i, text in enumerate(["Combien coûte la navette ?", "combien coute la navette",
                              "Combien coûte la navette pour les usagers ?",
                              "combien coûte la navete ?", "Combien coûte la navette ?"]):
        log.record_answer(declined(text), source="test", user=f"user{i % 3}")
    for text in ["Quel est le nom du premier adjoint ?", "nom du premier adjoint",
                 "Qui est le premier adjoint ?"]:
        log.record_answer(declined(text, Status.OFF_TOPIC), source="test", user="user9")
    for _ in range(4):
        log.record_answer(answered("Combien coûte le chantier ?"), source="test", user="u")
    log.record_feedback(question="Où se garer en ville ?", entry=f"{TOWN}/park-and-ride",
                        helpful=False, source="test", user="user5")
    log.record_feedback(question="Où se garer en ville ?", entry=f"{TOWN}/park-and-ride",
                        helpful=True, source="test", user="user6")
    log.record_answer(declined("Qui est la maire de Saint-Aubin-des-Prés ?"), source="test")
    log.close()


@pytest.fixture
def logged(tmp_path: Path) -> tuple[Path, Path]:
    """(config, log path) for the test article and a filled log."""
    path = tmp_path / "var" / "questions.jsonl"
    fill(QuestionLog(path, salt="test-salt"))
    return write_config(tmp_path, town_only(tmp_path), path), path


def gaps_json(config: Path, *args: str) -> dict:
    done = run_cli("kb", "gaps", "--json", "--config", config, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_gaps_are_grouped_ranked_and_located(logged: tuple[Path, Path]) -> None:
    config, _ = logged
    report = gaps_json(config)
    stats = report["stats"]
    assert stats["questions"] == 13 and stats["declined"] == 9 and stats["thumbs_down"] == 1
    gaps = report["gaps"]
    assert [g["count"] for g in gaps] == [5, 3, 1]
    first = gaps[0]
    assert first["question"] == "Combien coûte la navette ?"  # the most asked wording
    assert set(first["examples"]) == {"combien coute la navette", "combien coûte la navete ?",
                                      "Combien coûte la navette pour les usagers ?"}
    assert first["users"] == 3 and first["statuses"] == {"not_in_article": 5}
    assert first["closest_entry"] in (f"{TOWN}/shuttle", f"{TOWN}/cost")
    assert first["passage"]["article"] == TOWN
    assert gaps[1]["statuses"] == {"off_topic": 3}
    assert gaps[1]["question"] == "Quel est le nom du premier adjoint ?"  # tie: first asked
    disliked = gaps[2]
    assert disliked["question"] == "Où se garer en ville ?"
    assert disliked["thumbs_down"] == {f"{TOWN}/park-and-ride": 1}
    assert disliked["closest_entry"] is not None
    # Declined once, answered by today's knowledge: counted, not shown.
    assert report["resolved"] == 1
    assert all("maire" not in g["question"] for g in gaps)


def test_all_and_limit(logged: tuple[Path, Path]) -> None:
    config, _ = logged
    everything = gaps_json(config, "--all")
    assert any(g["question"].startswith("Qui est la maire") and g["now"] == "answered"
               for g in everything["gaps"])
    assert len(gaps_json(config, "--limit", "1")["gaps"]) == 1


def test_human_output_shows_what_to_add_next(logged: tuple[Path, Path]) -> None:
    config, _ = logged
    done = run_cli("kb", "gaps", "--config", config, "--limit", "2")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"1\. «Combien coûte la navette \?» — 5 time\(s\)", out), out
    assert "closest entry:" in out and "closest passage:" in out
    assert "2. «" in out and "3. «" not in out


def test_a_logged_question_cannot_drive_the_editors_terminal(tmp_path: Path) -> None:
    """Escape sequences and BEL typed in a question are printed escaped, never raw."""
    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, salt="s")
    log.record_answer(declined("quel age a le maire \x1b[2J\x1b]0;pwned\x07 ?"), source="test")
    log.close()
    done = run_cli("kb", "gaps", "--config", write_config(tmp_path, town_only(tmp_path), path))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert r"quel age a le maire \x1b[2J\x1b]0;pwned\x07 ?" in done.stdout


def test_rotated_logs_are_read(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, max_bytes=600, backups=20, salt="s")
    for i in range(30):
        log.record_answer(declined(f"Question absente numéro {i % 3} ?"), source="test")
    log.close()
    files = log_files(path)
    assert len(files) > 2 and files[-1] == path
    assert files[0].name.endswith(f".{len(files) - 1}")  # oldest first
    config = write_config(tmp_path, town_only(tmp_path), path)
    report = gaps_json(config)
    assert report["stats"]["declined"] == 30
    assert sum(g["count"] for g in report["gaps"]) == 30


def test_missing_log_and_bad_lines(tmp_path: Path) -> None:
    config = write_config(tmp_path, town_only(tmp_path), tmp_path / "none.jsonl")
    done = run_cli("kb", "gaps", "--config", config)
    assert done.returncode == 0 and "No question log" in done.stdout
    path = tmp_path / "none.jsonl"
    path.write_text('not json\n{"type": "question", "question": "Où est la gare ?", '
                    '"status": "not_in_article", "time": "2025-03-01T10:00:00Z"}\n[1]\n',
                    encoding="utf-8")
    report = gaps_json(config)
    assert report["stats"]["unreadable"] == 2
    assert report["gaps"][0]["question"] == "Où est la gare ?"
    assert gaps_json(config, "--since", "2025-04")["gaps"] == []


def test_grouping_forgives_typos_and_keeps_different_questions_apart() -> None:
    texts = ["Quel âge a Donald Trump ?", "quel age a donald trump", "Qui dirige le Hamas ?",
             "quel âge a donlad trump", "Quel âge a Trump ?", "qui dirige hamas",
             "Que pense Donald Trump de la guerre ?", "que pense trump de la guere"]
    groups = sorted(sorted(g) for g in cluster(word_sets(texts)))
    assert groups == [[0, 1, 3, 4], [2, 5], [6, 7]]
    assert cluster(word_sets(texts), threshold=1.0) != cluster(word_sets(texts))


def test_the_question_log_never_stores_user_names_or_ids(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    config = Config(knowledge_dir=town_only(tmp_path),
                    question_log=QuestionLogSettings(path=path))
    service = AnswerService(config, question_log=QuestionLog(path))  # random salt on disk
    service.ask("Qui finance le chantier ?", source="discord", user=USER_NAME)
    service.ask("Quelle est la couleur des bus ?", source="discord", user=USER_ID)
    service.ask("Qui finance le chantier ?", source="discord", user=USER_ID)
    service.question_log.record_feedback(question="Qui finance le chantier ?",
                                         entry=f"{TOWN}/funding", helpful=False,
                                         source="discord", user=USER_ID)
    service.question_log.close()
    raw = path.read_text(encoding="utf-8")
    assert "alice" not in raw and "1234" not in raw and str(USER_ID) not in raw
    records = [json.loads(line) for line in raw.splitlines()]
    assert len(records) == 4
    users = [r["user"] for r in records]
    assert all(re.fullmatch(r"[0-9a-f]{16}", u) for u in users)
    assert users[0] != users[1] and users[1] == users[2] == users[3]  # countable, not named
    assert {r["type"] for r in records} == {"question", "feedback"}
    assert set(records[0]) >= {"time", "question", "language", "status", "entry", "score"}
    assert records[0]["status"] == "answered" and records[1]["status"] != "answered"
    other_salt = QuestionLog(tmp_path / "other.jsonl", salt="another")
    assert other_salt.user_hash(USER_ID) != users[1]  # a hash cannot be looked up elsewhere


def test_the_log_keeps_at_most_max_question_chars_of_a_question(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, salt="s", max_question_chars=20)
    log.record_answer(declined("x" * 1_000_000, Status.INVALID), source="test")
    log.record_answer(declined("y" * 20), source="test")
    log.record_feedback(question="z" * 30, entry=None, helpful=False, source="test")
    log.close()
    assert path.stat().st_size < 1000
    cut, whole, feedback = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert cut["question"] == "x" * 20 and cut["truncated"] is True
    assert whole["question"] == "y" * 20 and "truncated" not in whole
    assert feedback["question"] == "z" * 20 and feedback["truncated"] is True


def test_a_refused_long_question_is_logged_cut_by_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    config = write_config(tmp_path, town_only(tmp_path), path,
                          extra="matching:\n  max_question_chars: 40\n")
    done = run_cli("ask", "--json", "--config", config, stdin="Qui finance " * 100_000 + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["reason"] == "too-long"
    (record,) = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(record["question"]) == 40 and record["truncated"] is True


def test_gaps_show_cut_questions_as_cut_and_never_as_answered(tmp_path: Path) -> None:
    """The first characters of a question too long to answer may well be answerable alone
    ("Qui finance le chantier ?" and then a page of text): that does not answer it."""
    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, salt="s", max_question_chars=500)
    long = "Qui finance le chantier ?" + " " * 600 + "et puis encore autre chose"
    for _ in range(2):
        log.record_answer(declined(long, Status.INVALID), source="test")
    log.close()
    config = write_config(tmp_path, town_only(tmp_path), path)
    report = gaps_json(config)
    assert report["resolved"] == 0
    (gap,) = report["gaps"]
    assert gap["count"] == 2 and gap["truncated"] is True
    assert gap["question"] == "Qui finance le chantier ?\u2026" and gap["now"] == "invalid"
    done = run_cli("kb", "gaps", "--config", config)
    assert done.returncode == 0, done.stderr
    assert "«Qui finance le chantier ?…»" in done.stdout and "cut" in done.stdout


def test_garbled_questions_are_set_aside_not_ranked(tmp_path: Path) -> None:
    """Random bytes logged as questions (read as U+FFFD and symbols) would take the top
    gaps from the questions an editor can answer."""
    path = tmp_path / "q.jsonl"
    log = QuestionLog(path, salt="s")
    noise = bytes(range(128, 256)).decode("utf-8", errors="replace") + "%&*#@!"
    for i in range(3):
        log.record_answer(declined(noise[i:]), source="test")
    log.record_answer(declined("Combien coûte la navette ?"), source="test")
    log.record_answer(declined("2500 ?"), source="test")
    log.close()
    config = write_config(tmp_path, town_only(tmp_path), path)
    report = gaps_json(config)
    assert report["stats"]["garbled"] == 3 and report["stats"]["declined"] == 5
    assert sorted(g["question"] for g in report["gaps"]) == ["2500 ?",
                                                             "Combien coûte la navette ?"]
    done = run_cli("kb", "gaps", "--config", config)
    assert "3 garbled question(s) (mostly not letters or digits) set aside" in done.stdout


def test_since_takes_dates_and_spans_and_refuses_anything_else(tmp_path: Path) -> None:
    """A mistyped `--since` once matched nothing and read as "no gaps left"."""
    from bot.editing.gaps import parse_since

    now = 1_700_000_000.0  # 2023-11-14T22:13:20Z
    assert parse_since("2025-04") == "2025-04"
    assert parse_since("2025-04-01 08:00") == "2025-04-01T08:00"
    assert parse_since("7d", now) == "2023-11-07T22:13:20Z"
    assert parse_since("36h", now) == "2023-11-13T10:13:20Z"
    for bad in ("yesterday", "foo", "7 days", "2026-13-45", "2025-02-30"):
        with pytest.raises(ValueError, match="since"):
            parse_since(bad)
    config = write_config(tmp_path, town_only(tmp_path), tmp_path / "q.jsonl")
    done = run_cli("kb", "gaps", "--config", config, "--since", "yesterday")
    assert done.returncode != 0 and "--since 'yesterday'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_log_that_cannot_be_written_warns_once_and_never_costs_an_answer(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An unwritable log path printed an ERROR and a traceback for every question (in
    `chat`, between the replies), and its salt file raised before the record was tried."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log's folder should be", encoding="utf-8")
    log = QuestionLog(blocked / "questions.jsonl")
    with caplog.at_level("WARNING", logger="bot.qlog"):
        for text in ("Combien coûte la navette ?", "Où est la gare ?", "Qui est le maire ?"):
            log.record_answer(declined(text), source="test", user="someone")
    about_log = [r for r in caplog.records if "question log" in r.getMessage()]
    assert [r.levelname for r in about_log] == ["WARNING", "WARNING"]  # the salt, the log
    assert all(r.exc_info is None for r in about_log)
    assert "not logged until it can be written" in about_log[1].getMessage()
    caplog.clear()
    blocked.unlink()
    blocked.mkdir()  # the folder can be made now: records are written again, and it says so
    with caplog.at_level("WARNING", logger="bot.qlog"):
        log.record_answer(declined("Où est la gare ?"), source="test", user="someone")
    assert "written again" in caplog.text
    assert "Où est la gare" in (blocked / "questions.jsonl").read_text(encoding="utf-8")
