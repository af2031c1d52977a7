"""Where things live in a knowledge folder; light enough to import on every start."""

from __future__ import annotations

from pathlib import Path

LEXICON_FILE = "lexicon.yaml"
ARTICLE_FILE = "article.txt"
META_FILE = "meta.yaml"
ALIASES_FILE = "aliases.yaml"
ENTRIES_GLOB = "entries*.yaml"


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
