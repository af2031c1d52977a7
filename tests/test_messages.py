"""Replies that name the articles (off topic, greetings) stay short however large the archive."""

from __future__ import annotations

import pytest

from bot.answers import MAX_NAMED_ARTICLES, MAX_TITLE_CHARS, named_articles
from bot.cli.chat import ChatSession
from bot.config import Config
from bot.kb.loader import load_knowledge
from bot.matching.matcher import Status
from bot.service import AnswerService
from tests.conftest import write

COUNT = 30
# Made-up towns and what each inaugurated: every article has words of its own.
TOWNS = ["Bragelonne", "Carvalette", "Dunmorrow", "Estrevaux", "Felbricourt", "Gandremont",
         "Hautclaire", "Isolvène", "Jarnolles", "Kervadec", "Lunebourg", "Montfaucille",
         "Norvaque", "Orbessac", "Pradelune", "Quercilly", "Rocheval", "Sarnolles",
         "Tremoulin", "Urvillers", "Valcombe", "Wissencourt", "Xantrailles", "Yvernelle",
         "Zermatière", "Aubrevoix", "Belcastrel", "Cornillac", "Dravelines", "Esquelbecq"]
THINGS = ["bibliothèque", "piscine", "patinoire", "médiathèque", "gymnase", "crèche",
          "passerelle", "fontaine", "halle", "marina", "observatoire", "serre", "roseraie",
          "pépinière", "fromagerie", "brasserie", "conserverie", "filature", "tannerie",
          "verrerie", "distillerie", "minoterie", "cidrerie", "chocolaterie", "forge",
          "briqueterie", "papeterie", "savonnerie", "faïencerie", "ganterie"]
LONG_TITLE = "Une très longue histoire " * 12


def slug(number: int) -> str:
    return f"ville-{number:02d}"


def title(number: int) -> str:
    return LONG_TITLE if number == 0 else f"{TOWNS[number]} inaugure sa {THINGS[number]}"


def date(number: int) -> str:
    return f"{2000 + number}-05"  # the later the number, the more recent


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    root = tmp_path_factory.mktemp("archive") / "knowledge"
    for number in range(COUNT):
        town, thing = TOWNS[number], THINGS[number]
        folder = root / slug(number)
        sentence = f"La commune de {town} a inauguré samedi sa nouvelle {thing} municipale."
        write(folder / "article.txt", f"date {date(number)}\n{sentence}\n")
        write(folder / "meta.yaml", f'title: "{title(number)}"\ndate: "{date(number)}"\n'
                                    'language: fr\nsource: "tests"\n')
        write(folder / "entries.yaml", f"""\
            entries:
              - id: opening
                questions:
                  fr: [Qu'a inauguré la commune de {town} ?]
                  en: [What did {town} open?]
                answer:
                  fr: Sa nouvelle {thing}.
                  en: Its new {thing}.
                citations:
                  - "{sentence[:-1]}"
            """)
    assert len(load_knowledge(root).articles) == COUNT
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


def test_a_greeting_names_the_three_most_recent_articles(archive: AnswerService) -> None:
    answer = archive.ask("Bonjour !")
    assert answer.status is Status.OFF_TOPIC and answer.reason == "greeting"
    assert answer.text.startswith("Bonjour ! Posez-moi une question sur les articles « ")
    for number in (29, 28, 27):
        assert f"« {title(number)} » ({date(number)})" in answer.text
    assert f"et {COUNT - MAX_NAMED_ARTICLES} autres (/topics)" in answer.text
    assert answer.text.count("«") == MAX_NAMED_ARTICLES
    # its example is a question of the first article named
    assert answer.text.endswith(f"par exemple : Qu'a inauguré la commune de {TOWNS[29]} ?")


def test_in_english(archive: AnswerService) -> None:
    answer = archive.ask("Hello!", language="en")
    assert answer.reason == "greeting"
    assert f'"{title(29)}" ({date(29)}), "{title(28)}"' in answer.text
    assert f"and {COUNT - MAX_NAMED_ARTICLES} more (/topics)" in answer.text


def test_off_topic_names_the_articles_sharing_its_words_first(archive: AnswerService) -> None:
    answer = archive.ask(f"Quel est le kwyjibo flurbix de {TOWNS[5]} ?")
    assert answer.status is Status.OFF_TOPIC, answer
    named = answer.text.split("«")[1:]
    assert named[0].startswith(f" {title(5)} »")  # the article about that town comes first
    assert f"« {title(29)} »" in answer.text  # then the most recent
    assert len(named) == MAX_NAMED_ARTICLES


def test_the_reply_does_not_grow_with_the_archive(archive: AnswerService) -> None:
    text = archive.ask("salut").text
    assert len(text) < MAX_NAMED_ARTICLES * (MAX_TITLE_CHARS + 20) + 200
    assert "Bragelonne" not in text  # the oldest article is only counted


def test_a_long_title_is_cut(archive: AnswerService) -> None:
    named, others = named_articles(archive.kb, article=slug(0))
    assert (named, others) == ([archive.kb.by_slug[slug(0)]], 0)
    text = archive.ask("Bonjour", article=slug(0)).text
    assert "l'article « Une très longue histoire" in text
    quoted = text.split("«")[1].split("»")[0].strip()
    assert len(quoted) == MAX_TITLE_CHARS and quoted.endswith("\u2026")


def test_asked_of_one_article_names_that_one(archive: AnswerService) -> None:
    text = archive.ask("salut", article=slug(3)).text
    assert f"l'article « {title(3)} » ({date(3)})" in text
    assert "autres" not in text and text.count("«") == 1


def test_without_relevance_the_most_recent_come_first(archive: AnswerService) -> None:
    named, others = named_articles(archive.kb, ("anything",))
    assert [a.meta.slug for a in named] == [slug(29), slug(28), slug(27)]
    assert others == COUNT - MAX_NAMED_ARTICLES


def test_the_chat_banner_names_three_and_topics_lists_all(archive: AnswerService) -> None:
    shown: list[str] = []
    session = ChatSession(archive, shown.append)
    banner = session.banner()
    assert f"[{slug(29)}]" in banner and f"[{slug(26)}]" not in banner
    assert f"and {COUNT - MAX_NAMED_ARTICLES} more (/topics)" in banner
    session.handle("/topics")
    lines = shown[-1].splitlines()
    assert len(lines) == COUNT and f"[{slug(29)}]" in lines[0] and f"[{slug(0)}]" in lines[-1]


def test_the_terminal_shows_a_quote_in_guillemets_of_its_own_once() -> None:
    from bot.answers import Quote
    from bot.frontends.terminal import render_quote

    shown = render_quote(Quote("« Les Heures basses »", 3, "p3", "slug", "Titre", "2025-10"),
                         "fr")
    assert shown.replace("\u00a0", " ").strip() == "§3    « Les Heures basses »"
