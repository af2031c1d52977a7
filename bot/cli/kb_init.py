"""`kb init ARTICLE.txt`: a new article folder with one draft entry per sentence."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import StartupError, fail
from bot.cli.kb_common import knowledge_root, refused
from bot.editing.files import EditRefused
from bot.editing.scaffold import ENTRIES_FILE, InitRequest, init_article


def run(args: argparse.Namespace) -> int:
    try:
        root, _ = knowledge_root(args)
    except StartupError as exc:
        return fail(exc)
    request = InitRequest(article=args.article, knowledge=root, slug=args.slug,
                          title=args.title, date=args.date, source=args.source,
                          language=args.language)
    try:
        result = init_article(request)
    except EditRefused as exc:
        return refused(exc)
    out = sys.stdout.write
    out(f"Created {result.folder}/ for \u00ab{result.title}\u00bb ({result.date}): "
        f"{result.blocks} blocks, {result.drafts} draft entries.\n")
    for sid in result.skipped:
        out(f"  {sid}: occurs more than once in the article; left as a comment to cite by "
            "hand\n")
    if result.date_joined:
        out("  article.txt: the 'date' line stood alone; it now opens the first paragraph, "
            "as the format wants (the rest is the text as given).\n")
    if result.guessed:
        out(f"  meta.yaml: {_guesses(result.guessed)}\n")
    out(f"Next: check {result.folder / 'meta.yaml'}, complete the drafts in "
        f"{result.folder / ENTRIES_FILE} (or add entries with `python -m bot kb add "
        f"--article {result.slug}`), then run `python -m bot kb lint`.\n"
        "The bot already answers from the article's sentences (quoted whole, marked as "
        "drawn from the article); completed entries give short answers and come first.\n")
    return 0


_GUESSED_FROM = {"title": "made from the file name or the first sentence",
                 "source": "made from the file name and the day"}


def _guesses(fields: tuple[str, ...]) -> str:
    """"the title is a guess (...)", "the title and the source are guesses (...)"."""
    how = "; ".join(f"{field}: {_GUESSED_FROM[field]}" for field in fields)
    options = " and ".join(f"--{field}" for field in fields)
    if len(fields) == 1:
        return f"the {fields[0]} is a guess ({how}): write the real one, or give {options}."
    return (f"the {' and the '.join(fields)} are guesses ({how}): write the real ones, or "
            f"give {options}.")
