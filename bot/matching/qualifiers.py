"""Which people a question's noun belongs to, against what a passage says of that noun.

"Combien de soldats nigériens ?" is not answered by "les 90 derniers soldats allemands ... au
Niger": every word of the question is in the passage or around it (the country, and
"nigérien" is of its family), but the passage's soldiers are German. A question that says a
noun's nationality (or people, or religion) is not answered by a passage saying another one
of that noun and not the one asked. The words are the general word lists' (see
`bot.lang.nationalities`), so the rule holds for any article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.lang import fact_cues, nationalities
from bot.matching.normalize import fold
from bot.matching.question_form import STOP

# How far a nationality may stand from its noun: "soldats allemands", "German soldiers",
# "German defence minister", "soldats américains et irakiens".
_REACH = 3
# How many words beside a nationality may be its noun: "German defence minister", "groupes
# armés irakiens".
_COMPOUND = 2
# Words that join nationalities said of one noun ("américains et irakiens").
_JOINING = frozenset({"et", "ou", "and", "or"})

Pairs = frozenset[tuple[str, str]]  # (group, term of the noun)


class Qualifiers:
    """The (nationality group, noun term) pairs a text says, and whether a passage's pairs
    contradict a question's."""

    def __init__(self, meaning: Callable[[str], str]) -> None:
        """`meaning`: the term a single folded word stands for (its concept, else its stem)."""
        self._meaning = meaning  # the word tables are looked up, not kept: a pickled
        # matcher (the index cache) stays small

    @property
    def _groups(self) -> dict[str, tuple[str, str]]:
        return nationalities()

    @property
    def _leaning(self) -> frozenset[str]:
        return fact_cues().words.get("leaning_before", frozenset())

    def pairs(self, text: str) -> Pairs:
        """The nationality groups the text says of a noun, with that noun's term."""
        words = fold(text).split()
        groups = self._groups
        if groups.keys().isdisjoint(words):
            return frozenset()
        found = set()
        for i, word in enumerate(words):
            known = groups.get(word)
            if known is None or (i and words[i - 1] in self._leaning):
                continue  # "pro-iranien": a leaning, not a people
            # French says the noun first ("soldats allemands"), English after ("German
            # soldiers"); a word both spell alike ("nigerien") either way
            group, language = known
            steps = (-1,) if language == "fr" else (1,) if language == "en" else (-1, 1)
            for step in steps:
                for noun in self._nouns(words, i, step):
                    found.add((group, self._meaning(noun)))
        return frozenset(found)

    def _nouns(self, words: list[str], at: int, step: int) -> list[str]:
        """The words a nationality at `at` may be said of, looking one way, past "et"/"and"
        and other nationalities: up to two words, and never past a function word ("German
        defence minister", "groupes armés irakiens")."""
        found: list[str] = []
        i = at + step
        while 0 <= i < len(words) and abs(i - at) <= _REACH:
            word = words[i]
            if word in self._groups or word in _JOINING:
                if found:
                    break
                i += step
                continue
            if word in STOP or word in self._leaning or not word.isalpha():
                break
            found.append(word)
            if len(found) == _COMPOUND:
                break
            i += step
        return found

    @staticmethod
    def contradicts(asked: Pairs, said: Pairs,
                    same: Callable[[str], Iterable[str]]) -> bool:
        """Whether a passage saying `said` speaks of another people's noun than the question
        asking `asked`: for a noun asked with a nationality, the passage says that noun with
        another nationality and never with the one asked. `same(term)`: the terms saying
        what a question's term says (itself included)."""
        by_noun: dict[str, set[str]] = {}
        for group, term in asked:  # "pro-iranien ou pro-américain": either is asked
            by_noun.setdefault(term, set()).add(group)
        for term, groups in by_noun.items():
            nouns = set(same(term))
            others = {g for g, t in said if t in nouns}
            if others and others.isdisjoint(groups):
                return True
        return False
