"""Everything the Discord front-end says that the core does not: labels, notices, help, errors.

French and English, picked per reader (see `ui_language`); answers themselves come from the core
in the asker's language. Command descriptions are localised for Discord clients by
`UiTranslator`, so a French client shows French descriptions of the same commands.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.frontends.typography import typeset
from bot.suggest import locale_language

UI: dict[str, dict[str, str]] = {
    "fr": {
        # answer embeds: the question is the title, the fact (or the decline) comes first
        "not_in_article": "🤷 **L'article ne le dit pas.**",
        "closest": "Le passage le plus proche ({where}) :",
        "ambiguous": "🤔 Votre question peut viser plusieurs choses.",
        "off_topic.lead": "🧭 **Hors sujet** :",
        "off_topic.about": "je ne réponds qu'aux questions sur l'article « {title} » ({date}).",
        "off_topic.plain": "je ne réponds qu'aux questions sur l'article.",
        "from_article": "D'après l'article ({where}) : « {quote} »",
        "quotes.lead": "",
        "heading": "intertitre {number}",
        "more_citations": "… et {count} autre(s) citation(s)",
        "part.not_in_article": "🤷 L'article ne le dit pas.",
        "part.ambiguous": "🤔 Plusieurs sens possibles : choisissez dans le menu.",
        "part.off_topic": "🧭 Hors sujet.",
        "menu.more": "Aller plus loin…",
        "menu.dym": "Vouliez-vous dire… ?",
        "menu.near": "Questions proches…",
        "button.why": "Explication",
        # why (for readers)
        "why.title": "🔎 Pourquoi cette réponse ?",
        "why.matched": "J'ai rapproché votre question de « {question} » ({percent} de "
                       "ressemblance).",
        "why.other": "Autre sens possible, moins proche : « {question} » ({percent}).",
        "why.from_article": "Aucune réponse rédigée ne correspondait : j'ai cité la phrase de "
                            "l'article ({where}) qui contient tout ce que vous demandez.",
        "why.near": "La question connue la plus proche est « {question} » ({percent} de "
                    "ressemblance), mais elle ne répond pas à la vôtre.",
        "why.near_missing": "La question connue la plus proche est « {question} » ({percent} "
                            "de ressemblance), mais elle ne dit rien de : {words}.",
        "why.nothing_near": "Aucune question connue ne ressemble à la vôtre.",
        "why.ambiguous": "Plusieurs questions connues ressemblent autant à la vôtre : {list}.",
        "why.off_topic": "Rien dans votre question ne parle de l'article.",
        "why.missing": "Mots que je n'ai pas pu rattacher à l'article : {words}.",
        "why.corrections": "J'ai lu {pairs}.",
        "why.correction": "« {typed} » comme « {read} »",
        "why.ignored": "Laissé de côté dans votre message : {items}.",
        "why.read_as": "Abréviations lues : {items}.",
        "why.none": "Pas de détail pour cette réponse : elle vient d'une question proposée "
                    "que vous avez choisie, pas d'une question tapée.",
        "why.expired": "Je n'ai plus le détail de cette réponse (elle est trop ancienne ou le bot "
                       "a redémarré). Reposez la question pour le voir.",
        "why.footer": "Base de connaissances {version}",
        "kind.mention": "mention", "kind.role": "rôle", "kind.channel": "salon",
        "kind.emoji": "emoji", "kind.markup": "mise en forme", "kind.link": "lien",
        "kind.code": "code", "kind.quote": "citation", "kind.chatter": "bavardage",
        "kind.guess": "supposition", "kind.invisible": "caractère invisible",
        "kind.question": "question en trop",
        # why (for editors: admins see it under the explanation)
        "details.title": "🛠️ Pour la rédaction",
        "details.decision": "Décision",
        "details.paraphrase": "Paraphrase reconnue",
        "details.score": "Score",
        "details.score_value": "{score:.2f} (couverture {coverage})",
        "details.runner_up": "Deuxième candidat",
        "details.missing": "Termes non couverts",
        "details.corrections": "Fautes corrigées",
        "details.qtype": "Type de question",
        # feedback
        "feedback.thanks": "Merci ! Votre avis est transmis aux rédacteurs (sans votre nom).",
        "feedback.again": "Votre avis sur cette réponse est déjà noté.",
        "feedback.off": "Les avis ne sont pas enregistrés sur ce bot.",
        # buttons that no longer work
        "expired": "Ce bouton a expiré. Reposez votre question avec /ask.",
        "too_slow": "⌛ Désolé, je n'ai pas pu répondre à temps. Réessayez dans un instant.",
        "entry_gone": "Cette question n'est plus dans la base de connaissances. Essayez /topics.",
        # errors and notices
        "cooldown": "⏳ Doucement ! Vous pourrez reposer une question dans {seconds} s.",
        "not_admin": "🔒 Réservé aux administrateurs du serveur (permission Administrateur ou "
                     "Gérer le serveur, ou rôle d'administration du bot).",
        "guild_only": "Cette commande ne fonctionne que sur un serveur.",
        "unknown_article": "Je ne connais pas l'article « {article} ». Articles disponibles : "
                           "{choices}",
        "command_gone": "Cette commande a changé ou n'existe plus ; réessayez dans une minute.",
        "bad_option": "Option invalide : {detail}",
        "apology": "😵 Désolé, une erreur inattendue s'est produite. Elle est notée dans le "
                   "journal du bot ; réessayez dans un instant.",
        "empty_mention": "Posez-moi votre question dans le même message, par exemple : "
                         "{mention} {example}",
        # /topics
        "topics.title": "🗂️ Ce que je sais de l'article",
        "topics.opening": "Début de l'article",
        "topics.page": "Page {page}/{pages} · {count} questions",
        "topics.pick": "Choisir une question pour voir la réponse",
        "topics.prev": "Précédent",
        "topics.next": "Suivant",
        "topics.none": "Je n'ai encore aucune question prête sur cet article.",
        # /article
        "article.read": "Lire l'article",
        "article.sections": "Sections",
        "article.no_sections": "(pas d'intertitres)",
        "article.answers": "Ce que je sais en dire",
        "article.answers_value": "{count} questions, par exemple :\n{examples}\n"
                                 "La liste complète : {topics}",
        "article.list_title": "📰 Articles",
        "article.list_hint": "Choisissez-en un avec /article article:…",
        # /help
        "help.title": "👋 Comment me poser une question",
        "help.intro": "Je réponds aux questions sur l'article « {title} » ({date}), en citant "
                      "le texte mot pour mot. Si l'article ne dit pas quelque chose, je le dis.",
        "help.ways": "Quatre façons de demander",
        "help.ways_value": "• {ask} `question:` — des suggestions apparaissent pendant la "
                           "saisie ; `private: True` pour une réponse visible par vous seul\n"
                           "• mentionnez-moi : {mention} votre question\n"
                           "• répondez à l'une de mes réponses pour enchaîner\n"
                           "• en message privé, écrivez simplement la question",
        "help.commands": "Autres commandes",
        "help.commands_value": "• {topics} — les questions auxquelles je sais répondre\n"
                               "• {article} — titre, date, source et sections\n"
                               "• {kb_status}, {kb_reload} — pour les administrateurs",
        "help.examples": "Exemples",
        "help.buttons": "Sous mes réponses",
        "help.buttons_value": "Un menu pour aller plus loin (ou pour préciser une question "
                              "ambiguë). « Explication » dit ce que j'ai compris et pourquoi "
                              "cette réponse. 👍/👎 aident les rédacteurs.",
        # /kb
        "kb.title": "📚 Base de connaissances",
        "kb.version": "Version",
        "kb.articles": "Articles",
        "kb.entries": "Entrées",
        "kb.entries_value": "{ready} prêtes, {drafts} brouillons",
        "kb.loaded": "Chargée",
        "kb.checked": "Dernière vérification",
        "kb.never": "jamais",
        "kb.watch": "Rechargement automatique",
        "kb.watch_on": "activé (toutes les {interval} s)",
        "kb.watch_off": "désactivé",
        "kb.problems": "Problèmes",
        "kb.problems_none": "aucun",
        "kb.problems_refused": "⚠️ La dernière modification est refusée ; la version {version} "
                               "continue de répondre. À corriger :",
        "kb.reloaded": "✅ Rechargée : version {version}, {entries} entrées.",
        "kb.refused": "❌ Modification refusée ; la version {version} continue de répondre.",
        "kb.unchanged": "Rien n'a changé : version {version}.",
    },
    "en": {
        "not_in_article": "🤷 **The article does not say.**",
        "closest": "The closest passage ({where}, in French):",
        "ambiguous": "🤔 Your question could mean several things.",
        "off_topic.lead": "🧭 **Off topic**:",
        "off_topic.about": "I only answer questions about the article “{title}” ({date}).",
        "off_topic.plain": "I only answer questions about the article.",
        "from_article": "The article says ({where}, in French): « {quote} »",
        "quotes.lead": "*In the article (in French):*",
        "heading": "subheading {number}",
        "more_citations": "… and {count} more citation(s)",
        "part.not_in_article": "🤷 The article does not say.",
        "part.ambiguous": "🤔 Several meanings: pick one in the menu.",
        "part.off_topic": "🧭 Off topic.",
        "menu.more": "Follow-up questions…",
        "menu.dym": "Did you mean…?",
        "menu.near": "Related questions…",
        "button.why": "Explanation",
        "why.title": "🔎 Why this answer?",
        "why.matched": "I matched your question to “{question}” ({percent} alike).",
        "why.other": "The closest other meaning: “{question}” ({percent}).",
        "why.from_article": "No written answer fitted: I quoted the sentence of the article "
                            "({where}) that says everything you asked.",
        "why.near": "The closest known question is “{question}” ({percent} alike), but it "
                    "does not answer yours.",
        "why.near_missing": "The closest known question is “{question}” ({percent} alike), "
                            "but it says nothing of: {words}.",
        "why.nothing_near": "No known question is like yours.",
        "why.ambiguous": "Several known questions are about as close to yours: {list}.",
        "why.off_topic": "Nothing in your question is about the article.",
        "why.missing": "Words I could not place in the article: {words}.",
        "why.corrections": "I read {pairs}.",
        "why.correction": "“{typed}” as “{read}”",
        "why.ignored": "Set aside in your message: {items}.",
        "why.read_as": "Abbreviations read: {items}.",
        "why.none": "No details for this answer: it comes from a suggested question you "
                    "picked, not from a typed one.",
        "why.expired": "I no longer have the details of this answer (it is too old or the bot "
                       "restarted). Ask again to see them.",
        "why.footer": "Knowledge {version}",
        "kind.mention": "mention", "kind.role": "role", "kind.channel": "channel",
        "kind.emoji": "emoji", "kind.markup": "formatting", "kind.link": "link",
        "kind.code": "code", "kind.quote": "quote", "kind.chatter": "chatter",
        "kind.guess": "guess", "kind.invisible": "invisible character",
        "kind.question": "extra question",
        "details.title": "🛠️ For editors",
        "details.decision": "Decision",
        "details.paraphrase": "Paraphrase matched",
        "details.score": "Score",
        "details.score_value": "{score:.2f} (coverage {coverage})",
        "details.runner_up": "Runner-up",
        "details.missing": "Terms not covered",
        "details.corrections": "Typos corrected",
        "details.qtype": "Question type",
        "feedback.thanks": "Thanks! Your feedback goes to the editors (without your name).",
        "feedback.again": "Your feedback on this answer is already noted.",
        "feedback.off": "Feedback is not recorded on this bot.",
        "expired": "This button has expired. Ask your question again with /ask.",
        "too_slow": "⌛ Sorry, I could not answer in time. Please try again in a moment.",
        "entry_gone": "This question is no longer in the knowledge base. Try /topics.",
        "cooldown": "⏳ Easy! You can ask again in {seconds} s.",
        "not_admin": "🔒 For server admins only (Administrator or Manage Server permission, or "
                     "the bot's admin role).",
        "guild_only": "This command only works in a server.",
        "unknown_article": 'I do not know the article "{article}". Available articles: '
                           "{choices}",
        "command_gone": "This command changed or no longer exists; try again in a minute.",
        "bad_option": "Invalid option: {detail}",
        "apology": "😵 Sorry, something unexpected went wrong. It is in the bot's log; please "
                   "try again in a moment.",
        "empty_mention": "Ask your question in the same message, for example: "
                         "{mention} {example}",
        "topics.title": "🗂️ What I know about the article",
        "topics.opening": "Opening",
        "topics.page": "Page {page}/{pages} · {count} questions",
        "topics.pick": "Pick a question to see the answer",
        "topics.prev": "Previous",
        "topics.next": "Next",
        "topics.none": "I have no ready questions about this article yet.",
        "article.read": "Read the article",
        "article.sections": "Sections",
        "article.no_sections": "(no subheadings)",
        "article.answers": "What I can answer",
        "article.answers_value": "{count} questions, for example:\n{examples}\n"
                                 "The full list: {topics}",
        "article.list_title": "📰 Articles",
        "article.list_hint": "Pick one with /article article:…",
        "help.title": "👋 How to ask me",
        "help.intro": "I answer questions about the article “{title}” ({date}), quoting it "
                      "word for word. When the article does not say something, I say so.",
        "help.ways": "Four ways to ask",
        "help.ways_value": "• {ask} `question:` — suggestions appear as you type; "
                           "`private: True` for an answer only you see\n"
                           "• mention me: {mention} your question\n"
                           "• reply to one of my answers to follow up\n"
                           "• in a direct message, just write the question",
        "help.commands": "Other commands",
        "help.commands_value": "• {topics} — the questions I can answer\n"
                               "• {article} — title, date, source and sections\n"
                               "• {kb_status}, {kb_reload} — for admins",
        "help.examples": "Examples",
        "help.buttons": "Under my answers",
        "help.buttons_value": "A menu to go further (or to pin down an ambiguous question). "
                              "“Explanation” says what I understood and why this answer. "
                              "👍/👎 help the editors.",
        "kb.title": "📚 Knowledge base",
        "kb.version": "Version",
        "kb.articles": "Articles",
        "kb.entries": "Entries",
        "kb.entries_value": "{ready} ready, {drafts} drafts",
        "kb.loaded": "Loaded",
        "kb.checked": "Last check",
        "kb.never": "never",
        "kb.watch": "Automatic reload",
        "kb.watch_on": "on (every {interval} s)",
        "kb.watch_off": "off",
        "kb.problems": "Problems",
        "kb.problems_none": "none",
        "kb.problems_refused": "⚠️ The last edit is refused; version {version} keeps "
                               "answering. To fix:",
        "kb.reloaded": "✅ Reloaded: version {version}, {entries} entries.",
        "kb.refused": "❌ Edit refused; version {version} keeps answering.",
        "kb.unchanged": "Nothing changed: version {version}.",
    },
}


def t(language: str, key: str, **values: object) -> str:
    """The UI string `key` in `language` (French when unknown), with `values` filled in and
    its no-break spaces (see `typeset`), so notices read as well as embeds."""
    table = UI.get(language, UI["fr"])
    text = table[key] if key in table else UI["en"][key]
    return typeset(text.format(**values) if values else text, language)


def ui_language(interaction: discord.Interaction, default: str) -> str:
    """The reader's language: their Discord locale, else the server's, else the default."""
    return (locale_language(interaction.locale) or locale_language(interaction.guild_locale)
            or default)


# Command and option descriptions, as Discord shows them; English is the source text.
FRENCH_DESCRIPTIONS: dict[str, str] = {
    "Ask a question about the article": "Poser une question sur l'article",
    "Your question (suggestions appear as you type)":
        "Votre question (des suggestions apparaissent pendant la saisie)",
    "Only answer from this article": "Ne répondre qu'à partir de cet article",
    "Show the answer to you only": "Réponse visible par vous seul",
    "The article: title, date, source, sections, what I can answer":
        "L'article : titre, date, source, sections, ce que je sais en dire",
    "Which article (default: the only one)": "Quel article (par défaut : le seul)",
    "The questions I can answer, by section":
        "Les questions auxquelles je sais répondre, par section",
    "How to ask me questions": "Comment me poser des questions",
    "Knowledge base (server admins)": "Base de connaissances (administrateurs du serveur)",
    "Entries, articles, last reload and problems":
        "Entrées, articles, dernier rechargement et problèmes",
    "Reload the knowledge files now": "Recharger les fichiers de connaissances maintenant",
}


class UiTranslator(app_commands.Translator):
    """Gives Discord the French descriptions of the commands (names stay the same)."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContext) -> str | None:
        if locale_language(locale) == "fr":
            return FRENCH_DESCRIPTIONS.get(string.message)
        return None
