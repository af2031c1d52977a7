"""Discord markup, mentions, emoji, links, code and invisible characters, out of a message.

Chat messages carry more than their words: a mention's digits would read as a number ("how
many"), a zero-width space splits "améri\u200bcains" in two, a link adds words nobody asked.
Everything removed is reported, so "Why this answer?" can show it. A removed piece becomes a
space, never nothing, so that removing one piece cannot join two others into a new one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bot.reading.model import Ignored, Kind

# Zero-width characters, soft hyphen, word joiner, BOM, direction marks, control characters.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c"
                        "\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters markup starts with, and the rarer signs of an emoticon or a list: a message
# without any has no markup (most questions: one quick scan instead of a dozen).
_MARKUP_CHARS = re.compile("[<>@#*_~|`\\[\\]\\\\^:;=\u2022"
                           "\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2900-\u297f"
                           "\u2b00-\u2bff\u3030\u303d\u3297\u3299\ufe00-\ufe0f\u20e3"
                           "\u00a9\u00ae\u2122\u2139\u203c\u2049"
                           "\U0001f000-\U0001faff\U000e0020-\U000e007f]|www\\.|[xX][D)(]")
_LIST_START = re.compile(r"(?:^|\n)[ ]*(?:-|\d{1,2}[.)])[ ]")

_FENCE = re.compile(r"```(?:[\w+#.-]*\n)?(.*?)```", re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# A few words of letters in backticks: stressed words, not code (no digits, no symbols).
_STRESSED = re.compile(r"[ ]*[^\W\d_]+(?:[ '\u2019-]+[^\W\d_]+){0,3}[ ]*")
_BLOCK_QUOTE = re.compile(r"^[ ]*>>>[ ](.*)", re.DOTALL | re.MULTILINE)
_QUOTE_LINE = re.compile(r"^[ ]*>[ ](.*)$|^[ ]*>$", re.MULTILINE)
_QUOTE_END = re.compile(r"[ ]{3,}(?=\S)")
_SUBTEXT = re.compile(r"^[ ]*-#[ ]+(.*)$", re.MULTILINE)
_LINE_MARKERS = re.compile(r"^[ ]*(?:#{1,3}|[-*•]|\d{1,2}[.)])[ ]+(?=\S)", re.MULTILINE)

_MASKED_LINK = re.compile(r"\[([^\[\]\n]{1,256})\]\(\s*<?((?:https?|discord)://[^\s)>]*)>?"
                          r"(?:\s+\"[^\"\n]*\")?\s*\)")
_URL = re.compile(r"<?(?:https?|discord)://[^\s<>]+>?|(?<![\w@./])www\.[^\s<>]+")
_URL_TAIL = re.compile(r"[.,;:!?)\]»\"']+$")
_MENTIONS: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"<@!?\d+>"), Kind.MENTION),
    (re.compile(r"<@&\d+>"), Kind.ROLE),
    (re.compile(r"<#\d+>"), Kind.CHANNEL),
    (re.compile(r"</[^<>:\n]{1,100}:\d+>"), Kind.MENTION),  # a slash command
    (re.compile(r"<a?:\w{1,64}:\d+>"), Kind.EMOJI),  # a server's custom emoji
    (re.compile(r"<t:-?\d+(?::[tTdDfFRsS])?>"), Kind.MARKUP),  # a timestamp
    (re.compile(r"<id:\w+>"), Kind.MARKUP),  # a server navigation link
    # anything else around an id: never let its digits through
    (re.compile(r"<[^<>\s]{0,64}\d{6,}[^<>\s]{0,64}>"), Kind.MARKUP),
    (re.compile(r"(?<![\w@])@(?:everyone|here)(?!\w)", re.IGNORECASE), Kind.MENTION),
    (re.compile(r"(?<![\w:]):[a-z0-9_+-]{2,32}:(?![\w:])"), Kind.EMOJI),  # :joy: typed
)
# Pairs that wrap text the reader still reads: spoiler, bold, underline, strike, italics.
_WRAPPERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\|\|(.+?)\|\|", re.DOTALL), "||"),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL), "**"),
    (re.compile(r"__(?=\S)(.+?)(?<=\S)__", re.DOTALL), "__"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL), "~~"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])", re.DOTALL), "*"),
    (re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)", re.DOTALL), "_"),
)
_ESCAPE = re.compile(r"\\([\\*_~|`>#\[\]()<@:-])")
_EMOJI = re.compile("[\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff"
                    "\u3030\u303d\u3297\u3299\ufe00-\ufe0f\u20e3\u00a9\u00ae\u2122\u2139"
                    "\u203c\u2049\U0001f000-\U0001faff\U000e0020-\U000e007f]+")
_EMOTICON = re.compile(r"(?<![\w:/])(?:[:;=][-'^]?[)(\]\[DPpOo3|/\\*$@]+|[xX][)D(]+|<3+"
                       r"|\^\^|\^_+\^|-_+-|[oO]_[oO]|T_T)(?!\w)")
_SPACES = re.compile(r"[ ]{2,}")
_WORD = re.compile(r"\w")


def _code_text(text: str) -> str:
    return " ".join(text.split())[:80]


# What an emoji between two words becomes: a clause separator the reader splits at.
CLAUSE_MARK = " — "
_WORD_BEFORE = re.compile(r"\w[ ]*$")
_WORD_AFTER = re.compile(r"[ ]*\w")


def _remove(pattern: re.Pattern[str], kind: Kind, text: str, found: list[Ignored],
            shown: Callable[[re.Match[str]], str] = re.Match.group) -> str:
    """Replace each match by a space, reporting it; an emoji between two words by a clause
    separator (see between_words)."""

    def replace(match: re.Match[str]) -> str:
        found.append(Ignored(kind, shown(match)))
        if kind is Kind.EMOJI and between_words(match):
            return CLAUSE_MARK
        return " "

    return pattern.sub(replace, text)


def between_words(match: re.Match[str]) -> bool:
    """Whether a match stands between two words of one line ("je pensais X 🤔 il a été
    ..."): in chat an emoji there ends a thought, as a comma or a dash would, so the clause
    before it can be set aside like any other ("coucou 👋 je viens de lire ...")."""
    text = match.string
    return bool(_WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
                and _WORD_AFTER.match(text, match.end()))


def apart(match: re.Match[str]) -> bool:
    """Whether a spoiler stands apart from the question on its line: first, before other
    words ("||spoiler for those who didn't read it|| how was he killed?", "||rip|| how many
    rescues?"), or last, after a sentence that ended ("how many? ||I bet 3000||"). Inside a
    sentence ("combien de ||soldats|| ?") it is part of it."""
    text = match.string
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    before, after = text[start:match.start()], text[match.end():end if end >= 0 else None]
    if not _WORD.search(before):
        return bool(_WORD.search(after))
    return not _WORD.search(after) and before.rstrip()[-1:] in "?!.…"


def _unwrap(pattern: re.Pattern[str], marker: str, text: str, found: list[Ignored]) -> str:
    """Keep what a pair of markers wraps."""

    def replace(match: re.Match[str]) -> str:
        found.append(Ignored(Kind.MARKUP, marker))
        return match.group(1)

    return pattern.sub(replace, text)


def _link(match: re.Match[str], found: list[Ignored]) -> str:
    """A bare link is dropped; punctuation after it still ends the sentence."""
    url, kept = match.group(), ""
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    else:
        url = url.lstrip("<")
        tail = _URL_TAIL.search(url)
        if tail:
            url, kept = url[: tail.start()], tail.group()
    found.append(Ignored(Kind.LINK, url))
    return " " + kept


def _inline(text: str, found: list[Ignored], spoilers: list[str] | None = None) -> str:
    """Markup within lines, until nothing changes (removing one layer may reveal another).
    With `spoilers`, a spoiler standing apart from the question goes there (see apart)."""
    for _ in range(4):
        before = text

        def masked(match: re.Match[str]) -> str:
            found.append(Ignored(Kind.LINK, match.group(2)))
            return match.group(1)

        if "](" in text:
            text = _MASKED_LINK.sub(masked, text)
        if "://" in text or "www." in text:
            text = _URL.sub(lambda m: _link(m, found), text)
        if "<" in text or "@" in text or ":" in text:
            for pattern, kind in _MENTIONS:
                text = _remove(pattern, kind, text, found)
        if spoilers is not None and "||" in text:

            def spoiler(match: re.Match[str]) -> str:
                found.append(Ignored(Kind.MARKUP, "||"))
                if not apart(match):
                    return match.group(1)
                spoilers.append(match.group(1))
                return " "

            text = _WRAPPERS[0][0].sub(spoiler, text)
        if any(c in text for c in "|*_~"):
            for pattern, marker in _WRAPPERS:
                text = _unwrap(pattern, marker, text, found)
        if "\\" in text:
            text = _ESCAPE.sub(r"\1", text)
        text = _remove(_EMOJI, Kind.EMOJI, text, found)
        text = _remove(_EMOTICON, Kind.EMOJI, text, found)
        if text == before:
            break
    return text


def _tidy(text: str) -> str:
    """Single spaces, no empty lines but one where a paragraph ends (a hard sentence end)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def strip_invisible(text: str, found: list[Ignored]) -> str:
    """Invisible characters out, Unicode composed (NFC), odd spaces and line breaks plain."""
    if _INVISIBLE.search(text):
        names = dict.fromkeys(f"U+{ord(c):04X}" for c in _INVISIBLE.findall(text))
        found.extend(Ignored(Kind.INVISIBLE, name) for name in names)
        text = _INVISIBLE.sub("", text)
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _ODD_SPACES.sub(" ", text)
    elif "\t" in text:
        text = text.replace("\t", " ")
    return _LINE_BREAKS.sub("\n", text)


def has_markup(text: str) -> bool:
    """Whether the text may hold anything strip_markup removes (one quick scan)."""
    return bool(_MARKUP_CHARS.search(text) or _LIST_START.search(text))


def strip_markup(text: str, found: list[Ignored],
                 asked_at: Callable[[str], int | None] | None = None) -> str:
    """The message without Discord markup; a quote of someone else's words only when
    nothing else is left. Lines are kept (they often separate sentences). `asked_at`:
    where a quoted line's own question starts, if it has one (see quote_and_reply)."""
    if not has_markup(text):
        return _tidy(text) if "\n" in text or "  " in text else text.strip()
    for _ in range(4):  # until nothing changes: removing a mention may reveal a list marker
        stripped = _strip_once(text, found, asked_at)
        if stripped == text:
            break
        text = stripped
    return text


def _strip_once(text: str, found: list[Ignored],
                asked_at: Callable[[str], int | None] | None) -> str:
    if "`" in text:
        text = _FENCE.sub(lambda m: _remove_code(m, found), text)
        text = _INLINE_CODE.sub(lambda m: _inline_code(m, found), text)
        if "`" in text:
            found.append(Ignored(Kind.MARKUP, "`"))
            text = text.replace("`", " ")
    quoted: list[str] = []
    asides: list[str] = []
    if "-#" in text:  # subtext: small print beside the message, read only if alone

        def subtext(match: re.Match[str]) -> str:
            found.append(Ignored(Kind.MARKUP, "-#"))
            asides.append(match.group(1))
            return ""

        text = _SUBTEXT.sub(subtext, text)
    if ">" in text:
        block = _BLOCK_QUOTE.search(text)
        if block:
            quoted.append(block.group(1))
            text = text[: block.start()]

        def quote_line(match: re.Match[str]) -> str:
            quote, own = quote_and_reply(match.group(1) or "", asked_at)
            quoted.append(quote)
            return own

        text = _QUOTE_LINE.sub(quote_line, text)
    if "#" in text or "-" in text or "*" in text or "•" in text or text.lstrip()[:1].isdigit():
        text = _LINE_MARKERS.sub(lambda m: _marker(m, found), text)
    spoilers: list[str] = []
    text = _tidy(_inline(text, found, spoilers))
    for kind, lines in ((Kind.QUOTE, quoted), (Kind.SPOILER, spoilers),
                        (Kind.CHATTER, asides)):
        inside: list[Ignored] = []  # the markup of words set aside is not worth reporting
        aside = _tidy(_inline("\n".join(lines), inside))
        if not _WORD.search(aside):
            continue
        if _WORD.search(text):
            found.append(Ignored(kind, " ".join(aside.split())))
        else:  # the quote is the question ("> how many soldiers?" and nothing else)
            if kind is Kind.QUOTE:  # (subtext markers are reported where found)
                found.append(Ignored(Kind.MARKUP, ">"))
            found.extend(inside)
            text = aside
    return text


def quote_and_reply(line: str, asked_at: Callable[[str], int | None] | None = None
                    ) -> tuple[str, str]:
    """A quoted line, and the writer's own words typed after it on the same line: a run of
    three spaces or more ends the quote, as when the line break between a pasted quote and
    the reply was lost ("> un mandat contre Trump   attendez, c'est quelle enquête ?"), and
    so does the question a line ends with (`asked_at` finds where it starts: "> 114
    familles sur le carreau c'est qui qui a dit ça ?")."""
    found = _QUOTE_END.search(line)
    if found is None or not _WORD.search(line[:found.start()]):
        at = asked_at(line) if asked_at is not None and line.rstrip().endswith("?") else None
        if at:
            return line[:at], line[at:]
        return line, ""
    return line[:found.start()], line[found.end():]


def _inline_code(match: re.Match[str], found: list[Ignored]) -> str:
    """Inline code: words set off in backticks ("how many `contributions`", "le `Gold
    Label`") are what the reader stresses, kept without the backticks; code is removed."""
    words = match.group(2)
    if _STRESSED.fullmatch(words):
        found.append(Ignored(Kind.MARKUP, match.group(1)))
        return f" {words.strip()} "
    return _remove_code(match, found, 2)


def _remove_code(match: re.Match[str], found: list[Ignored], group: int = 1) -> str:
    found.append(Ignored(Kind.CODE, _code_text(match.group(group))))
    return " "


def _marker(match: re.Match[str], found: list[Ignored]) -> str:
    """A heading, subtext or list item is a sentence of its own: a blank line before it
    ends the one above."""
    found.append(Ignored(Kind.MARKUP, match.group().strip()))
    return "\n"
