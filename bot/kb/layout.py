"""Where things live in a knowledge folder; light enough to import on every start."""

from __future__ import annotations

from pathlib import Path

LEXICON_FILE = "lexicon.yaml"
ARTICLE_FILE = "article.txt"
META_FILE = "meta.yaml"
ALIASES_FILE = "aliases.yaml"
ENTRIES_GLOB = "entries*.yaml"
ENTRIES_FILE = "entries.yaml"


def entries_files(folder: Path) -> list[Path]:
    """An article's entries files, entries.yaml first: problems about the article's entries
    as a whole point at the file editors open first."""
    return sorted(Path(folder).glob(ENTRIES_GLOB), key=lambda p: (p.name != ENTRIES_FILE, p.name))


def knowledge_files(root: Path) -> list[Path]:
    """Every file the loader reads, for change detection and cache keys."""
    root = Path(root)
    files = [root / LEXICON_FILE] if (root / LEXICON_FILE).is_file() else []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for name in (ARTICLE_FILE, META_FILE, ALIASES_FILE):
                if (folder / name).is_file():
                    files.append(folder / name)
            files.extend(sorted(folder.glob(ENTRIES_GLOB)))
    return files
