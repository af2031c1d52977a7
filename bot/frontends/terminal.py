"""Plain-text rendering of answers for the terminal (`ask` and `chat`)."""

from __future__ import annotations

import textwrap

from bot.answers import FROM_SENTENCE, Answer, Quote, set_aside_note, unquoted
from bot.frontends.typography import date_in_words
from bot.matching.matcher import Status

LABELS = {
    "fr": {"source": "Source", "see_also": "Voir aussi",
           "closest": "Passage le plus proche", "did_you_mean": "Vouliez-vous dire",
           "heading": "intertitre"},
    "en": {"source": "Source", "see_also": "See also",
           "closest": "Closest passage", "did_you_mean": "Did you mean",
           "heading": "subheading"},
}


def heading(label: str, language: str) -> str:
    """French puts a space before the colon."""
    return f"{label} :" if language == "fr" else f"{label}:"


def where(quote: Quote, language: str) -> str:
    if quote.paragraph is not None:
        return f"§{quote.paragraph}"
    return f"{LABELS[language]['heading']} {quote.block[1:]}"


def render_quote(quote: Quote, language: str, width: int = 88) -> str:
    # no-break spaces inside « »: a closing guillemet never wraps onto a line of its own
    body = textwrap.fill(f"\u00ab\u00a0{unquoted(quote.quote)}\u00a0\u00bb", width=width - 8,
                         subsequent_indent=" " * 8, break_on_hyphens=False)
    label = where(quote, language)
    return f"  {label:<5} {body}" if len(label) <= 5 else f"  {label}\n        {body}"


def render(answer: Answer, width: int = 88) -> str:
    """The answer, its citations with paragraph numbers, the article and its date; for a
    message asking several things, each question with its answer or why there is none."""
    lang = answer.language if answer.language in LABELS else "fr"
    labels = LABELS[lang]
    if answer.parts:
        lines = []
        for number, part in enumerate(answer.parts, 1):
            lines.append(textwrap.fill(f"{number}. {part.question}", width=width,
                                       subsequent_indent="   "))
            lines.extend(f"   {line}" for line in _body(part, lang, width - 3))
        quotes = tuple(q for part in answer.parts
                       for q in part.citations or ((part.closest,) if part.closest else ()))
        note = set_aside_note(answer)
        if note:
            lines.append(textwrap.fill(note, width=width, subsequent_indent="   "))
    else:
        lines = _body(answer, lang, width)
        quotes = answer.citations or ((answer.closest,) if answer.closest else ())
    if quotes:
        title = (f"\u00ab {quotes[0].title} \u00bb" if lang == "fr" else f'"{quotes[0].title}"')
        lines.append(f"  \u2014 {heading(labels['source'], lang)} {title}, "
                     f"{date_in_words(quotes[0].date, lang)}")
    numbered = list(answer.suggestions)
    if answer.suggestions and answer.status is not Status.AMBIGUOUS:
        lines.append(heading(labels["did_you_mean"], lang))
    lines.extend(f"  {n}. {s.question}" + (f" \u2014 {s.article}" if s.article else "")
                 for n, s in enumerate(answer.suggestions, 1))
    if answer.related:
        lines.append(heading(labels["see_also"], lang))
        lines.extend(f"  {n}. {s.question}"
                     for n, s in enumerate(answer.related, len(numbered) + 1))
    return "\n".join(lines)


def _body(answer: Answer, lang: str, width: int) -> list[str]:
    """The text, then the citations (or the closest passage, said so)."""
    lines = textwrap.fill(answer.text, width=width, break_on_hyphens=False).split("\n")
    quotes = answer.citations or ((answer.closest,) if answer.closest else ())
    if answer.closest and not answer.citations:
        lines.append(heading(LABELS[lang]["closest"], lang))
    for quote in quotes:
        if answer.reason in FROM_SENTENCE and quote.quote in answer.text:
            # the answer is the quote itself: say only where it is
            lines.append(f"  {where(quote, lang)}")
            continue
        lines.extend(render_quote(quote, lang, width).split("\n"))
    return lines
