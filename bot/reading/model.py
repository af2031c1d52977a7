"""What the reader makes of a message: the question part(s), and what it set aside and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Why a piece of a message was not read as part of the question."""

    MENTION = "mention"  # <@123>, <@!123>, @everyone, @here, </command:123>
    ROLE = "role"  # <@&123>
    CHANNEL = "channel"  # <#123>
    EMOJI = "emoji"  # <:name:123>, unicode emoji, :) and the like
    MARKUP = "markup"  # headings, bold, spoilers, list markers, timestamps
    LINK = "link"  # https://... (a masked link keeps its text)
    CODE = "code"  # `inline` and ``` fenced ```
    QUOTE = "quote"  # > what someone else said
    SPOILER = "spoiler"  # ||hidden text|| beside the question: "||rip|| how many ...?"
    CHATTER = "chatter"  # greetings, the reader's story, laughter
    GUESS = "guess"  # the reader's own guess: "jsp si c'est 1000 ou 3000"
    INVISIBLE = "invisible"  # zero-width and control characters
    ABBREVIATION = "abbreviation"  # not ignored but read differently: "cb -> combien"
    QUESTION = "question"  # a question beyond the number answered in one reply


@dataclass(frozen=True, slots=True)
class Ignored:
    kind: Kind
    text: str

    def pair(self) -> tuple[str, str]:
        return str(self.kind), self.text


@dataclass(frozen=True, slots=True)
class Reading:
    """A message as the matcher should see it.

    `questions` are the question parts, in order (one for most messages; none for a message
    with nothing left to read); `text` is what they say together, a paragraph per sentence
    (so that reading it again finds the same sentences); `whole` is the message
    cleaned of markup only, with its chatter and quotes, for a question that means nothing
    without them ("my uncle says 2,000 soldiers, is that right?"). `claimed` is the
    question(s) read with what the story and guesses set aside claim, their openers left out
    ("mon prof disait que le mandat datait de 2020, c'est bien ça ?" -> "le mandat datait de
    2020, c'est bien ça ?"), or "" when they claim nothing; `claimed_from` the pieces set
    aside that it reads. `bare` is the (first) question's sentence without the statements kept
    with it, read when the question with them is not answered.
    """

    original: str
    text: str
    questions: tuple[str, ...]
    whole: str
    ignored: tuple[Ignored, ...] = ()
    claimed: str = ""
    claimed_from: tuple[str, ...] = ()
    # the one question sentence alone, when statements were kept with it ("J'ai suivi la
    # course à la télé. On se demandait : combien de coureurs au départ ?"), else ""
    bare: str = ""

    @property
    def unchanged(self) -> bool:
        """One question, nothing removed or rewritten: the matcher may read the message
        itself."""
        return (not self.ignored and len(self.questions) <= 1
                and self.text.split() == self.original.split())
