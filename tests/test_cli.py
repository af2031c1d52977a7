"""The command line as a user runs it: `python -m bot ...` in a subprocess."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SLUG, write


def bot(*args: str, stdin: bytes | str | None = None, cwd: Path = ROOT,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, input=data,
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_ask_prints_answer_citation_and_date() -> None:
    proc = bot("ask", "--no-log", "Combien de soldats américains en Irak ?")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "2.500" in out
    assert "§3" in out and "\u00ab\u00a0" in out and "intertitre 1" in out
    assert "novembre 2024" in out  # the article's date, in words


def test_ask_json_contract() -> None:
    proc = bot("ask", "--json", "--no-log", "How many US troops are in Iraq?")
    data = json.loads(proc.stdout)
    assert data["answered"] is True and data["status"] == "answered"
    assert data["language"] == "en" and data["entry"].endswith("/troops-count")
    assert isinstance(data["score"], float)
    assert {"quote", "paragraph"} <= set(data["citations"][0])
    assert isinstance(data["suggestions"], list)


def test_stdin_gives_one_json_line_per_question_in_order() -> None:
    questions = ["Combien de soldats américains en Irak ?", "", "   ", "x" * 5000,
                 "Quel âge a Donald Trump ?", "salut", "When was the warrant issued?"]
    proc = bot("ask", "--json", "--no-log", stdin="\n".join(questions) + "\n")
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 0
    assert len(lines) == len(questions)
    results = [json.loads(line) for line in lines]
    assert results[0]["answered"] and results[6]["answered"]
    assert [r["status"] for r in results[1:4]] == ["invalid", "invalid", "invalid"]
    assert results[3]["reason"] == "too-long"
    assert not results[4]["answered"] and not results[5]["answered"]


def test_stdin_survives_invalid_utf8_and_crlf() -> None:
    proc = bot("ask", "--no-log", stdin=b"Combien de soldats\xff en Irak ?\r\n\x00\x01\n")
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 0 and len(lines) == 2
    assert all(json.loads(line)["status"] for line in lines)


# A byte that is not UTF-8 on the command line: Python hands it over as a lone surrogate
# (surrogateescape); subprocess turns it back into the byte 0xff.
NOT_UTF8 = "Combien de soldats américains \udcff en Irak ?"


def logging_config(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "q.jsonl"
    return write(tmp_path / "config.yaml", f"question_log:\n  path: {log}\n"), log


def logged(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_ask_answers_and_logs_a_question_with_bytes_that_are_not_utf8(
        tmp_path: Path, as_json: bool) -> None:
    config, log = logging_config(tmp_path)
    proc = bot("ask", "--config", str(config), *(["--json"] if as_json else []), NOT_UTF8)
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "2.500" in proc.stdout.decode()
    (record,) = logged(log)
    assert record["status"] == "answered"
    assert record["question"] == "Combien de soldats américains \ufffd en Irak ?"


def test_stdin_with_bytes_that_are_not_utf8_is_answered_and_logged(tmp_path: Path) -> None:
    config, log = logging_config(tmp_path)
    # 0xff, and a UTF-16 surrogate encoded as if it were a character (0xed 0xa0 0x80)
    proc = bot("ask", "--json", "--config", str(config),
               stdin=b"Combien de soldats\xff en Irak ?\n\xed\xa0\x80 Qui est Soleimani ?\n")
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.decode().splitlines()) == 2
    assert [r["status"] for r in logged(log)] == ["answered", "answered"]


@pytest.mark.parametrize("stdin_errors", ["surrogateescape", "strict"])
def test_chat_goes_on_after_bytes_that_are_not_utf8(tmp_path: Path, stdin_errors: str) -> None:
    """Python decodes stdin with surrogateescape in the C/POSIX locales, strictly in others."""
    config, log = logging_config(tmp_path)
    script = b"Combien de soldats\xff en Irak ?\nQui est Soleimani ?\n/quit\n"
    proc = bot("chat", "--config", str(config), stdin=script,
               env={"PYTHONIOENCODING": f"utf-8:{stdin_errors}"})
    err, out = proc.stderr.decode(), proc.stdout.decode()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "2.500" in out and "Soleimani" in out.split("2.500", 1)[1]
    assert [r["question"] for r in logged(log)] == ["Combien de soldats\ufffd en Irak ?",
                                                    "Qui est Soleimani ?"]


def test_ask_never_imports_discord() -> None:
    code = ("import sys, runpy; sys.argv=['bot','ask','--no-log','Qui est Soleimani ?'];"
            "\ntry:\n runpy.run_module('bot', run_name='__main__')\nexcept SystemExit: pass\n"
            "assert 'discord' not in sys.modules, 'discord imported'")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_validate_exit_codes(small_kb: Path) -> None:
    ok = bot("validate", str(small_kb))
    assert ok.returncode == 0 and b"OK" in ok.stdout
    write(small_kb / SLUG / "entries.yaml", "entries:\n  - id: x\n    citations: [nope]\n")
    bad = bot("validate", str(small_kb))
    assert bad.returncode == 1
    assert b"entries.yaml:3" in bad.stdout
    as_json = json.loads(bot("validate", "--json", str(small_kb)).stdout)
    assert as_json["ok"] is False and as_json["problems"][0]["line"]


def test_validate_takes_the_folder_as_the_other_commands_do(small_kb: Path,
                                                             tmp_path: Path) -> None:
    """`validate --knowledge DIR`, as `ask`, `chat` and the `kb` commands take it."""
    ok = bot("validate", "--knowledge", str(small_kb))
    assert ok.returncode == 0 and str(small_kb).encode() in ok.stdout, ok.stderr
    both = bot("validate", str(small_kb), "--knowledge", str(tmp_path))
    assert both.returncode == 1 and b"two knowledge folders" in both.stderr


def test_validate_refuses_an_article_without_entries_unless_allowed(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries.yaml", "entries: []\n")
    bad = bot("validate", str(small_kb))
    out = bad.stdout.decode()
    assert bad.returncode == 1, out
    assert f"{SLUG}/entries.yaml:1: error:" in out and "no entries" in out
    assert "retired: true" in out and "--allow-empty" in out
    allowed = bot("validate", "--allow-empty", str(small_kb))
    out = allowed.stdout.decode()
    assert allowed.returncode == 0, out
    # valid, but not clean: the summary line counts the warnings
    assert "entries.yaml:1: warning:" in out and "OK, 1 warning(s): 1 article(s), 0 entries" in out
    strict = bot("validate", "--allow-empty", "--strict", str(small_kb))
    assert strict.returncode == 1, strict.stdout.decode()  # --strict: warnings fail too


def test_missing_knowledge_is_a_clear_error(tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", f"knowledge_dir: {tmp_path / 'none'}\n")
    proc = bot("ask", "--config", str(config), "Qui ?")
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "knowledge folder not found" in err and "Traceback" not in err


def test_a_missing_knowledge_folder_named_by_the_config_says_how_it_was_read(
        tmp_path: Path) -> None:
    """A relative `knowledge_dir` is read from the config's folder, not from where the
    command runs: the error names the config and the folder it read."""
    (tmp_path / "conf").mkdir()
    config = write(tmp_path / "conf" / "config.yaml", "knowledge_dir: ../kb\n")
    for command in (("ask", "--config", str(config), "Qui ?"),
                    ("validate", "--config", str(config))):
        proc = bot(*command)
        assert proc.returncode == 1
        out = proc.stdout.decode() + proc.stderr.decode()
        assert f"knowledge_dir` ({config})" in out, out
        assert str((tmp_path / "kb").resolve()) in out
        assert "read from the config file's folder" in out


def test_bad_config_is_reported_with_line(tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", "default_language: fr\nmatching:\n  min_scor: 1\n")
    proc = bot("ask", "--config", str(config), "Qui ?")
    assert proc.returncode == 1
    assert "config.yaml:3" in proc.stderr.decode() and "min_score" in proc.stderr.decode()


def test_a_setting_out_of_its_range_is_reported_with_its_line(tmp_path: Path) -> None:
    """`min_score: 1.5` was accepted, and every answer became "not in the article"."""
    config = write(tmp_path / "config.yaml", "matching:\n  min_score: 1.5\n"
                   "  max_candidates: 0\nreload:\n  interval: -1\n")
    proc = bot("ask", "--config", str(config), "Qui ?")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert "config.yaml:2" in err and "min_score should be between 0 and 1, found 1.5" in err
    assert "config.yaml:3" in err and "max_candidates should be at least 1" in err
    assert "config.yaml:5" in err and "interval should be at least 0" in err


def test_run_without_token_explains_and_chats(tmp_path: Path) -> None:
    env = {"DISCORD_TOKEN": ""}
    proc = bot("run", stdin="Qui est Soleimani ?\n/quit\n", env=env, cwd=tmp_path)
    err, out = proc.stderr.decode(), proc.stdout.decode()
    assert proc.returncode == 0
    assert "DISCORD_TOKEN" in err and "export" in err
    assert "Soleimani" in out


def test_chat_session_commands(tmp_path: Path) -> None:
    log = tmp_path / "q.jsonl"
    config = write(tmp_path / "config.yaml", f"question_log:\n  path: {log}\n")
    script = "\n".join(["Soleimani", "/why", "1", "/lang en", "Combien de soldats en Irak ?",
                        "/status", "/article nope", "/quit", "never read"]) + "\n"
    proc = bot("chat", "--config", str(config), stdin=script)
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "knowledge version" in out
    assert "unknown article" in out
    assert "2,500" in out or "2.500" in out
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert {r["source"] for r in records} == {"chat"}
    assert "never read" not in {r["question"] for r in records}


@pytest.mark.parametrize("args", [["--version"], ["ask", "--help"], []])
def test_help_and_version(args: list[str]) -> None:
    proc = bot(*args)
    assert proc.returncode in (0, 2)
    assert proc.stdout or proc.stderr


def test_chat_reads_a_follow_up_with_the_last_answer(tmp_path: Path) -> None:
    script = "Combien de soldats américains en Irak ?\net pourquoi sont-ils là ?\n/quit\n"
    out = bot("chat", stdin=script, cwd=tmp_path).stdout.decode()
    assert "Etat islamique" in " ".join(out.split())  # why they are there: to fight IS


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    config, log = logging_config(tmp_path)
    options = ["--config", str(config)]
    args = [*options, "ask", "Qui est Soleimani ?"] if where == "before" else [
        "ask", *options, "Qui est Soleimani ?"]
    proc = bot(*args)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["question"] for r in logged(log)] == ["Qui est Soleimani ?"]


def test_config_before_a_kb_command(tmp_path: Path) -> None:
    config, log = logging_config(tmp_path)
    proc = bot("--config", str(config), "kb", "gaps")
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"No question log at {log}" in proc.stdout.decode()


@pytest.mark.parametrize(("argv", "config", "level"), [
    (["ask", "q"], None, 0),
    (["-v", "ask", "q"], None, 1),
    (["ask", "-v", "q"], None, 1),
    (["-v", "--config", "a.yaml", "ask", "-v", "q"], "a.yaml", 2),
    (["ask", "--config", "b.yaml", "-vv", "q"], "b.yaml", 2),
    (["--config", "a.yaml", "chat", "-v"], "a.yaml", 1),
    (["-v", "kb", "-v", "lint", "--config", "c.yaml", "-v"], "c.yaml", 3),
    (["--config", "a.yaml", "kb", "--config", "b.yaml", "gaps"], "b.yaml", 0),
])
def test_config_and_verbosity_are_read_wherever_they_are(argv: list[str], config: str | None,
                                                         level: int) -> None:
    from bot.cli import build_parser, verbosity

    args = build_parser().parse_args(argv)
    assert args.config == (Path(config) if config else None)
    assert verbosity(args) == level


def test_ask_on_a_terminal_says_it_reads_stdin() -> None:
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--no-log"], cwd=ROOT,
                                stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        os.close(terminal)
        os.write(controller, b"Qui est Soleimani ?\n\x04")  # Ctrl-D: end of input
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(controller)
    assert proc.returncode == 0, err.decode()
    assert "reading questions from stdin, one per line; Ctrl-D to end" in err.decode()
    assert json.loads(out)["status"] == "answered"


def test_ask_from_a_pipe_says_nothing_on_stderr() -> None:
    proc = bot("ask", "--no-log", stdin="Qui est Soleimani ?\n")
    assert proc.returncode == 0 and proc.stderr == b""


def test_chat_unknown_command_and_blank_lines_between_answers(tmp_path: Path) -> None:
    script = "Combien de soldats américains en Irak ?\n/frobnicate now\n/langue en\n" \
             "Qui est Soleimani ?\n/quit\n"
    config, log = logging_config(tmp_path)
    proc = bot("chat", "--config", str(config), stdin=script)
    assert proc.returncode == 0, proc.stderr.decode()
    blocks = proc.stdout.decode().rstrip("\n").split("\n\n")
    assert blocks[0].startswith("Articles:") and "Ask a question" in blocks[0]
    assert "2.500" in blocks[1]
    assert blocks[2] == blocks[3] == "unknown command, /help lists them"
    assert "Soleimani" in blocks[4] and len(blocks) == 5
    assert [r["question"] for r in logged(log)] == ["Combien de soldats américains en Irak ?",
                                                    "Qui est Soleimani ?"]


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_config_path_that_is_not_a_file_is_a_config_problem(tmp_path: Path,
                                                              kind: str) -> None:
    path = tmp_path / "missing.yaml" if kind == "missing" else tmp_path
    proc = bot("ask", "--config", str(path), "Qui ?")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert "invalid config" in err and str(path) in err
    assert "knowledge" not in err
    assert ("not found" if kind == "missing" else "folder") in err


def test_ask_json_says_why_it_cannot_answer(tmp_path: Path) -> None:
    """With a broken knowledge file, `ask --json` still prints one JSON line: the error
    and each problem with its file and line (and the human message on stderr, exit 1)."""
    import shutil

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    (knowledge / SLUG / "entries.yaml").write_text("entries: [\n", encoding="utf-8")
    proc = bot("ask", "--json", "--no-log", "--knowledge", str(knowledge),
               stdin="Combien de soldats ?\n")
    assert proc.returncode == 1
    (line,) = proc.stdout.decode().splitlines()
    data = json.loads(line)
    assert data["answered"] is False and data["status"] == "error"
    assert "cannot load the knowledge" in data["error"]
    assert data["problems"] and data["problems"][0]["path"].endswith("entries.yaml")
    assert data["problems"][0]["line"] == 2
    assert "cannot load the knowledge" in proc.stderr.decode()


def test_verbose_says_which_config_and_knowledge_are_used(tmp_path: Path) -> None:
    """`-v` printed nothing at all: which config, knowledge folder and cache a command uses
    is the first thing to check when answers are not the expected ones."""
    proc = bot("ask", "-v", "--no-log", "Combien de soldats américains en Irak ?", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 0
    assert "config: none (the defaults); knowledge: " in err and "question log: off" in err
    assert "1 article(s), " in err and "entries, version " in err
    quiet = bot("ask", "--no-log", "Combien de soldats américains en Irak ?", cwd=tmp_path)
    assert "knowledge:" not in quiet.stderr.decode()
