"""Shared fixtures: small knowledge folders written to a temporary directory.

Tests never edit the shipped knowledge; those that need it copy it first.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "knowledge"
SLUG = "irak-soudani-trump-2024-11"
ARTICLE = SHIPPED / SLUG / "article.txt"

META = """\
title: "Test article"
date: "2024-11"
language: fr
source: "tests"
"""

ENTRIES = """\
entries:
  - id: troops-count
    questions:
      fr:
        - Combien de soldats américains sont en Irak ?
        - Nombre de militaires américains en Irak
      en:
        - How many US troops are in Iraq?
    answer:
      fr: Environ 2.500 soldats américains sont en Irak.
      en: About 2,500 US soldiers are in Iraq.
    citations:
      - "environ 2.500 soldats américains déployés"
    related: [warrant-date]
  - id: warrant-date
    questions:
      fr:
        - Quand le mandat d'arrêt contre Trump a-t-il été émis ?
      en:
        - When was the arrest warrant against Trump issued?
    answer:
      fr: En janvier 2021.
      en: In January 2021.
    citations:
      - "un mandat d'arrêt national contre M. Trump en janvier 2021"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A one-article knowledge folder with two entries."""
    root = tmp_path / "knowledge"
    folder = root / SLUG
    folder.mkdir(parents=True)
    shutil.copy(ARTICLE, folder / "article.txt")
    write(folder / "meta.yaml", META)
    write(folder / "entries.yaml", ENTRIES)
    return root


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge, safe to edit."""
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    return root
