"""Closed word lists of French and English, in folded form (no accents, lower case).

These are language facts, not article knowledge: function words, question words, words that
add little to a question ("tell me", "exactly"), and greetings. Article-specific names and
synonyms live in the knowledge files (lexicon.yaml, aliases.yaml).
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set from a whitespace-separated block, which keeps long lists readable."""
    return frozenset(text.split())


FR_STOP = words("""
le la les l un une des de du d au aux a et en dans sur sous par pour avec sans ce cet cette ces
c ca se s sa son ses leur leurs lui il ils elle elles on nous vous je j me m te t y est sont
etait etaient ete etre ont avait avaient avoir eu sera seront serait fut ai as avons avez qu n
pas plus tres tout tous toute toutes mais donc or ni car si aussi deja encore alors comme chez
entre vers pendant cela ceci celui celle ceux celles lequel laquelle lesquels lesquelles dont
notre nos votre vos mon ma mes ton ta tes meme autre autres ya quelque quelques peu beaucoup
bien tel telle tels telles lors
""")

EN_STOP = words("""
the a an of in on at to for from by with without as is are was were be been being do does did
done has have had having will would shall can could should may might must it its this that these
those there here he she they them his her hers their theirs him i you we us my your our and or
but not no if so than then also too very just still any some all each both more most such only
own same other into over under out up down again further once s t d ll re ve m get got gets
""")

# Words that carry little of what is asked: they never make a question "not covered".
LIGHT = words("""
dire dit dis disait disent savoir sait sais connait connais expliquer explique expliques raconte
raconter racontes peux peut pouvez pourrais pourriez veux voudrais voulez stp svp merci article
texte selon exactement precisement vraiment moi toi chose choses sujet propos info infos
information informations detail details quoi donc bon ok okay concernant
moi parlez dites tell say said says know knows explain please pls thanks thank according exactly
really actually me thing things about info details regarding describe decris
decrire okay hey well actually question questions savez sauriez renseigne would like want wanted
""")

GREETINGS = words("""
salut bonjour bonsoir coucou hello hi hey yo cava allo hola bye revoir ciao thanks merci
""")
GREETING_PHRASES = (
    ("ca", "va"), ("how", "are", "you"), ("what", "s", "up"), ("good", "morning"),
    ("good", "evening"), ("au", "revoir"), ("comment", "vas", "tu"), ("comment", "allez", "vous"),
    ("quoi", "de", "neuf"), ("thank", "you"),
)

# Question types. WHEN, COUNT and WHERE ask for a kind of fact an entry must be able to give.
WHO, WHEN, COUNT, WHERE, WHY, HOW, WHAT = "who", "when", "count", "where", "why", "how", "what"
GATED_QTYPES = frozenset({WHEN, COUNT, WHERE})

# Longest phrases first at lookup; each maps to a question type.
QUESTION_PHRASES: dict[tuple[str, ...], str] = {
    ("quand",): WHEN, ("when",): WHEN, ("depuis", "quand"): WHEN, ("jusqu", "a", "quand"): WHEN,
    ("jusqu", "quand"): WHEN, ("d", "ici", "quand"): WHEN, ("quelle", "date"): WHEN,
    ("quelle", "annee"): WHEN, ("quel", "jour"): WHEN, ("quel", "mois"): WHEN,
    ("what", "year"): WHEN, ("which", "year"): WHEN, ("what", "date"): WHEN,
    ("what", "day"): WHEN, ("what", "month"): WHEN, ("what", "time"): WHEN,
    ("until", "when"): WHEN, ("how", "long"): WHEN, ("a", "quel", "moment"): WHEN,
    ("quelle", "epoque"): WHEN, ("by", "when"): WHEN, ("since", "when"): WHEN,
    ("combien", "de", "temps"): WHEN, ("depuis", "combien", "de", "temps"): WHEN,
    ("quelle", "duree"): WHEN, ("what", "period"): WHEN,
    ("combien",): COUNT, ("how", "many"): COUNT, ("how", "much"): COUNT,
    ("quel", "nombre"): COUNT, ("what", "number"): COUNT, ("nombre", "de"): COUNT,
    ("number", "of"): COUNT, ("cmb",): COUNT, ("cb",): COUNT,
    ("where",): WHERE, ("d", "ou"): WHERE, ("quel", "endroit"): WHERE, ("quel", "lieu"): WHERE,
    ("quel", "pays"): WHERE, ("quelle", "ville"): WHERE, ("which", "country"): WHERE,
    ("what", "country"): WHERE, ("what", "city"): WHERE, ("which", "city"): WHERE,
    ("what", "place"): WHERE, ("quelle", "region"): WHERE, ("which", "region"): WHERE,
    ("qui",): WHO, ("who",): WHO, ("whom",): WHO, ("whose",): WHO, ("quelle", "personne"): WHO,
    ("pourquoi",): WHY, ("why",): WHY, ("pour", "quelle", "raison"): WHY,
    ("for", "what", "reason"): WHY, ("what", "for"): WHY, ("pk",): WHY, ("pq",): WHY,
    ("comment",): HOW, ("how",): HOW, ("de", "quelle", "maniere"): HOW,
    ("de", "quelle", "facon"): HOW, ("in", "what", "way"): HOW,
    ("que",): WHAT, ("quoi",): WHAT, ("quel",): WHAT, ("quelle",): WHAT, ("quels",): WHAT,
    ("quelles",): WHAT, ("what",): WHAT, ("which",): WHAT, ("qu", "est", "ce", "que"): WHAT,
    ("c", "est", "quoi"): WHAT, ("koi",): WHAT, ("ke",): WHAT, ("kel",): WHAT, ("kelle",): WHAT,
    ("ki",): WHO, ("kan",): WHEN, ("kand",): WHEN, ("ou", "est"): WHERE, ("ou", "se"): WHERE,
}
QUESTION_WORDS = frozenset(w for phrase in QUESTION_PHRASES for w in phrase)

# Markers of each language for detection: frequent words that the other language lacks.
FR_MARKERS = words("""
le la les un une des du et est sont dans par avec sur pour que qui au aux ont ete quand combien
pourquoi comment quel quelle quels quelles ou qu il elle ils c ce cette ces etait avait
son sa ses leur de contre entre apres avant depuis pendant sous quoi koi mort tue
soldats americains irakien guerre en
""")
EN_MARKERS = words("""
the of and is are was were to by with for an that has have from at it this which who what when
where why how many much did does do against between after before since during killed soldiers
troops american war iraqi us there their
""")

NEGATIONS = frozenset({"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guere"})
