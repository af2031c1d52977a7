"""Print the frequent French or English content words the general word lists lack.

    pip install wordfreq simplemma   # for this script only: neither is a dependency
    python scripts/word_list_gaps.py fr 15000 > /tmp/missing-fr.txt

How `bot/lang/fr_en_frequent.tsv` was chosen: the N most frequent words of the language
(wordfreq's lists), less function words (the bot's own stop lists), short or non-alphabetic
tokens, and words whose lemma (simplemma) or light stem a line of the lists already has;
one lemma per line, most frequent first. The lines for them are written by hand (or by a
helper who sees only this list), one per sense, in the lists' format; question words and
pronouns the stop lists do not hold, names, vulgar words and words of the other language
are left out. Nothing of wordfreq or simplemma ships.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lang import BILINGUAL_FILES, word_list_senses  # noqa: E402
from bot.matching.lang_data import EN_STOP, FR_STOP  # noqa: E402
from bot.matching.normalize import fold, stem  # noqa: E402


def listed(side: int) -> set[str]:
    """Stems of the single-word forms the lists give on one side (0 French, 1 English),
    read as the bot reads them."""
    return {stem(word) for path in BILINGUAL_FILES
            for sense in word_list_senses(path) for word in sense[side]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("language", choices=("fr", "en"))
    parser.add_argument("top", type=int, nargs="?", default=15000,
                        help="how many of the most frequent words to look at")
    args = parser.parse_args()
    try:
        import simplemma
        import wordfreq
    except ImportError:
        print("needs: pip install wordfreq simplemma", file=sys.stderr)
        return 2
    have = listed(0 if args.language == "fr" else 1)
    stop = {fold(w) for w in FR_STOP | EN_STOP}
    lemmas: dict[str, None] = {}
    for word in wordfreq.top_n_list(args.language, args.top):
        if not word.isalpha() or len(word) < 3 or fold(word) in stop:
            continue
        lemma = simplemma.lemmatize(word, lang=args.language).lower()
        if fold(lemma) in stop or stem(fold(word)) in have or stem(fold(lemma)) in have:
            continue
        lemmas.setdefault(lemma)
    print("\n".join(lemmas))
    print(f"{len(lemmas)} lemmas missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
