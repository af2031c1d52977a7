"""Plain-text rendering of answers for the terminal (`ask` and `chat`)."""

from __future__ import annotations

import textwrap

from bot.answers import Answer, Quote
from bot.matching.matcher import Status

LABELS = {
    "fr": {"source": "Source", "as_of": "état au", "see_also": "Voir aussi",
           "closest": "Passage le plus proche", "did_you_mean": "Vouliez-vous dire",
           "heading": "titre"},
    "en": {"source": "Source", "as_of": "as of", "see_also": "See also",
           "closest": "Closest passage", "did_you_mean": "Did you mean", "heading": "heading"},
}


def heading(label: str, language: str) -> str:
    """French puts a space before the colon."""
    return f"{label} :" if language == "fr" else f"{label}:"


def where(quote: Quote, language: str) -> str:
    if quote.paragraph is not None:
        return f"§{quote.paragraph}"
    return f"{LABELS[language]['heading']} {quote.block[1:]}"


def render_quote(quote: Quote, language: str, width: int = 88) -> str:
    body = textwrap.fill(f"\u00ab {quote.quote} \u00bb", width=width - 8,
                         subsequent_indent=" " * 8)
    return f"  {where(quote, language):<5} {body}"


def render(answer: Answer, width: int = 88) -> str:
    """The answer, its citations with paragraph numbers, the article and its date."""
    lang = answer.language if answer.language in LABELS else "fr"
    labels = LABELS[lang]
    lines = [textwrap.fill(answer.text, width=width)]
    quotes = answer.citations or ((answer.closest,) if answer.closest else ())
    if answer.closest and not answer.citations:
        lines.append(heading(labels["closest"], lang))
    lines.extend(render_quote(quote, lang, width) for quote in quotes)
    if quotes:
        title = (f"\u00ab {quotes[0].title} \u00bb" if lang == "fr" else f'"{quotes[0].title}"')
        lines.append(f"  \u2014 {heading(labels['source'], lang)} {title} "
                     f"({labels['as_of']} {quotes[0].date})")
    numbered = list(answer.suggestions)
    if answer.suggestions and answer.status is not Status.AMBIGUOUS:
        lines.append(heading(labels["did_you_mean"], lang))
    lines.extend(f"  {n}. {s.question}" for n, s in enumerate(answer.suggestions, 1))
    if answer.related:
        lines.append(heading(labels["see_also"], lang))
        lines.extend(f"  {n}. {s.question}"
                     for n, s in enumerate(answer.related, len(numbered) + 1))
    return "\n".join(lines)
