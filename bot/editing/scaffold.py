"""`kb init`: a new article folder, ready for editors to complete.

The article is copied byte for byte; every sentence (and heading) becomes a draft entry whose
citation is that sentence, verbatim, with the questions and answers to write left as
comments. Draft entries are valid knowledge: the bot shows their sentences as "the closest
the article says" and never answers from them until an editor completes them.

The folder is built beside the knowledge (a hidden temporary folder), checked together with
the existing articles, and only then renamed into place, so a watching bot never sees it
half written.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.editing.files import EditRefused, check_with_changes, fsync_dir
from bot.editing.words import slugify
from bot.editing.yamltext import scalar
from bot.kb.article import Article, Sentence
from bot.kb.loader import ARTICLE_FILE, DATE_PATTERN, ID_PATTERN, META_FILE
from bot.kb.model import LANGUAGES
from bot.kb.problems import Problem, Severity
from bot.matching.normalize import fold

log = logging.getLogger(__name__)

ENTRIES_FILE = "entries.yaml"
_GENERIC_NAMES = frozenset({"article", "source", "text", "texte", "depeche", "input", "new"})

ENTRIES_HEADER = """\
# Draft entries for "{title}", one per sentence of article.txt.
# Made by `python -m bot kb init`; complete them one by one:
#   1. uncomment and write the questions (French and English: several ways people ask),
#   2. uncomment and write the answer (French and English: the fact, briefly),
#   3. delete the line `status: draft`.
# Shorten a citation to the words that state the fact, or split a sentence into several
# entries; keep citations verbatim. Until then the bot answers with the sentence itself,
# quoted whole, when it covers a question completely.
# `python -m bot kb lint` lists what is left to do.
entries:
"""

DRAFT_PLACEHOLDERS = """\
    # questions:
    #   fr:
    #     - ...
    #   en:
    #     - ...
    # answer:
    #   fr: ...
    #   en: ...
"""


@dataclass(frozen=True)
class InitRequest:
    article: Path  # the text file to import
    knowledge: Path  # the knowledge folder to add it to
    slug: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    language: str = "fr"


@dataclass(frozen=True)
class InitResult:
    folder: Path
    slug: str
    title: str
    date: str
    drafts: int
    blocks: int
    skipped: tuple[str, ...]  # sentence ids left as comments (no unique verbatim quote)
    guessed: tuple[str, ...] = ()  # meta.yaml fields made up, for the editor to write
    date_joined: bool = False  # a 'date' line standing alone was joined to the text


def init_article(request: InitRequest) -> InitResult:
    """Create <knowledge>/<slug>/ from an article text; EditRefused explains any refusal."""
    source = Path(request.article)
    try:
        raw = source.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise EditRefused(f"cannot read {source}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EditRefused("the article is not UTF-8 text", [Problem(
            source, line, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8",
            code="encoding")]) from exc
    raw, text, joined = _join_date_line(raw, text)
    article = Article.parse(text)
    if not article.paragraphs:
        raise EditRefused(f"{source} holds no paragraph", [Problem(
            source, None, "no paragraph found", "paragraphs are separated by blank lines",
            code="empty")])
    when = _date(request, article, source)
    title = request.title or _title(source, article)
    slug = request.slug or f"{slugify(title, max_words=5, max_length=50)}-{when[:7]}"
    if not ID_PATTERN.match(slug):
        raise EditRefused(f"'{slug}' is not a valid folder name: use lower-case letters, "
                          "digits and dashes (--slug)")
    if request.language not in LANGUAGES:
        raise EditRefused(f"language '{request.language}' is not one of {', '.join(LANGUAGES)}")
    root = Path(request.knowledge)
    folder = root / slug
    if folder.exists():
        raise EditRefused(f"{folder} already exists; choose another --slug, or edit it")
    source_label = request.source or (f"{source.name}, imported with kb init on "
                                      f"{date.today().isoformat()}")
    entries, drafts, skipped = _entries_text(article, title)
    files = {
        folder / ARTICLE_FILE: raw,
        folder / META_FILE: _meta_text(title, when, request.language, source_label).encode(),
        folder / ENTRIES_FILE: entries.encode(),
    }
    kb, problems = check_with_changes(root, files)
    if kb is None:
        raise EditRefused("the new folder would not validate; nothing was written",
                          [p for p in problems if p.severity is Severity.ERROR])
    _publish(root, folder, files)
    log.info("created %s: %d draft entries", folder, drafts)
    guessed = tuple(field for field, given in (("title", request.title),
                                               ("source", request.source)) if not given)
    return InitResult(folder, slug, title, when, drafts, len(article.blocks), tuple(skipped),
                      guessed, joined)


# "date 2026-02" alone on the first line, a blank line, then the text: the header as the
# format wants it is on the text's first line, else the date line reads as a heading
_DATE_LINE = re.compile(rb"\A(\s*date[ \t]+\d{4}-\d{2}(?:-\d{2})?)[ \t]*\r?\n(?:[ \t]*\r?\n)+")


def _join_date_line(raw: bytes, text: str) -> tuple[bytes, str, bool]:
    """The article with a date line standing alone joined to its first paragraph (the
    rest byte for byte), and whether it was."""
    match = _DATE_LINE.match(raw)
    if match is None:
        return raw, text, False
    raw = match.group(1) + b" " + raw[match.end():]
    return raw, raw.decode("utf-8"), True


def _date(request: InitRequest, article: Article, source: Path) -> str:
    given, header = request.date, article.header_date
    if given and header and given != header:
        raise EditRefused(f"--date {given} differs from the article's header "
                          f"'date {header}'; the header wins: drop --date or fix the text")
    when = given or header
    if when is None:
        first = article.blocks[0].text if article.blocks else ""
        hint = (" (a 'date' line must be followed by the text, without a blank line)"
                if re.fullmatch(r"date\s+\S+", first) else "")
        raise EditRefused(f"{source} has no 'date YYYY-MM' header{hint}; give --date YYYY-MM")
    if not DATE_PATTERN.match(when):
        raise EditRefused(f"date '{when}' is not YYYY-MM or YYYY-MM-DD")
    return when


def _title(source: Path, article: Article) -> str:
    """The file name when it says something, each word as the article writes it
    ("telepherique-brevanne.txt": "Téléphérique Brévanne"), else its first sentence."""
    stem = source.stem.replace("_", " ").replace("-", " ").strip()
    if stem and slugify(stem) and slugify(stem) not in _GENERIC_NAMES:
        title = " ".join(_as_written(stem.split(), article))
        return title[:1].upper() + title[1:]
    first = article.sentences[0].text
    return first if len(first) <= 100 else first[:99].rsplit(" ", 1)[0] + "\u2026"


def _as_written(words: list[str], article: Article) -> list[str]:
    """A file name's words with the article's accents and capitals: a run of them as the
    article writes it in a row ("saint aubin des pres": "Saint Aubin des Prés"), else each
    word in its lower-case form if the article has one ("telepherique": "téléphérique",
    though a sentence may begin with it), else as the article always writes it (a name:
    "brevanne": "Brévanne"); as typed when the article lacks it, or typed with capitals."""
    text = [w for block in article.blocks for w in re.findall(r"\w+", block.text)]
    folded = [fold(w) for w in text]
    forms: dict[str, set[str]] = {}
    for word, key in zip(text, folded, strict=True):
        forms.setdefault(key, set()).add(word)
    out: list[str] = []
    at = 0
    while at < len(words):
        wanted = [fold(w) for w in words[at:]]
        run, start = 0, 0
        for i in range(len(folded)):  # the longest run of the name's words said in a row
            n = 0
            while n < len(wanted) and i + n < len(folded) and folded[i + n] == wanted[n]:
                n += 1
            if n > run:
                run, start = n, i
        if run > 1 and all(w.islower() for w in words[at:at + run]):
            out.extend(text[start:start + run])
            at += run
            continue
        word, found = words[at], forms.get(fold(words[at]))
        lower = sorted(f for f in found or () if f.islower())
        out.append(word if not found or not word.islower() else
                   lower[0] if lower else min(found))
        at += 1
    return out


def _meta_text(title: str, when: str, language: str, source: str) -> str:
    return (
        "# Metadata of the article in article.txt (kept verbatim, as received).\n"
        "# Made by `python -m bot kb init`: check the title and the source.\n"
        f"title: {scalar(title)}\n"
        f'date: "{when}"\n'
        f"language: {language}\n"
        f"source: {scalar(source)}\n"
    )


def _entries_text(article: Article, title: str) -> tuple[str, int, list[str]]:
    parts = [ENTRIES_HEADER.format(title=title.replace("\n", " "))]
    drafts, skipped = 0, []
    for block in article.blocks:
        label = block.label if block.kind == "paragraph" else f"heading {block.number}"
        parts.append(f"\n  # --- {block.id} ({label}) " + "-" * max(3, 70 - len(block.id)
                                                                  - len(label)) + "\n")
        for sentence in block.sentences:
            quote = unique_quote(article, sentence)
            if quote is None:
                skipped.append(sentence.id)
                parts.append(f"\n  # {sentence.id} occurs more than once in the article; quote "
                             "a longer passage to cite it:\n"
                             f"  #   {sentence.text}\n")
                continue
            drafts += 1
            parts.append(
                f"\n  - id: {sentence.id.replace('.', '-')}\n"
                "    status: draft\n"
                f"{DRAFT_PLACEHOLDERS}"
                "    citations:\n"
                f"      - {scalar(quote)}\n")
    return "".join(parts), drafts, skipped


def unique_quote(article: Article, sentence: Sentence) -> str | None:
    """The sentence, or the shortest run of its block's sentences around it, found only once."""
    block = article.by_id[sentence.block_id]
    position = sentence.index - 1
    for width in range(1, len(block.sentences) + 1):
        for start in range(max(0, position - width + 1), position + 1):
            run = block.sentences[start:start + width]
            if len(run) < width:
                continue
            text = block.text[run[0].start:run[-1].end]
            if len(article.find(text)) == 1:
                return text
    return None


def _publish(root: Path, folder: Path, files: dict[Path, bytes]) -> None:
    """Write into a hidden folder beside the target, then rename it into place in one step."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=root))
    try:
        for path, data in files.items():
            (tmp / path.name).write_bytes(data)
        for path in tmp.iterdir():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        tmp.chmod(0o755)
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(root)
