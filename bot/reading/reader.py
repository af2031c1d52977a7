"""Read a chat message the way a person would before answering it.

People do not type bare questions: they greet, say what they just read, guess, laugh, mention
someone, quote, abbreviate, and sometimes ask two things at once. The matcher compares what
is asked with the knowledge; everything else in the message only gets in its way (a greeting
or a guess adds words no entry covers, so the bot declines). The reader keeps the question
part(s), expands chat abbreviations, and reports what it set aside. It knows no article:
its word lists are language facts, in `bot/lang/<language>/`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.matching.language import text_language
from bot.matching.normalize import QUOTE_MARKS
from bot.reading.markup import has_markup, strip_invisible, strip_markup
from bot.reading.model import Ignored, Kind, Reading
from bot.reading.tables import Tables, abbreviation_key, fold_tokens, tables

# Longer than any Discord message (4,000 characters with Nitro): not read, the matcher
# refuses it by length, and reading it would cost time for nothing.
MAX_READ_CHARS = 4000

# Sentence ends: "?", "!", "…" always; "." before a space (not after "U.S" or "M"); a line.
_ENDS = re.compile(r"[?!…]+[\"'»)\]]*|\.{2,}|\.(?=\s)|\n(?:[ ]*\n)*")
_ABBREVIATED = frozenset("""mr mrs ms dr st etc vs cf env ex no jr sr av apr mme mlle gen gén
col lt sgt gov sen rep prof""".split())
_LAST_WORD = re.compile(r"(\w+)$")
# Clause separators inside a sentence: ", " "; " ": " " - " " — ".
_CLAUSES = re.compile(r"(?<=[,;:])\s+|\s+[-–—]\s+")
_WORD = re.compile(r"\w")
# before "et"/"and"/"mais"/"but" (what may join two questions with no comma)
_JOINED = re.compile(r"\s+(?=(?:et|and|mais|but)\s)", re.IGNORECASE)
_MIN_JOINED_WORDS = 4  # words the first of two questions so joined says
_MIN_JOINED_SAID = 2  # or, shorter, words it says after its question word ("qui a gagné")
_STOPS = ("?", "!", ".", "…")
_SPACED_TERMINAL = re.compile(r"\s*[?!.…]+[\"'»)\]]*$")

_ASKING = frozenset({"question", "request"})
_SKIPPED = frozenset({"greeting", "appeal", "discourse", "preamble", "turn", "filler"})
_ASIDE = frozenset({"story", "guess"})
_CUT = frozenset({"preamble", "appeal"})  # what an opening loses (see _unopened)
MIN_QUOTED = 3  # words a quoted line holds before a question it ends with
_GUESS = frozenset({"guess"})
_CLAIM = frozenset({"claim"})
_QUESTION = frozenset({"question"})
_SUBJECT = frozenset({"subject"})
_TOKEN = re.compile(r"[^\W_]+")  # the words of fold_tokens, found in the text itself
# Values offered as alternatives: "1000 ou 3000", "4 or 10", "entre 2 et 3 000".
_ALTERNATIVES = re.compile(r"\d[\d.,\u202f]*(?:[ ]\d{3})*\s+\w{1,3}\s+\d[\d.,\u202f]*(?:[ ]\d{3})*")


@lru_cache(maxsize=4096)
def read_message(text: str) -> Reading:
    """The question part(s) of a message, cleaned, and what was set aside.

    A message with no question sentence is read whole (markup and chatter words aside); one
    with question sentences keeps them and drops greetings, stories and guesses around
    them; other statements stay with the question they precede (they are often its subject).
    Reading what it returns changes nothing more.
    """
    reading = _read(text)
    for _ in range(3):
        # Setting a piece aside can put markup at the start of a line ("?* 0" -> "* 0"):
        # read again until nothing changes, which plain text never needs.
        if reading.text == text or not has_markup(reading.text):
            break
        again = _read(reading.text)
        if again.text == reading.text:
            break
        reading = Reading(text, again.text, again.questions, reading.whole,
                          reading.ignored + again.ignored, reading.claimed,
                          reading.claimed_from)
    return reading


def _read(text: str) -> Reading:
    if len(text) > MAX_READ_CHARS:
        plain = " ".join(text.split())
        return Reading(text, plain, (plain,) if plain else (), plain)
    found: list[Ignored] = []
    book = tables()
    cleaned = strip_markup(strip_invisible(text, found), found,
                           lambda line: _asked_after_quote(line, book))
    if book.may_apply(cleaned):
        cleaned = _expand(cleaned, book, found)
        if book.fillers is not None:
            cleaned = _drop_fillers(cleaned, book, found)
    plain = " ".join(cleaned.split())
    if not plain:
        return Reading(text, "", (), "", tuple(found))
    # "> Trump va retirer les troupes" then "c'est vrai ?": the quote is what is asked about
    # (so may a spoiler beside the question be).
    # A quote stays marked as one, so that "who said that?" can look it up.
    whole = " ".join([*(_quoted(i.text) if i.kind is Kind.QUOTE else i.text
                        for i in found if i.kind in (Kind.QUOTE, Kind.SPOILER)), plain])
    parts = _question_parts(cleaned, book, found)
    if not parts:  # read whole, its lines kept so that reading it again reads the same
        unopened = _unopened(plain, book, found)
        if unopened != plain:
            return Reading(text, unopened, (unopened,), whole, tuple(found))
        return Reading(text, cleaned.strip(), (plain,), whole, tuple(found))
    parts = [[_unopened(sentence, book, found) for sentence in part] for part in parts]
    questions = tuple(" ".join(part) for part in parts)
    claimed, claimed_from = _claimed(questions, found, book)
    # the first question's own sentence, when statements were kept with it
    asked = [s for s in parts[0] if _kind_of(s, book) == "question"]
    bare = asked[0] if len(asked) == 1 and asked[0] != questions[0] else ""
    # A paragraph per sentence, so that reading the text again finds the same sentences.
    return Reading(text, "\n\n".join(s for part in parts for s in part), questions, whole,
                   tuple(found), claimed, claimed_from, bare)


def _asked_after_quote(line: str, book: Tables) -> int | None:
    """Where the question a quoted line ends with starts ("> 114 familles sur le carreau
    c'est qui qui a dit ça ?" -> "c'est qui ..."): at its last question phrase, with the
    question phrases just before it ("c'est qui" before "qui a dit"), after at least
    MIN_QUOTED words; None when there is none."""
    tokens = fold_tokens(line)
    starts = _word_starts(line, tokens)
    if starts is None:
        return None
    k = next((k for k in range(len(tokens) - 1, MIN_QUOTED - 1, -1)
              if book.phrases.at(tokens, k, _ASKING) is not None), None)
    while k is not None:
        before = next((j for j in range(max(MIN_QUOTED, k - 4), k)
                       if (found := book.phrases.at(tokens, j, _ASKING | _SKIPPED)) is not None
                       and j + found[1] >= k), None)
        if before is None:
            break
        k = before
    return starts[k] if k is not None else None


def _word_starts(text: str, tokens: list[str]) -> list[int] | None:
    """Where each of the text's words (`tokens`, its fold_tokens) starts in it; None when
    they do not line up, and a cut there would fall inside a word."""
    starts = [m.start() for m in _TOKEN.finditer(text)]
    return starts if len(starts) == len(tokens) else None


def _quoted(text: str) -> str:
    """A quoted line, between quotation marks unless it has its own."""
    return text if not QUOTE_MARKS.isdisjoint(text) else f"« {text} »"


def _claimed(questions: tuple[str, ...], found: list[Ignored], book: Tables
             ) -> tuple[str, tuple[str, ...]]:
    """The question(s) read with what the story and guesses set aside claim (see _claim),
    and the pieces it reads; ("", ()) for no claim. Several questions are read together
    ("mon grand-père dit que X, c'est vrai ? par qui ?"): the service only reads them so
    when it answers them as one."""
    claims = [(i.text, claim) for i in found if i.kind in (Kind.CHATTER, Kind.GUESS)
              and (claim := _claim(i.text, book))]
    if not claims:
        return "", ()
    return (", ".join([*(claim for _, claim in claims), " ".join(questions)]),
            tuple(text for text, _ in claims))


def _claim(aside: str, book: Tables) -> str:
    """What a story or guess set aside claims about what is asked: a guess without its
    opener ("jsp si c'est 1000 ou 3000 soldats" -> "c'est soldats"), a story from what it
    reports ("mon prof disait que le mandat datait de 2020" -> "le mandat datait de 2020");
    values offered as alternatives are the reader's not knowing, not a claim ("1000 ou
    3000"). "" for a story that reports nothing ("je viens de lire l'article")."""
    tokens = fold_tokens(aside)
    i = _opening(tokens, book)
    found = book.phrases.at(tokens, i, _ASIDE)
    if found is None:
        return ""
    after = i + found[1]
    if found[0] == "story" or book.phrases.at(tokens, after, _CLAIM) is not None:
        after = next((k + claimed[1] for k in range(after, len(tokens))
                      if (claimed := book.phrases.at(tokens, k, _CLAIM)) is not None),
                     len(tokens))
        while (claimed := book.phrases.at(tokens, after, _CLAIM)) is not None:
            after += claimed[1]  # "dit que", "told me that": what is told starts after
    starts = [m.start() for m in _TOKEN.finditer(aside)]
    if after >= len(starts):
        return ""
    # The values a story or guess gives are the reader's ("genre 1 milliard", "like 5k"):
    # the question asks for the article's, which may differ.
    claim = _ALTERNATIVES.sub(" ", aside[starts[after]:])
    if book.values is not None:
        claim = book.values.sub(" ", claim)
    return " ".join(claim.split()).rstrip(",;:—–-. ") if _WORD.search(claim) else ""


def _expand(text: str, book: Tables, found: list[Ignored]) -> str:
    """Chat abbreviations as words ("cb" -> "combien"), with the table of the message's
    language when it tells, else with every table."""
    pattern = book.abbreviations[None]
    if not pattern.search(text):
        return text
    language = text_language(text)
    pattern = book.abbreviations.get(language, pattern) if language else pattern

    def expand(match: re.Match[str]) -> str:
        typed = match.group()
        expansion = book.expansions[abbreviation_key(typed)]
        found.append(Ignored(Kind.ABBREVIATION, f"{typed} → {expansion}"))
        return expansion

    return pattern.sub(expand, text)


def _drop_fillers(text: str, book: Tables, found: list[Ignored]) -> str:
    assert book.fillers is not None

    def drop(match: re.Match[str]) -> str:
        found.append(Ignored(Kind.CHATTER, match.group()))
        return " "

    before = len(found)
    dropped = book.fillers.sub(drop, text)
    if dropped == text:
        return text
    if not _WORD.search(dropped):  # "mdr" alone: nothing else to read, read it
        del found[before:]
        return text
    lines = (" ".join(line.split()) for line in dropped.split("\n"))
    return "\n".join(line for line in lines if line)


def _sentences(text: str, book: Tables) -> list[str]:
    """Sentences, in order, each with its final punctuation; a line break ends one unless
    the next line just goes on (no punctuation before it, no new question or greeting)."""
    out: list[str] = []
    start = 0
    for match in _ENDS.finditer(text):
        end = match.end()
        mark = match.group()
        if mark == "." and _abbreviation_before(text, match.start()):
            continue
        if mark == "\n":  # one line break: a blank line always ends the sentence
            line = text[max(start, text.rfind("\n", 0, match.start()) + 1):match.start()]
            following = fold_tokens(text[end:end + 60])
            if not (_ended(line) or _opens_anew(following, book)):
                continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    piece = text[start:].strip()
    if piece:
        out.append(piece)
    return [" ".join(s.split()) for s in out if _WORD.search(s)]


def _ended(line: str) -> bool:
    """Whether a line ended its sentence itself: final punctuation or nothing but words
    that cannot go on ("salut", "mdr")."""
    return line.rstrip().rstrip("\"'»)]")[-1:] in _STOPS or not _WORD.search(line)


def _opens_anew(tokens: list[str], book: Tables) -> bool:
    found = book.phrases.at(tokens, 0, _ASKING | _SKIPPED | _ASIDE)
    return found is not None


def _abbreviation_before(text: str, position: int) -> bool:
    """A dot after "U.S", "M" or "etc" does not end the sentence."""
    word = _LAST_WORD.search(text, max(0, position - 24), position)
    if word is None:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isalpha()) or token.casefold() in _ABBREVIATED


def _opening(tokens: list[str], book: Tables) -> int:
    """Where a sentence's first real word is: after "hello", "du coup", "so", "lol"."""
    i = 0
    while (found := book.phrases.at(tokens, i, _SKIPPED)) is not None:
        i += found[1]
    return i


def _unopened(sentence: str, book: Tables, found: list[Ignored]) -> str:
    """A sentence without the preamble or appeal it opens with ("sorry noob question what
    are ...", "désolé si déjà demandé... c'est quoi ...", "can someone give me ..."), which
    ask nothing, when words are left; connectives ("et", "so") stay: they are the reader's
    own way of asking."""
    tokens = fold_tokens(sentence)
    i, end = 0, 0
    while (phrase := book.phrases.at(tokens, i, _SKIPPED)) is not None and phrase[0] != "turn":
        i += phrase[1]
        if phrase[0] in _CUT:
            end = i
    starts = _word_starts(sentence, tokens) if 0 < end < len(tokens) else None
    if starts is None:
        return sentence
    found.append(Ignored(Kind.CHATTER, sentence[:starts[end]].rstrip(",;:—–- ")))
    return sentence[starts[end]:]


def _kind_of(sentence: str, book: Tables) -> str | None:
    """"question", "guess" or "chatter" (set aside), or None: a statement, kept with the
    question it goes with."""
    if "?" in sentence:
        return "question"
    tokens = fold_tokens(sentence)
    i = _opening(tokens, book)
    found = book.phrases.at(tokens, i, _ASKING | _ASIDE)
    if found is not None:
        if found[0] in _ASKING or _asks_later(sentence, book):
            # "i just read it, who was he": the story clause is set aside (see _trim)
            return "question"
        return _aside_kind(tokens, book)
    if i >= len(tokens):  # greetings and connectives only: "Salut !", "ok"
        return "chatter"
    return None


def _asks_later(sentence: str, book: Tables) -> bool:
    """Whether a clause after the first asks ("..., what are ...", "..., c'est qui"), not
    being the reader's own story or guess ("hi all, I thought the petition would flop")."""
    return any(_asks(tokens, book) and not _is_aside(tokens, book)
               for tokens in map(fold_tokens, _CLAUSES.split(sentence)[1:]))


def _aside_kind(tokens: list[str], book: Tables) -> str:
    guessed = any(book.phrases.at(tokens, i, _GUESS) is not None for i in range(len(tokens)))
    return "guess" if guessed else "chatter"


def _trim(pending: list[str], sentence: str, book: Tables, found: list[Ignored],
          after_aside: bool = False) -> list[str]:
    """A question sentence, with the statements just before it, without the greeting, story
    or guess clauses around it: "hello, je viens de lire l'article, du coup combien ... ?"
    -> "du coup combien ... ?". After the reader's story, the question starts where the
    message turns to it (see _announced), and a story clause that holds the question ends
    where it turns (see _turned). `after_aside`: a story or guess sentence came before."""
    sentences = [*pending, sentence]
    clauses = [(n, c) for n, s in enumerate(sentences) for c in _CLAUSES.split(s)]
    question = len(sentences) - 1
    turned = _turned(clauses[-1][1], book)
    if turned is not None:
        clauses[-1:] = [(question, turned[0]), (question, turned[1])]
    if len(clauses) == 1:
        return sentences
    tokens = [fold_tokens(c) for _, c in clauses]
    start = (_announced([c for _, c in clauses], tokens, book, after_aside)
             or _story_told(tokens, book))
    own = next(k for k, (n, _) in enumerate(clauses) if n == question)
    first, last = (start or own), len(clauses)
    while first < last - 1:
        i = _opening(tokens[first], book)
        if i < len(tokens[first]) and book.phrases.at(tokens[first], i, _ASIDE) is None:
            break
        first += 1
    while last - 1 > first:
        i = _opening(tokens[last - 1], book)
        if i < len(tokens[last - 1]) and book.phrases.at(tokens[last - 1], i, _GUESS) is None:
            break
        last -= 1
    kept = [k for k in range(len(clauses)) if first <= k < last or (not start and k < own)]
    if len(kept) == len(clauses) or not any(_WORD.search(clauses[k][1]) for k in kept
                                            if clauses[k][0] == question):
        return sentences  # nothing to set aside, or nothing but the question mark left
    for k in range(len(clauses)):
        if k not in kept:
            clause = clauses[k][1]
            kind = Kind.GUESS if _aside_kind(tokens[k], book) == "guess" else Kind.CHATTER
            found.append(Ignored(kind, clause.rstrip(",;:—–- ")))
    out = []
    for n, text in enumerate(sentences):
        mine = [k for k in kept if clauses[k][0] == n]
        if not mine:
            continue
        if len(mine) == sum(1 for m, _ in clauses if m == n):
            out.append(text)  # the whole sentence
            continue
        piece = " ".join(clauses[k][1] for k in mine).rstrip(",;:—–- ")
        if n == question and last < len(clauses):  # the question mark was set aside
            end = _SPACED_TERMINAL.search(sentence)
            piece += end.group() if end else ""
        out.append(piece)
    return out


def _is_aside(tokens: list[str], book: Tables) -> bool:
    """Whether a clause opens (after greetings and connectives) with a story or a guess."""
    return book.phrases.at(tokens, _opening(tokens, book), _ASIDE) is not None


def _turns(tokens: list[str], book: Tables) -> bool:
    """Whether a clause opens with a turn ("bref", "du coup", "so", "anyway"), after
    greetings and other connectives."""
    i = 0
    while (found := book.phrases.at(tokens, i, _SKIPPED)) is not None:
        if found[0] == "turn":
            return True
        i += found[1]
    return False


def _announced(clauses: list[str], tokens: list[list[str]], book: Tables,
               after_aside: bool) -> int:
    """Where the question starts in a message that tells a story first: the last clause
    that opens with a turn ("bref, ...", "du coup ...", "so, who ...?") or follows a colon
    ("je voulais juste vérifier : il reste combien ...?"), when a story or guess clause
    came before it (or opens after the turn: "so I'm trying to ..."); 0 otherwise.
    Without a story first, a colon introduces the question's topic ("Mandat d'arrêt
    contre Trump : quelle date ?") and nothing is set aside."""
    start, story = 0, False
    for k in range(1, len(clauses)):
        if clauses[k - 1].endswith(":"):
            start, story = k, False
        elif _turns(tokens[k], book):  # "so I'm trying to ...": the turn opens a story
            start, story = k, _is_aside(tokens[k], book)
    if start and (after_aside or story or any(_is_aside(t, book) for t in tokens[:start])):
        return start
    return 0


def _story_told(tokens: list[list[str]], book: Tables) -> int:
    """Where the question starts after a story of two clauses or more told without a turn
    ("I was at dinner, my uncle kept saying X, my aunt said Y. How many ...?"): after the
    last of them; 0 without such a story. One clause of the reader's own inside the
    question's words ("Les soldats français, mon oncle en est, combien sont-ils ?") is not
    a story: the words before it may be what is asked about."""
    told = [k for k in range(len(tokens) - 1) if _is_aside(tokens[k], book)]
    return told[-1] + 1 if len(told) >= 2 else 0


def _turned(clause: str, book: Tables) -> tuple[str, str] | None:
    """A story clause that goes on to the question, split where it turns: "je suis pas trop
    l'actu mais du coup le premier ministre il a parlé avec qui ?" -> "je suis pas trop
    l'actu" and "mais du coup le premier ministre ...". None when the clause is no story,
    or no question follows the turn."""
    if book.turns is None or not book.may_turn(clause) or not _is_aside(fold_tokens(clause),
                                                                          book):
        return None
    for match in book.turns.finditer(clause):
        before, after = clause[:match.start()].strip(), clause[match.start():].strip()
        if _WORD.search(before) and _kind_of(after, book) == "question":
            return before, after
    return None


def _two_questions(sentence: str, book: Tables) -> list[str]:
    """A sentence asking two things, at the comma between them: "l'alerte rouge c'était à
    quelle heure, et pourquoi Météo-France n'a pas alerté plus tôt ?" -> "l'alerte rouge
    c'était à quelle heure ?", "et pourquoi Météo-France ...?". The part before must ask
    (a question word first, or last as French puts it: "c'était à quelle heure"), and the
    clause after, opening with "et", "and", "mais", must ask too ("et pourquoi ...", "et il
    parle avec qui ?"; without a comma, "et ça prend effet quand ?" asks with its own
    subject). A second part that says nothing alone ("..., et pourquoi ?") is read
    with the first again by the service."""
    if not sentence.endswith("?"):
        return [sentence]
    clauses = _CLAUSES.split(sentence)
    # Without a comma, "et"/"and" right before a question word may open the second one
    # ("combien gardent leur emploi et combien sont licenciés ?"), when the first says
    # enough to be a question of its own (not "quand et comment ...").
    bare = len(clauses) < 2
    if bare:
        clauses = _JOINED.split(sentence)
        if len(clauses) < 2:
            return [sentence]
    for k in range(len(clauses) - 1, 0, -1):
        after = fold_tokens(clauses[k])
        i = _opening(after, book)
        if i >= len(after):
            continue
        if i == 0:  # no "et", "and": a clause inside the question ("Which X, soon to be
            continue  # sworn in, did Baghdad call?")
        before = fold_tokens(" ".join(clauses[:k]))
        if bare:
            # "et combien ...", or a clause with its own subject that asks further on
            # ("qui a validé la reprise et ça prend effet quand ?")
            # ("qui a tué Soleimani et pourquoi ?": a question word alone, at the end)
            asking = book.phrases.at(after, i, _ASKING)
            asks = (asking is not None or (
                book.phrases.at(after, i, _SUBJECT) is not None and _asks(after[i:], book))
                ) and (len(before) >= _MIN_JOINED_WORDS or _said_after_asking(before, book)
                       >= _MIN_JOINED_SAID) and (
                len(after) - i >= 2 or (asking is not None and i + asking[1] == len(after)))
        else:
            asks = any(book.phrases.at(after, j, _ASKING) is not None
                       for j in range(i, len(after)))
        if asks and _asks(before, book):
            first = " ".join(clauses[:k]).rstrip(",;:—–- ")
            return [*_two_questions(f"{first} ?", book), " ".join(clauses[k:])]
    return [sentence]


def _said_after_asking(tokens: list[str], book: Tables) -> int:
    """How many words follow the question phrase that opens them (0 for none): "qui a
    gagné" says two, a question of its own; "quel jour" one, a noun asked with the next
    ("quel jour et quel mois ...")."""
    i = _opening(tokens, book)
    found = book.phrases.at(tokens, i, _ASKING)
    return len(tokens) - i - found[1] if found is not None else 0


def _asks(tokens: list[str], book: Tables) -> bool:
    """Whether words ask something: a question word first (after connectives), or among
    the last three words ("il était quoi", "c'était à quelle heure")."""
    i = _opening(tokens, book)
    if book.phrases.at(tokens, i, _ASKING) is not None:
        return True
    return any(book.phrases.at(tokens, j, _QUESTION) is not None
               for j in range(max(i, len(tokens) - 3), len(tokens)))


def _question_parts(text: str, book: Tables, found: list[Ignored]) -> list[list[str]]:
    """The question sentences, each with the statements just before it (or, at the end,
    just after the last one); [] when no sentence asks anything or there is nothing to set
    aside."""
    sentences = _sentences(text, book)
    if len(sentences) == 1 and not _CLAUSES.search(sentences[0]) and not _JOINED.search(
            sentences[0]) and not book.may_turn(sentences[0]):
        return []  # asking or not, nothing to set aside: read as it is
    kinds = [_kind_of(s, book) for s in sentences]
    if "question" not in kinds:
        return []
    parts: list[list[str]] = []
    pending: list[str] = []
    aside = False  # a story or guess sentence since the last question
    for sentence, kind in zip(sentences, kinds, strict=True):
        if kind == "question":
            *statements, asked = _trim(pending, sentence, book, found, aside)
            first, *other = _two_questions(asked, book)
            parts.append([*statements, first])
            parts.extend([question] for question in other)
            pending = []
            aside = False
        elif kind is None:
            pending.append(sentence)
        else:
            found.append(Ignored(Kind.GUESS if kind == "guess" else Kind.CHATTER, sentence))
            aside = True
    parts[-1] += pending
    return parts
