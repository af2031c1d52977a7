"""Helpers for the editors' workflow tests: run the real CLI on temporary knowledge copies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "knowledge"
SLUG = "irak-soudani-trump-2024-11"
FIXTURES = ROOT / "tests" / "fixtures"
TOWN = "saint-aubin-pietons-2025-03"  # the second article, written for the tests
TOWN_DIR = FIXTURES / TOWN


def cli_env() -> dict[str, str]:
    """The caller's environment without config, salt or token, and a private cache folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_CONFIG", "BOT_LOG_SALT",
                                                            "DISCORD_TOKEN")}
    env["PYTHONPATH"] = str(ROOT)
    env["XDG_CACHE_HOME"] = str(Path(tempfile.gettempdir()) / "article-bot-tests-cache")
    return env


def run_cli(*args: str | Path, stdin: str | None = None, timeout: float = 120
            ) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS`, run from the repository like an editor would."""
    return subprocess.run([sys.executable, "-m", "bot", *map(str, args)], cwd=ROOT,
                          env=cli_env(), input=stdin, capture_output=True, text=True,
                          timeout=timeout, check=False)


def write_config(folder: Path, knowledge: Path, log: Path | None = None, extra: str = ""
                 ) -> Path:
    """A config file pointing at a knowledge folder, with or without a question log."""
    path = folder / "config.yaml"
    log_line = f"  path: {json.dumps(str(log))}\n" if log else "  path: null\n"
    path.write_text(f"knowledge_dir: {json.dumps(str(knowledge))}\n"
                    f"question_log:\n{log_line}{extra}", encoding="utf-8")
    return path


def town_only(tmp_path: Path) -> Path:
    """A knowledge folder holding only the test article."""
    root = tmp_path / "town-knowledge"
    root.mkdir()
    shutil.copytree(TOWN_DIR, root / TOWN)
    return root


def add_edited(root: Path, slug: str) -> None:
    """A corpus article (tests/corpus/) added to a knowledge folder with its editor's files,
    as the editor left them."""
    source = ROOT / "tests" / "corpus" / slug
    folder = root / slug
    folder.mkdir(parents=True)
    shutil.copy(source / "article.txt", folder / "article.txt")
    for path in sorted((source / "knowledge").glob("*.yaml")):
        shutil.copy(path, folder / path.name)


def two_articles(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge plus the test article."""
    root = tmp_path / "two-knowledge"
    shutil.copytree(SHIPPED, root)
    shutil.copytree(TOWN_DIR, root / TOWN)
    return root


def ask_json(config: Path, questions: list[str], *extra: str) -> list[dict]:
    """Answers of `ask --json` for questions given on stdin, one JSON object each."""
    done = run_cli("ask", "--json", "--config", config, *extra, stdin="".join(
        q + "\n" for q in questions))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def snapshot_files(root: Path) -> dict[str, bytes]:
    """Every file under a folder (relative path -> bytes), to prove a refusal wrote nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}
