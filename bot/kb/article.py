"""The article as a model: numbered blocks (paragraphs and headings) split into sentences.

Citations are checked and located against this model, so it is the single place that decides
what "verbatim" means: the same characters, allowing only different whitespace and quote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from bot.kb.pickled import quick_pickle

# One-to-one character substitutions, so offsets in the squashed text equal offsets in the text.
QUOTE_CHARS = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00ab": '"', "\u00bb": '"', "\u201c": '"',
    "\u201d": '"', "\u201e": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
# "[...]", "(...)", "..." or "…" between two pieces of one quote (same rule as the evaluation).
ELLIPSIS = re.compile(
    r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\(\s*(?:\.\.\.|\u2026)\s*\)|\.\.\.|\u2026)\s*")
DATE_HEADER = re.compile(r"^\s*date\s+(\S+)\s+")
_ABBREVIATIONS = frozenset({"M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "Mgr", "St", "Ste",
                            "Mr", "Mrs", "Ms", "Jr", "Sr", "Gen", "Gén", "Col", "Lt", "No", "art"})
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"\u00bb\u201d']?\s+(?=[\"\u00ab\u201c]?[A-ZÀ-ÖØ-Þ0-9])")


def squash(text: str) -> str:
    """Uniform whitespace and quote characters; case and accents are kept."""
    return " ".join(text.translate(QUOTE_CHARS).split())


def match_key(text: str) -> tuple[str, list[int]]:
    """Text without whitespace and with uniform quotes, and each kept character's offset.

    Comparing these keys tolerates any difference in spacing (including French spaces inside
    guillemets) and in quote characters, and nothing else.
    """
    kept = [(i, c) for i, c in enumerate(text.translate(QUOTE_CHARS)) if not c.isspace()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


@quick_pickle
@dataclass(frozen=True, slots=True)
class Sentence:
    id: str  # "p3.2": second sentence of the third paragraph
    block_id: str
    index: int
    text: str
    start: int
    end: int


@quick_pickle
@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph ("p3") or a heading ("h1"), numbered separately, in article order."""

    id: str
    kind: str  # "paragraph" | "heading"
    number: int
    text: str
    section: str | None  # text of the heading this block falls under, if any
    sentences: tuple[Sentence, ...]

    @property
    def label(self) -> str:
        return f"§{self.number}" if self.kind == "paragraph" else f"titre {self.number}"


@dataclass(frozen=True, slots=True)
class Span:
    """Where a citation lies: a block and character offsets, with the article's own text."""

    block: Block
    start: int
    end: int
    text: str

    def sentences(self) -> list[Sentence]:
        return [s for s in self.block.sentences if s.start < self.end and s.end > self.start]


def is_heading(block: str) -> bool:
    """Headings are short lines without final punctuation (same rule as the evaluation)."""
    return len(block) < 120 and not block.endswith((".", "?", "!", '"', "\u00bb", "\u2026"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets, not splitting after abbreviations such as "M." or initials."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(None, 1)[-1].rstrip(".") if match.start() else ""
        if text[match.start()] == "." and (before in _ABBREVIATIONS or (len(before) == 1
                                                                       and before.isupper())):
            continue
        end = match.end()
        piece = text[start:end].rstrip()
        bounds.append((start, start + len(piece)))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    return bounds


@dataclass(frozen=True)
class Article:
    """Verbatim article text split into blocks, plus the date found in its header, if any."""

    blocks: tuple[Block, ...]
    header_date: str | None = None
    _keys: dict[str, tuple[str, list[int]]] = field(default_factory=dict, repr=False,
                                                    compare=False)

    @classmethod
    def parse(cls, raw: str) -> Article:
        pieces = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()]
        header_date = None
        if pieces and (match := DATE_HEADER.match(pieces[0])):
            header_date = match.group(1)
            pieces[0] = pieces[0][match.end():]
        blocks: list[Block] = []
        numbers = {"paragraph": 0, "heading": 0}
        section = None
        for text in pieces:
            kind = "heading" if is_heading(text) else "paragraph"
            numbers[kind] += 1
            bid = f"{kind[0] if kind == 'paragraph' else 'h'}{numbers[kind]}"
            if kind == "heading":
                section = text
                sentences = (Sentence(bid, bid, 1, text, 0, len(text)),)
            else:
                sentences = tuple(
                    Sentence(f"{bid}.{i}", bid, i, text[a:b], a, b)
                    for i, (a, b) in enumerate(split_sentences(text), 1)
                )
            blocks.append(Block(bid, kind, numbers[kind], text, section, sentences))
        return cls(tuple(blocks), header_date)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @cached_property
    def by_id(self) -> dict[str, Block]:
        return {b.id: b for b in self.blocks}

    @cached_property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    @cached_property
    def sections(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "heading")

    def _key(self, block: Block) -> tuple[str, list[int]]:
        key = self._keys.get(block.id)
        if key is None:
            key = self._keys[block.id] = match_key(block.text)
        return key

    def find(self, quote: str) -> list[Span]:
        """Every place the quote occurs verbatim; pieces joined by an ellipsis stay in order."""
        pieces = [match_key(p)[0] for p in ELLIPSIS.split(quote)]
        pieces = [p for p in pieces if p]
        if not pieces:
            return []
        spans = []
        for block in self.blocks:
            key, offsets = self._key(block)
            start = key.find(pieces[0])
            while start >= 0:
                pos, parts = start, []
                for piece in pieces:
                    pos = key.find(piece, pos)
                    if pos < 0:
                        break
                    a, b = offsets[pos], offsets[pos + len(piece) - 1] + 1
                    parts.append(block.text[a:b])
                    pos += len(piece)
                else:
                    end = offsets[pos - 1] + 1
                    spans.append(Span(block, offsets[start], end, " [\u2026] ".join(parts)))
                start = key.find(pieces[0], start + 1)
        return spans

    def closest(self, quote: str) -> tuple[Block, str, float]:
        """The passage most like a (non-verbatim) quote: for "did you mean" in error messages."""
        best: tuple[Block, str, float] | None = None
        needle = squash(quote)
        for block in self.blocks:
            text = block.text.translate(QUOTE_CHARS)  # one-to-one, so offsets still apply
            hit = fuzz.partial_ratio_alignment(needle, text)
            if hit and (best is None or hit.score > best[2]):
                start = block.text.rfind(" ", 0, hit.dest_start + 1) + 1
                end = block.text.find(" ", max(hit.dest_end - 1, start))
                passage = block.text[start:end if end >= 0 else None].strip(" ,;:")
                best = (block, passage, hit.score)
        assert best is not None, "an article has at least one block"
        return best
