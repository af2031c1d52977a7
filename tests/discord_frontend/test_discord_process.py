"""The real `python -m bot run` process, clean shutdown, and the token kept out of every log."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bot.config import DiscordSettings, Secret, load_config
from bot.frontends.discord.app import REDACTED, redact_logs, serve, settings_problem
from bot.kb.problems import KnowledgeError
from tests.conftest import ROOT
from tests.discord_frontend.harness import TOKEN, TROOPS_FR, Harness, answered, make_config
from tests.fakediscord import ADMIN, BOT, GUILD_ID, FakeDiscord

# Loaded by the child interpreter before anything else: the same loopback-only rule as the
# in-process tests, reported on stderr so the test can fail on it.
LOOPBACK_GUARD = '''
import ipaddress, socket, sys

def _loopback(host):
    if host in ("localhost", None, ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False

_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo

def connect(self, address):
    if isinstance(address, tuple) and not _loopback(address[0]):
        sys.stderr.write(f"NON-LOOPBACK connection refused: {address!r}\\n")
        raise ConnectionRefusedError(address)
    return _connect(self, address)

def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if not _loopback(name):
        sys.stderr.write(f"NON-LOOPBACK name lookup refused: {host!r}\\n")
        raise socket.gaierror(socket.EAI_NONAME, host)
    return _getaddrinfo(host, *args, **kwargs)

socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
'''


def write_config(path: Path, fake: FakeDiscord, knowledge: Path, *,
                 gateway_url: str | None = None, connect_timeout: float | None = None) -> Path:
    extra = f"\n  connect_timeout: {connect_timeout}" if connect_timeout is not None else ""
    path.write_text(textwrap.dedent(f"""\
        knowledge_dir: {knowledge}
        question_log:
          path: {path.parent / "questions.jsonl"}
        discord:
          api_base: {fake.api_base}
          gateway_url: {gateway_url or fake.gateway_url}
          dev_guild_ids: [{GUILD_ID}]
          guild_ready_timeout: 0.05""") + extra + "\n", encoding="utf-8")
    return path


def process_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `python -m bot run` child: the token, and the loopback guard."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(LOOPBACK_GUARD, encoding="utf-8")
    return {**os.environ, "DISCORD_TOKEN": TOKEN, "BOT_LOG_SALT": "process-test",
            "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)])}


def closed_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_real_process_answers_then_stops_cleanly(fake: FakeDiscord, shipped_copy: Path,
                                                       tmp_path: Path, signum: int) -> None:
    config = write_config(tmp_path / "config.yaml", fake, shipped_copy)
    env = process_env(tmp_path)
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "-vv", "run", "--config", str(config), cwd=tmp_path,
            env=env, stdin=asyncio.subprocess.DEVNULL, stdout=stderr, stderr=stderr)
        try:
            await fake.wait_ready(timeout=20)
            reply = await fake.slash("ask", question=TROOPS_FR, locale="fr")
            assert answered(reply.embeds[0])
            process.send_signal(signum)
            code = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    output = stderr_path.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert fake.close_codes == [1000], output  # closed the gateway, not dropped it
    assert "NON-LOOPBACK" not in output
    assert TOKEN not in output
    assert "stop signal received" in output  # -vv: it said what it was doing
    assert (tmp_path / "questions.jsonl").read_text(encoding="utf-8").count(TROOPS_FR) == 1


async def test_clean_shutdown(running: Harness) -> None:
    await running.ask(TROOPS_FR)
    assert any(t.name == "knowledge-watcher" for t in threading.enumerate())
    await running.bot.close()
    await asyncio.wait_for(running.task, 5)
    assert running.task.exception() is None
    assert running.fake.close_codes == [1000]
    assert running.bot.is_closed()
    assert not any(t.name == "knowledge-watcher" for t in threading.enumerate())


async def test_token_never_logged(running: Harness, caplog: pytest.LogCaptureFixture,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)  # discord.py's debug logs include requests and payloads
    fake = running.fake
    await running.ask(TROOPS_FR)
    await fake.say(f"<@{BOT.id}> {TROOPS_FR}", mentions=(BOT,))
    await fake.slash("kb", subcommand="status", user=ADMIN)
    monkeypatch.setattr(running.service, "ask", lambda *a, **k: 1 / 0)
    await running.ask(TROOPS_FR)  # an unexpected error, logged with its trace
    await running.stop()
    assert "ZeroDivisionError" in caplog.text
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(r.args) for r in caplog.records)


def test_redaction_filter_scrubs_any_record(caplog: pytest.LogCaptureFixture) -> None:
    """Defence in depth: even a library that echoed the token would not get it logged."""
    redactor = redact_logs(TOKEN)
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger("somewhere").info("header was Bot %s", TOKEN)
            try:
                raise RuntimeError(f"bad token {TOKEN}")
            except RuntimeError:
                logging.getLogger("somewhere").exception("failed")
        text = "\n".join(caplog.handler.format(r) for r in caplog.records)
    finally:
        for handler in logging.getLogger().handlers:
            handler.removeFilter(redactor)
    assert TOKEN not in text and text.count(REDACTED) == 2


async def test_refused_token_is_reported_without_the_token(
        fake: FakeDiscord, shipped_copy: Path, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    wrong = "wrong-token-that-must-not-be-printed"
    config = make_config(fake, shipped_copy, tmp_path)
    with caplog.at_level(logging.DEBUG):
        code = await serve(config, Secret(wrong), handle_signals=False)
    assert code == 1
    assert "Discord refused the token in DISCORD_TOKEN" in caplog.text
    assert wrong not in caplog.text and TOKEN not in caplog.text
    assert [r.path for r in fake.requests] == ["/users/@me"]  # stopped at login


ATTEMPT_LINE = "cannot reach the Discord gateway"


async def test_unreachable_gateway_at_start_up_gives_up_in_time_one_line_per_attempt(
        fake: FakeDiscord, shipped_copy: Path, tmp_path: Path) -> None:
    """It used to end in a 153-line traceback (an AttributeError inside discord.py)."""
    port = closed_port()
    config = write_config(tmp_path / "config.yaml", fake, shipped_copy,
                          gateway_url=f"ws://127.0.0.1:{port}/gateway", connect_timeout=4)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), cwd=tmp_path,
        env=process_env(tmp_path), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), 40)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = err.decode("utf-8", "replace")
    lines = output.splitlines()
    assert process.returncode == 1, output
    assert "Traceback" not in output and "NON-LOOPBACK" not in output
    assert not out
    assert lines and all(ATTEMPT_LINE in line for line in lines), output
    *retried, final = lines
    assert len(retried) >= 1  # the first attempt is always retried within 4 s
    for number, line in enumerate(retried, 1):
        assert f"attempt {number}:" in line and "retrying in" in line, line
    assert f"gave up after {len(lines)} attempts" in final and "connect_timeout" in final
    stamps = [time.mktime(time.strptime(line[:19], "%Y-%m-%d %H:%M:%S")) + int(line[20:23])
              / 1000 for line in lines]
    assert stamps[-1] - stamps[0] <= 4.5, output  # within the configured bound
    assert not fake.gateway_queries  # nothing ever reached a gateway


async def test_gateway_coming_up_after_two_failed_attempts(
        fake: FakeDiscord, shipped_copy: Path, tmp_path: Path) -> None:
    port = closed_port()
    config = write_config(tmp_path / "config.yaml", fake, shipped_copy,
                          gateway_url=f"ws://127.0.0.1:{port}/gateway", connect_timeout=60)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), cwd=tmp_path,
        env=process_env(tmp_path), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert process.stderr is not None
    seen: list[str] = []
    try:
        while sum(ATTEMPT_LINE in line for line in seen) < 2:
            line = await asyncio.wait_for(process.stderr.readline(), 30)
            assert line, "\n".join(seen)
            seen.append(line.decode("utf-8", "replace").rstrip("\n"))
        await fake.serve_gateway_on(port)
        await fake.wait_ready(timeout=20)
        reply = await fake.slash("ask", question=TROOPS_FR, locale="fr")
        assert "2.500" in reply.embeds[0]["description"]
        process.send_signal(signal.SIGTERM)
        rest = await asyncio.wait_for(process.stderr.read(), 15)
        code = await asyncio.wait_for(process.wait(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = "\n".join(seen) + "\n" + rest.decode("utf-8", "replace")
    assert code == 0, output
    assert "Traceback" not in output
    attempts = [line for line in output.splitlines() if ATTEMPT_LINE in line]
    assert len(attempts) >= 2 and all("retrying in" in line for line in attempts), output
    assert fake.close_codes == [1000]


@pytest.mark.parametrize(("text", "seconds", "ok"), [
    ("", 300.0, True), ("connect_timeout: 12.5", 12.5, True), ("connect_timeout: null", None, True),
    ("connect_timeout: 0", 0.0, False)])
def test_connect_timeout_setting(tmp_path: Path, text: str, seconds: float | None,
                                 ok: bool) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"discord:\n  {text}\n" if text else "", encoding="utf-8")
    settings = load_config(path).discord
    assert settings.connect_timeout == seconds
    assert (settings_problem(settings) is None) is ok
    assert settings_problem(DiscordSettings(shard_id=1)) is not None  # shards still checked


def test_a_negative_connect_timeout_is_refused_where_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("discord:\n  connect_timeout: -3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="connect_timeout should be at least 0"):
        load_config(path)
