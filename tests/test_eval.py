"""The evaluation the maintainers run, as a test with floors.

tests/eval/score.py is their scorer, kept verbatim; it drives the real command line
(`python -m bot ask --json`) with one question per line, exactly as they do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT

EVAL = ROOT / "tests" / "eval"


def run_score(questions: Path, min_accuracy: float, min_abstain: float,
              env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--questions", str(questions),
         "--article", str(ARTICLE), "--min-accuracy", str(min_accuracy),
         "--min-abstain", str(min_abstain), "-v",
         "--", sys.executable, "-m", "bot", "ask", "--json", "--no-log"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})}, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_public_questions_meet_the_targets() -> None:
    out = run_score(EVAL / "public.yaml", 0.95, 0.90)
    assert "invalid citations: 0/" in out
    english = out.split("English answers to English questions: ")[1].split(";")[0]
    got, total = english.split("/")
    assert got == total, out


# Floors a little under today's figures: a change that loses several answers fails.
# heldout*.yaml were each written without sight of the knowledge, measured once fresh
# (0.84-0.96 accuracy, 0.90-0.99 abstention), then used to find general weaknesses.
@pytest.mark.parametrize(("name", "accuracy", "abstention"), [
    ("dev.yaml", 0.93, 0.95), ("heldout1.yaml", 0.83, 0.90), ("heldout2.yaml", 0.92, 0.93),
    ("heldout3.yaml", 0.93, 0.95), ("heldout4.yaml", 0.93, 0.90),
    ("heldout5.yaml", 0.92, 0.95), ("heldout6.yaml", 0.90, 0.95),
    ("heldout7.yaml", 0.93, 0.95), ("heldout8.yaml", 0.94, 0.92), ("heldout9.yaml", 0.90, 0.95),
    ("heldout10.yaml", 0.95, 0.95), ("heldout11.yaml", 0.94, 0.95),
    ("heldout12.yaml", 0.87, 0.95), ("heldout13.yaml", 0.90, 0.95),
    ("heldout14.yaml", 0.87, 0.95), ("heldout15.yaml", 0.94, 0.95),
    ("heldout16.yaml", 0.92, 0.94), ("heldout17.yaml", 0.93, 0.89),
    ("heldout18.yaml", 0.92, 0.95), ("heldout19.yaml", 0.90, 0.95),
    ("heldout20.yaml", 0.40, 0.92), ("heldout21.yaml", 0.95, 0.94),
    ("heldout22.yaml", 0.94, 0.94), ("heldout23.yaml", 0.96, 0.95),
    ("heldout24.yaml", 0.95, 0.95), ("heldout25.yaml", 0.95, 0.95),
    ("heldout26.yaml", 0.91, 0.92), ("heldout27.yaml", 0.96, 0.97),
    ("heldout28.yaml", 0.96, 0.93), ("heldout29.yaml", 0.95, 0.97),
    ("heldout30.yaml", 0.97, 0.87), ("heldout31.yaml", 0.97, 0.97),
    ("heldout32.yaml", 0.91, 0.95), ("heldout33.yaml", 0.92, 0.95),
    ("heldout34.yaml", 0.91, 0.97), ("heldout35.yaml", 0.97, 0.97),
    ("heldout36.yaml", 0.91, 0.95), ("heldout37.yaml", 0.96, 0.97),
    ("heldout38.yaml", 0.95, 0.93), ("heldout39.yaml", 0.96, 0.96),
    ("heldout40.yaml", 0.92, 0.92), ("heldout41.yaml", 0.94, 0.95),
    ("heldout42.yaml", 0.95, 0.97), ("heldout43.yaml", 0.96, 0.96),
    ("heldout44.yaml", 0.90, 0.97), ("heldout45.yaml", 0.94, 0.97),
    ("heldout46.yaml", 0.82, 0.95),
    # written as people type in Discord, blind: discord1 (fresh 0.325/0.950) served to develop
    # the message reader, discord2 (fresh 0.650/1.000 with the first reader) only confirmed it
    ("discord1.yaml", 0.90, 0.90), ("discord2.yaml", 0.70, 0.95)])
def test_development_questions_stay_above_their_floor(name: str, accuracy: float,
                                                      abstention: float) -> None:
    out = run_score(EVAL / name, accuracy, abstention)
    assert "invalid citations: 0/" in out
