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
pr ds
c ca se s sa son ses leur leurs lui eux il ils elle elles on e nous vous je j me m te t tu y
est sont
etait etaient ete etre ont avait avaient avoir eu sera seront serait fut ai as avons avez qu n
aura auront aurait auraient aurons aurez
pas plus moins tres tout tous toute toutes mais donc or ni car si deja encore alors comme chez
entre vers pendant cela ceci celui celle ceux celles lequel laquelle lesquels lesquelles dont
notre nos votre vos mon ma mes ton ta tes meme ya quelque quelques peu beaucoup
bien tel telle tels telles lors ans quant hui
""")

EN_STOP = words("""
the a an of in on at to for from by with without as is are was were be been being do does did
done has have had having will would shall can could should may might must it its this that these
those there here he she they them his her hers their theirs him i you we us my your our and or
but not no if so than then too very just still any some all each both more most such only
own same into over under out up down again further once s t d ll re ve m get got gets
r u ur rn pls plz atm w btw tbh imo fyi
""")

# Words that carry little of what is asked: they never make a question "not covered".
LIGHT = words("""
dire dit dis disait disent dites savoir sait sais savez sauriez connait connais expliquer
explique expliques raconte raconter racontes decris decrire decrit decrite decrits qualifie
qualifier qualifies presente presentes presentee peux peut peuvent pouvez pourrais pourriez
pourrait pourraient pourra pourront pouvait pouvaient pouvoir pu veux veut veulent voulez
voudrais voulait voulu vouloir doit doivent devait devrait
devraient dois du faut fallu faudra faudrait fallait faire fait font fera feront faisait
fais mettre mis mise mettent voir vu voit
aller va vont ira iront allait alle venir vient viennent venu venue venus viendra trouve
trouver trouvent situe situee exister
existe agit agir consiste concerne concernant signifie veut-dire utilise utiliser utilisee
utilises emploie emploient employer employe employes servir sert servait servaient servi
represente representent represent represents rappeler rappelle rappelez rappeliez remind
aimerais aimerait aimerions correct lu recemment recently seem seems several plusieurs
designe designent designer designee particulierement notamment surtout especially
particularly specifically
stp svp merci article suppose supposed censes cense censee censees nombreux nombreuse
nombreuses numerous wage waged wages waging
texte depeche selon exactement precisement vraiment
bien moi toi chose choses sujet propos info infos information informations detail details
donc bon ok okay alors ben bah euh hein parlez parle-moi lien liens type sorte genre cetait cest
ya yen deux tjrs bcp juste chiffre chiffres figure figures fixe fixee fixes fixees durer dure
durera dureront duree complet complete completement total totale totalement entier entiere
entierement fully entire whole appartient appartiennent appartenir belong belongs belonged
politique politiques political policy rester reste restent resteront restera stay stays
remain remains remaining pays country groupe groupes group groups mouvement movement
organisation organization force forces partie parties
ensemble together decide decider decision decisions decided decision mentionne mentionnes
mentionnee mentionnees mention mentions mentioned cite cites citee citees evoque evoques
evoquee mentionne
evoquees evoquent evoquer evoquait donne donner donnent donnee donnees qualificatif
qualificatifs terme termes mot mots phrase phrases definit definir definition provient
proviennent provenir considere consideree consideres considerees
contre durant pres apres avant after before prendre pris prise prises prennent prend porte
porter portent portait change changed changes changer changement true vrai vraie centre
level tries passe passer passee passes involve involves involved involving impliquant implique
etablit etablir establish established datent dater statut status lorsque lorsqu
tell say said says saying know knows explain explained please pls thanks thank according
exactly really actually me thing things about info details regarding describe described
describes calls calling mean means meant happen happened happens give gives given word
words term terms sentence sentences define defines defined definition headline headlines
refer refers referred referring considered regarded expression expressions formule formulation
wording attribue attribuer attribuent attributes attributed assigns assigned devront devra
devrons compris comprise inclus including included format sein shortly briefly brievement
relatif relative relatifs relatives correspond correspondent corresponds correspondre
happening occur occurred do does did done make made makes use used using try trying tried
attempt attempted take took taken takes taking place carry carried carrying going gonna want
wants wanted like would could should get got two both link links connection kind sort type
stuff truc trucs machin
joue jouent jouer plays play trois three histoire histoires wuz occupait occupe occuper
penche penchent pencher cote plutot rather allusion allude alludes alluded
oui ouais yes yeah question questions duquel desquels desquelles auquel auxquels auxquelles
lequel laquelle lesquels lesquelles vis
already even yet ever again seulement simplement uniquement merely hold holds holding
between against among amongst through during toward
towards upon via within despite regarding concerning article text story piece report
""")

GREETINGS = words("""
salut bonjour bonsoir coucou hello hi hey yo cava allo hola bye revoir ciao thanks merci
wesh wsh slt cc bjr bsr hiya howdy sup
""")
# Chat interjections and address terms that frame a question and ask nothing: "jsp c ki
# mouhandis", "wallah j'ai pas compris", "pis au Liban, astheure ?" (Québec), "frr", "bro".
INTERJECTIONS = words("""
jsp jpp jsais chais frr frero frerot frere frangin bro bruh zarma wallah starfoullah
astaghfirullah hamdoullah inchallah mdr ptdr lol lmao stp pis astheure tse tsais 3afak
comprend comprends jcomprend jcomprends comprendre pa
""")
GREETING_PHRASES = (
    ("ca", "va"), ("how", "are", "you"), ("what", "s", "up"), ("good", "morning"),
    ("good", "evening"), ("au", "revoir"), ("comment", "vas", "tu"), ("comment", "allez", "vous"),
    ("quoi", "de", "neuf"), ("thank", "you"),
    # questions to the bot itself, not about the article
    ("your", "name"), ("ton", "nom"), ("votre", "nom"), ("who", "are", "you"),
    ("qui", "es", "tu"), ("qui", "etes", "vous"), ("t", "es", "qui"), ("tu", "t", "appelles"),
    ("vous", "vous", "appelez"), ("are", "you", "a", "bot"), ("es", "tu", "un", "bot"),
    ("quelle", "heure", "est", "il"), ("what", "time", "is", "it"),
    ("il", "est", "quelle", "heure"),
)

# Words that address the bot itself ("ton prénom", "your opinion"): with nothing from the
# article's subjects besides, such a question is small talk, not a question about the article.
TO_THE_BOT = frozenset({"ton", "ta", "tes", "toi", "your", "yours", "yourself"})

# The question's frame, not its content: "l'article parle de combien de soldats ?"
META_PHRASES = (
    ("article", "parle", "de"), ("article", "parle"), ("texte", "parle"), ("article", "dit"),
    ("article", "mentionne"), ("article", "evoque"), ("article", "talk", "about"),
    ("article", "talks", "about"), ("article", "say"), ("article", "says"),
    ("article", "mention"), ("article", "mentions"), ("text", "say"), ("text", "says"),
    ("parle", "l", "article"), ("mentionne", "l", "article"), ("cite", "l", "article"),
    ("evoque", "l", "article"), ("dit", "l", "article"),
    # idioms that only frame: "why are they there in the first place?"
    ("in", "the", "first", "place"), ("first", "of", "all"), ("tout", "d", "abord"),
    ("en", "premier", "lieu"), ("right", "now"),
    # who the article quotes is who it names: "the minister quoted in the article"; and
    # "so-called" only flags a name ("the so-called halo"), it calls no one
    ("quoted", "in"), ("quoted", "by"), ("so", "called"),
    # polite frames: "est-il exact que...", "is it correct that...", "pourriez-vous préciser"
    ("est", "il", "exact", "que"), ("est", "ce", "exact", "que"), ("c", "est", "exact", "que"),
    ("is", "it", "correct", "that"), ("is", "it", "accurate", "that"), ("me", "preciser"),
    ("nous", "preciser"), ("me", "dire"), ("il", "s", "agissait"), ("il", "s", "agit"),
    # "qu'est-il arrivé à..." is "what happened to...", not an arrival
    ("qu", "est", "il", "arrive"), ("qu", "est", "il", "advenu"), ("what", "happened", "to"),
    # "je me demandais combien...", "I was wondering who...": the reader's frame
    ("je", "me", "demande"), ("je", "me", "demandais"), ("on", "se", "demande"),
    ("on", "se", "demandait"), ("nous", "nous", "demandions"), ("je", "voulais", "savoir"),
    ("on", "voulait", "savoir"), ("i", "wonder"), ("i", "was", "wondering"),
    ("we", "were", "wondering"), ("i", "wanted", "to", "know"),
    # "salut tout le monde", "hi everyone": whom the message is to, not what it asks
    ("tout", "le", "monde"), ("everyone",), ("everybody",),
    # chat fillers: "du coup trump il est élu ?", "btw who..."
    ("du", "coup"), ("en", "gros"), ("by", "the", "way"), ("par", "rapport"),
    ("en", "fait"), ("au", "fait"), ("ok", "mais"),
    ("ok", "so"), ("ok", "donc"),
    # "what does the article call Soleimani": how it names him, not a phone call
    ("article", "call"), ("article", "calls"), ("article", "appelle"), ("per", "the", "article"),
    ("in", "the", "french", "text"), ("in", "the", "french", "article"), ("in", "french"),
    ("en", "francais"), ("les", "2"), ("the", "2"),
    ("m", "indiquer"), ("m", "exposer"), ("obligeance", "de"), ("explain", "me"),
    ("parle", "t", "on"), ("is", "this", "about"),
    # where the reader saw it: "j'ai juste vu le titre", "I only saw the headline"
    ("vu", "le", "titre"), ("lu", "le", "titre"), ("saw", "the", "headline"),
    ("seen", "the", "headline"), ("saw", "the", "title"),
    # where in the article: "dans le premier paragraphe", "in the first sentence"
    *((where, the, nth, part)
      for where, the, nths, parts in (
          ("dans", "le", ("premier", "deuxieme", "second", "dernier"), ("paragraphe",)),
          ("dans", "la", ("premiere", "deuxieme", "seconde", "derniere"), ("phrase",)),
          ("in", "the", ("first", "second", "last"), ("paragraph", "sentence")))
      for nth in nths for part in parts),
)
# "Will Trump really end the wars?": doubt about the future asks for a prediction, which an
# article reporting facts cannot give.
DOUBT = frozenset({"vraiment", "reellement", "really", "actually", "truly"})
FUTURE = frozenset({"will", "wont", "va", "vont", "going", "gonna", "ira", "iront", "sera",
                    "seront", "aura", "auront"})
# Words that ask for a forecast on their own: "Trump risque-t-il d'être arrêté ?"
FORECAST = frozenset({"risque", "risquerait", "risquent", "risqueraient", "risk", "risks",
                      "likely", "probable", "probablement", "chances"})

# The reader's own view asked ("selon vous", "do you think"), or whether a plan will hold:
# an opinion or a forecast, not what the article reports.
YOUR_VIEW = (("selon", "vous"), ("selon", "toi"), ("d", "apres", "vous"), ("d", "apres", "toi"),
             ("a", "votre", "avis"), ("a", "ton", "avis"), ("vous", "pensez"), ("tu", "penses"),
             ("in", "your", "opinion"), ("do", "you", "think"), ("you", "think"),
             # whether a plan will hold: "on schedule", "comme prévu", "dans les délais"
             ("on", "schedule"), ("as", "planned"), ("comme", "prevu"), ("dans", "les", "temps"),
             ("dans", "les", "delais"), ("on", "time"), ("a", "temps"))

# "How many times", "combien de fois": the count of events, whatever is named after it.
COUNT_OF_EVENTS = frozenset({"fois", "times", "often"})
# "Combien de personnes", "how many people": any count of people answers, whatever the
# article calls them (participants, chômeurs, coureurs...).
GENERIC_COUNTED = frozenset({"personne", "personnes", "gens", "people", "persons", "person",
                             "individus", "individuals", "ppl"})
# "De combien", "by how much": a difference, not a count of something.
BY_HOW_MUCH = (("de", "combien"), ("by", "how", "much"), ("by", "how", "many"))

# Question types. An entry answers a "when", "how many", "where", "why" or "who" question
# only if one of its paraphrases asks that way: the kind of fact must match.
WHO, WHEN, COUNT, WHERE, WHY, HOW, WHAT = "who", "when", "count", "where", "why", "how", "what"
SINCE = "since"  # "since when", "how long": a start or a duration, not a point in time
GATED_QTYPES = frozenset({WHEN, SINCE, COUNT, WHERE, WHY})

WHICH = frozenset({"quel", "quelle", "quels", "quelles", "which", "what", "kel", "kelle"})
# After "quel", only what kind of answer is wanted; elsewhere, content ("la mesure").
_CONTENT_CATEGORY_NOUNS = ("occasion", "periode", "mesure", "mesures", "measure", "measures")
# "Which group", "quelle organisation": the noun only says what kind of answer is wanted.
CATEGORY_NOUNS = {
    "groupe": WHO, "groupes": WHO, "group": WHO, "groups": WHO, "mouvement": WHO,
    "movement": WHO, "organisation": WHO, "organisations": WHO, "organization": WHO,
    "personne": WHO, "personnes": WHO, "person": WHO, "people": WHO, "homme": WHO,
    "hommes": WHO, "man": WHO, "men": WHO, "type": WHAT, "sorte": WHAT, "genre": WHAT,
    "kind": WHAT, "pays": WHAT, "country": WHAT, "ville": WHAT, "city": WHAT, "region": WHAT,
    **dict.fromkeys(_CONTENT_CATEGORY_NOUNS, WHAT),
}
# Words of question phrases that say something elsewhere: "la mesure", "part of a coalition".
_CONTENT_WORDS = frozenset(_CONTENT_CATEGORY_NOUNS) | {"part", "world", "monde", "temp",
                                                        "places", "lieux", "endroits",
                                                        "temps"}  # "quel temps": weather

# Phrases that ask a type of question; the longest match wins.
QUESTION_PHRASES: dict[tuple[str, ...], str] = {
    ("quand",): WHEN, ("when",): WHEN, ("depuis", "quand"): SINCE, ("jusqu", "a", "quand"): WHEN,
    ("jusqu", "quand"): WHEN, ("d", "ici", "quand"): WHEN, ("quelle", "date"): WHEN,
    ("quelle", "annee"): WHEN, ("quel", "jour"): WHEN, ("quel", "mois"): WHEN,
    ("what", "year"): WHEN, ("which", "year"): WHEN, ("what", "date"): WHEN,
    ("what", "day"): WHEN, ("what", "month"): WHEN, ("what", "time"): WHEN,
    ("until", "when"): WHEN, ("how", "long"): SINCE, ("how", "much", "time"): SINCE,
    ("a", "quel", "moment"): WHEN,
    ("quelle", "epoque"): WHEN, ("by", "when"): WHEN, ("since", "when"): SINCE,
    ("combien", "de", "temps"): SINCE, ("combien", "de", "temp"): SINCE,
    ("depuis", "combien", "de", "temps"): SINCE,
    ("quelle", "heure"): WHEN, ("what", "hour"): WHEN, ("quelle", "duree"): SINCE,
    ("what", "period"): WHEN, ("date",): WHEN, ("dates",): WHEN,
    ("date", "limite"): WHEN, ("date", "butoir"): WHEN,
    ("quelle", "echeance"): WHEN, ("echeance",): WHEN, ("deadline",): WHEN, ("echeances",): WHEN,
    ("deadlines",): WHEN,
    ("annee",): WHEN, ("year",): WHEN, ("qd",): WHEN, ("kan",): WHEN, ("kand",): WHEN,
    ("de", "quand"): WHEN, ("wen",): WHEN, ("wat",): WHAT, ("wot",): WHAT, ("hw",): HOW,
    ("combien",): COUNT, ("how", "many"): COUNT, ("how", "much"): COUNT,
    ("combien", "de", "fois"): COUNT, ("how", "many", "times"): COUNT, ("how", "often"): COUNT,
    ("quel", "nombre"): COUNT, ("what", "number"): COUNT, ("nombre", "de"): COUNT,
    ("number", "of"): COUNT, ("cmb",): COUNT, ("cb",): COUNT, ("nb",): COUNT,
    ("cbien",): COUNT, ("cmbien",): COUNT, ("numero", "combien"): WHAT,
    ("where",): WHERE, ("quelle", "partie", "du", "monde"): WHERE,
    ("what", "part", "of", "the", "world"): WHERE, ("which", "part", "of", "the", "world"): WHERE,
    ("d", "ou"): WHERE, ("quel", "endroit"): WHERE, ("quel", "lieu"): WHERE,
    ("dans", "quel", "pays"): WHERE, ("en", "quel", "lieu"): WHERE,
    ("dans", "quelle", "ville"): WHERE, ("dans", "quelle", "region"): WHERE,
    ("in", "which", "country"): WHERE, ("in", "what", "country"): WHERE,
    ("in", "which", "city"): WHERE, ("in", "what", "city"): WHERE, ("what", "place"): WHERE,
    ("in", "which", "region"): WHERE, ("places",): WHERE, ("lieux",): WHERE,
    ("quels", "territoires"): WHERE, ("quel", "territoire"): WHERE,
    ("which", "territories"): WHERE, ("what", "territories"): WHERE,
    ("cb", "de", "temps"): SINCE, ("cmb", "de", "temps"): SINCE, ("count",): COUNT,
    ("howmany",): COUNT, ("howmuch",): COUNT, ("howlong",): SINCE, ("wht",): WHAT,
    ("whn",): WHEN, ("whr",): WHERE,
    ("endroits",): WHERE, ("ou", "est"): WHERE, ("ou", "se"): WHERE,
    ("lieu",): WHERE, ("endroit",): WHERE, ("location",): WHERE,
    ("qui",): WHO, ("who",): WHO, ("whom",): WHO, ("whose",): WHO, ("ki",): WHO,
    ("pourquoi",): WHY, ("why",): WHY, ("pour", "quelle", "raison"): WHY,
    ("for", "what", "reason"): WHY, ("what", "for"): WHY, ("pk",): WHY, ("pq",): WHY,
    ("pkoi",): WHY, ("raison",): WHY, ("reason",): WHY,
    ("comment",): HOW, ("how",): HOW, ("de", "quelle", "maniere"): HOW,
    ("by", "what", "means"): HOW, ("par", "quel", "moyen"): HOW,
    ("de", "quelle", "facon"): HOW, ("in", "what", "way"): HOW, ("cmt",): HOW,
    ("que",): WHAT, ("quoi",): WHAT, ("quel",): WHAT, ("quelle",): WHAT, ("quels",): WHAT,
    ("quelles",): WHAT, ("what",): WHAT, ("which",): WHAT, ("qu", "est", "ce", "que"): WHAT,
    ("qu", "est", "ce", "qui"): WHAT, ("qu", "est", "ce"): WHAT,
    ("c", "est", "quoi"): WHAT, ("koi",): WHAT, ("ke",): WHAT, ("kel",): WHAT, ("kelle",): WHAT,
    ("kels",): WHAT, ("kelles",): WHAT, ("wut",): WHAT, ("koman",): HOW,
    ("koment",): HOW, ("pr", "koi"): WHY, ("pour", "koi"): WHY, ("cb", "de", "tps"): SINCE,
    ("combien", "de", "tps"): SINCE, ("depuis", "cb", "de", "tps"): SINCE,
    **{(which, noun): qtype for which in WHICH for noun, qtype in CATEGORY_NOUNS.items()},
}
# Words of a question phrase that still say something the entry must cover:
# "quel mois" asks for a month, which an answer giving only a year does not give.
KEEP_IN_QUESTION = frozenset({"jour", "mois", "day", "month", "heure", "hour", "time"})
# Everyday words that ask nothing, like LIGHT, but are never what a typo meant: "real" is
# not "read", nor "fosse" "fasse".
UNTARGETED = words("""
read reads reading regard fasse fassent fasses faites artical articel artcle artikle
""")

# Nouns that name a role held in something: "le numéro deux du Hachd", "the leader of IS".
# What they are "of" must be what the entry says they are of.
RELATIONAL = words("""
chef chefs leader leaders dirigeant dirigeants head heads commandant commandants commander
commanders numero number adjoint deputy parti partis party parties capitale capital fondateur
fondateurs founder founders successeur successor remplacant replacement porte-parole
spokesman spokesperson membre membres member members relations relation rapports liens ties
""")
# Verbs of leading, whose object is what is led: "Who headed the Hashd?"
LEADING = words("""
dirige dirigeait dirigeaient diriger dirigent commande commandait commander commands
commanded lead leads led heads headed
""")

QUESTION_WORDS = frozenset(
    w for phrase in QUESTION_PHRASES for w in phrase
    if w not in KEEP_IN_QUESTION and w not in _CONTENT_WORDS)

# Markers of each language for detection: frequent words that the other language lacks.
FR_MARKERS = words("""
le la les un une des du et est sont dans par avec sur pour que qui au aux ont ete quand combien
pourquoi comment quel quelle quels quelles ou qu il elle ils c ce cette ces etait avait
son sa ses leur de contre entre apres avant depuis pendant sous quoi koi en
""")
EN_MARKERS = words("""
the of and is are was were to by with for an that has have from at it this which who what when
where why how many much did does do against between after before since during us there their
""")

NEGATIONS = frozenset({"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guere"})

# Words that, when the matched entry does not cover them, mean the question asks for a fact
# the article does not give (a person's age, a successor, another country's troops...).
# Other uncovered words may be tolerated; these never are.
STRONG = words("""
ministre ministres minister ministers ministere ministry base bases airbase airbases evenement
evenements event events
age ages old older oldest ans naissance naitre famille femme epouse mari enfant enfants fils
fille wife husband child children son daughter family salaire salary fortune wealth argent
money cout couts cost costs budget prix price successeur successor succede succeeded remplace
remplacer remplacant replaced replace replacement predecesseur predecessor blesse blesses
blessure blessures wounded injured injury injuries bilan toll casualties securite security
membre membres member members responsable official officials pilote pilotes pilotait
piloter pilot pilots piloted invite invitee invites inviter invitation invited inviting
population habitants inhabitants superficie langue language religion nationalite
nationality actuel actuelle actuellement aujourd hui maintenant currently current now today
futur future prochain prochaine next dernier derniere last precedent previous ensuite later
premier premiere deuxieme troisieme quatrieme cinquieme first third fourth fifth
pense pensent penser pensait pensaient think thinks thought opinion opinions avis
reaction reagi reagir react reacted retaliation retaliate retaliated riposte riposter
represailles vengeance revenge condamne condamnation condemned sentence verdict proces trial
resultat result gagne gagner won win perdu perdre lost lose victoire defaite defeat
nom noms appelle appellent appelait surnom nickname taille height poids weight modele modeles
model models marque brand juge juges judge judges magistrat magistrats magistrate heure heures
hour hours visite visites visiter visit visits visited voyage voyages trip trips travel travelled
traveled rencontre rencontrer rencontres met meet meeting meetings name names named
allemand allemande allemands allemandes francais francaise francaises britannique britanniques
anglais anglaise russe russes chinois chinoise turc turque turcs syrien syrienne syriens saoudien
saoudienne saoudiens qatari qatarien koweitien koweitiens jordanien jordaniens egyptien
egyptiens europeen europeenne europeens canadien canadiens australien australiens italien
italiens espagnol espagnols japonais indien indiens pakistanais afghan afghans yemenite
ukrainien ukrainiens polonais belge belges suisse neerlandais danois norvegien suedois
german germans french british english russian russians chinese turkish syrian syrians saudi
saudis qatari kuwaiti kuwaitis jordanian egyptian european europeans canadian canadians
australian italian italians spanish japanese indian pakistani afghan yemeni ukrainian polish
belgian swiss dutch danish norwegian swedish
allemagne france royaume-uni uk angleterre russie chine turquie syrie arabie qatar koweit
kuwait jordanie egypte europe canada australie italie espagne japon inde pakistan afghanistan
yemen ukraine pologne belgique suisse germany britain england russia china turkey syria arabia
jordan egypt italy spain japan india poland belgium switzerland otan nato onu un oman bahrein
bahrain emirats emirates uae dubai
""")
