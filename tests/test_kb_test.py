"""Editors steer with tests, one article at a time: `kb test` and `kb lint ARTICLE`."""

from __future__ import annotations

import json
from pathlib import Path

from bot.editing.kbtests import Outcome
from bot.kb.model import KnowledgeBase
from tests.kbtools import SLUG, TOWN, run_cli, town_only, two_articles, write_config

TESTS = """\
tests:
  - {q: "Combien de places aura le parking relais ?", expect: park-and-ride}
  - {q: "Quel âge a la maire ?", expect: declined}
  - {q: "Combien coûte le chantier ?", expect: cost}
"""


def test_kb_test_runs_an_articles_questions_and_says_what_changed(tmp_path: Path) -> None:
    knowledge = two_articles(tmp_path)
    config = write_config(tmp_path, knowledge, extra=f"cache_dir: {tmp_path / 'cache'}\n")
    tests = knowledge / TOWN / "tests.yaml"
    tests.write_text(TESTS, encoding="utf-8")
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3/3 tests pass" in done.stdout
    # a wrong expectation fails, at its line, and the change since the last run is told
    tests.write_text(TESTS.replace("expect: cost", "expect: funding"), encoding="utf-8")
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 1
    assert f"{TOWN}/tests.yaml:4: FAIL" in done.stdout and "got cost" in done.stdout
    assert "now fails" in done.stdout and "2/3 tests pass" in done.stdout
    # the answer did not change, the expectation did: not "(cost -> cost)"
    assert "(still cost, now expecting funding)" in done.stdout
    report = json.loads(run_cli("kb", "test", TOWN, "--json", "--config", config).stdout)
    assert report["failed"] == 1 and report["tests"][2]["got"] == "cost"
    # and lint reports the failure as an error at the same line
    lint = run_cli("kb", "lint", TOWN, "--config", config)
    assert lint.returncode == 1 and f"{TOWN}/tests.yaml:4: error: test" in lint.stdout


def with_tests(tmp_path: Path, text: str) -> Path:
    """The config of the shipped and the test article, the latter with `text` as its
    tests.yaml."""
    knowledge = two_articles(tmp_path)
    (knowledge / TOWN / "tests.yaml").write_text(text, encoding="utf-8")
    return write_config(tmp_path, knowledge)


def test_a_malformed_tests_file_is_reported_with_its_line(tmp_path: Path) -> None:
    config = with_tests(
        tmp_path, 'tests:\n  - {q: "Qui est la maire ?", expect: no-such-entry}\n  - "just text"\n')
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 1
    assert "tests.yaml:2: error: unknown expectation 'no-such-entry'" in done.stdout
    assert "tests.yaml:3: error: a test needs `q`" in done.stdout
    # its last line said "0/0 tests pass" while it exited 1
    assert done.stdout.splitlines()[-1].endswith("2 test line(s) could not be read (above)")


def test_lint_of_one_article_shows_only_that_articles_problems(tmp_path: Path) -> None:
    knowledge = two_articles(tmp_path)
    config = write_config(tmp_path, knowledge)
    # break the shipped article's lint: an entry about Hamas asked about the US troops
    entries = knowledge / SLUG / "entries.yaml"
    entries.write_text(entries.read_text(encoding="utf-8").replace(
        "        - Qu'est-ce que le Hamas ?\n",
        "        - Qu'est-ce que le Hamas ?\n        - Combien de GI en Irak aujourd'hui ?\n",
        1), encoding="utf-8")
    whole = run_cli("kb", "lint", "--config", config)
    alone = run_cli("kb", "lint", TOWN, "--config", config)
    assert SLUG in whole.stdout
    assert alone.returncode == 0, alone.stdout
    assert SLUG not in alone.stdout.replace(f"'{SLUG}/", "")  # only as another's rival
    assert f"in {TOWN}" in alone.stdout.splitlines()[-1]


def test_a_question_without_content_words_is_no_cross_article_warning(tmp_path: Path) -> None:
    knowledge = two_articles(tmp_path)
    config = write_config(tmp_path, knowledge)
    done = run_cli("kb", "lint", "--json", "--config", config)
    report = json.loads(done.stdout)
    crossing = [p["message"] for p in report["problems"] if p["code"] == "cross-article"]
    assert not any("De quoi parle" in m or "What is this article about" in m
                   for m in crossing), crossing


def test_kb_test_reads_a_message_as_the_bot_does(tmp_path: Path) -> None:
    """Mentions, chatter and two questions in one message: `ask` answered them, `kb test`
    used to match the raw text and call them declined."""
    knowledge = two_articles(tmp_path)
    config = write_config(tmp_path, knowledge)
    (knowledge / TOWN / "tests.yaml").write_text(
        "tests:\n"
        '  - {q: "<@123456789012345678> cb ça coûte le chantier ?", expect: cost}\n'
        '  - {q: "Combien coûte le chantier ? et quel âge a la maire ?", expect: cost}\n'
        '  - {q: "Quel âge a la maire ? et quelle est sa pointure ?", expect: declined}\n',
        encoding="utf-8")
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3/3 tests pass" in done.stdout


def test_ask_takes_the_knowledge_folder_as_the_kb_commands_do(tmp_path: Path) -> None:
    """An editor checking a folder with `ask` had to write a config file for it."""
    knowledge = two_articles(tmp_path)
    done = run_cli("ask", "--no-log", "--knowledge", str(knowledge), "--json",
                   "Combien coûte le chantier ?")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entry"] == f"{TOWN}/cost"


def test_a_sentence_quoted_with_the_one_before_is_told_by_its_own_id(tmp_path: Path) -> None:
    """An answer drawn from "Elle réclame..." quotes the sentence before it too; kb test
    must still say it got that sentence, not "declined"."""
    from bot.answers import build_answer
    from bot.editing.kbtests import describe
    from bot.kb.loader import load_knowledge
    from bot.matching.index import Index
    from bot.matching.matcher import Matcher
    from tests.test_passages import drafts_of_text

    root = drafts_of_text(
        tmp_path,
        "date 2025-02 La piscine municipale de Montréval fermera le 3 mars.\n\n"
        "Sa cheffe de file, Nadia Benali, regrette l'absence de solution pour les nageurs "
        "retraités. Elle réclame une navette gratuite vers Blois pour les personnes âgées.\n")
    kb = load_knowledge(root)
    question = "Qui réclame une navette gratuite vers Blois ?"
    answer = build_answer(kb, question, Matcher(Index(kb)).match(question), "fr")
    assert answer.citations[0].quote.startswith("Sa cheffe")
    assert describe(kb, answer, "piscine") == "p2.2"


def test_a_declined_test_says_which_words_the_knowledge_lacks(tmp_path: Path) -> None:
    config = with_tests(tmp_path, 'tests:\n  - {q: "Combien coûte le téléphérique olympique '
                                  'panoramique ?", expect: cost}\n')
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 1
    assert "got declined (no entry or sentence uses \u00abolympique\u00bb" in done.stdout
    report = json.loads(run_cli("kb", "test", TOWN, "--json", "--config", config).stdout)
    assert "olympique" in report["tests"][0]["why"]


def test_a_failed_test_says_which_words_a_concept_file_reads(tmp_path: Path) -> None:
    """An editor cannot see that the shared lexicon reads "coûte" as its concept 'cost':
    a failed test says so, and which file lists it."""
    config = with_tests(tmp_path, 'tests:\n  - {q: "Combien coûte le chantier ?", '
                                  'expect: declined}\n')
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert done.returncode == 1
    assert "got cost (read \u00abcoûte\u00bb as 'cost' (lexicon.yaml))" in done.stdout



def test_lint_hints_that_a_test_expecting_a_decline_was_taken_by_what_it_got(
        tmp_path: Path) -> None:
    """A question the article must decline, answered, is not helped by paraphrases on the
    entry it expects (there is none): the hint names what took it."""
    config = with_tests(tmp_path, 'tests:\n  - {q: "Combien coûte le chantier ?", '
                                  'expect: declined}\n')
    done = run_cli("kb", "lint", TOWN, "--config", config)
    assert done.returncode == 1
    assert "cost took it" in done.stdout + done.stderr, done.stdout
    assert "to the entry it expects" not in done.stdout + done.stderr


def test_a_failed_test_says_which_words_were_read_as_framing(tmp_path: Path) -> None:
    """A word read as framing the question ("terms", as in "in terms of") is no term: an
    editor whose test fails sees it named, not only missing from what was read."""
    config = with_tests(tmp_path, 'tests:\n  - {q: "How many terms will the works last?", '
                                  'expect: start-date}\n')
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert "\u00abterms\u00bb as framing, not asked" in done.stdout, done.stdout
    answer = json.loads(run_cli("ask", "--json", "--no-log", "--config", config,
                                "How many terms will the works last?").stdout)
    assert answer["explanation"]["framing"] == ["terms"]

def test_lint_takes_a_quotation_question_answered_from_its_sentence(tmp_path: Path) -> None:
    """"Qui a dit « ... » ?" is answered with the sentence holding the quotation (it names
    who said it), whichever entry the editor wrote it in: lint does not ask for more words
    (the water agreement's editor dropped two such questions on lint's advice)."""
    knowledge = town_only(tmp_path)
    article = knowledge / TOWN / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                       "« Le centre respirera enfin », a déclaré la maire, Claire Dumas.\n",
                       encoding="utf-8")
    with (knowledge / TOWN / "entries.yaml").open("a", encoding="utf-8") as entries:
        entries.write("""
  - id: mayor-quote
    questions:
      fr:
        - Qu'a déclaré la maire ?
        - Qui a dit « Le centre respirera enfin » ?
      en:
        - What did the mayor say?
    answer:
      fr: La maire, Claire Dumas, a déclaré que le centre respirerait enfin.
      en: The mayor, Claire Dumas, said the centre would breathe at last.
    citations:
      - "« Le centre respirera enfin », a déclaré la maire, Claire Dumas."
""")
    done = run_cli("kb", "lint", TOWN, "--knowledge", knowledge)
    assert "Qui a dit" not in done.stdout, done.stdout


POOL = ("date 2025-02 La piscine municipale de Montréval fermera le 3 mars.\n\n"
        "Le chantier coûtera deux millions.\n")


def run_pool_tests(root: Path, tests: str) -> tuple[KnowledgeBase, list[Outcome]]:
    """The pool article's `tests.yaml` (`tests`) run through the bot's own answering."""
    from bot.answers import build_answer
    from bot.editing.kbtests import load_checks, run_checks
    from bot.kb.loader import load_knowledge
    from bot.matching.index import Index
    from bot.matching.matcher import Matcher

    (root / "piscine" / "tests.yaml").write_text(tests, encoding="utf-8")
    kb = load_knowledge(root)
    matcher = Matcher(Index(kb))
    checks, problems = load_checks(kb, "piscine")
    assert not problems
    return kb, run_checks(kb, lambda q: build_answer(kb, q, matcher.match(q), "fr"), checks)


def test_a_test_expecting_a_draft_passes_on_the_sentence_it_cites(tmp_path: Path) -> None:
    """`kb init` names the draft of sentence p1.1 "p1-1"; the bot answers its question from
    the sentence, which is what a test expecting the draft wants."""
    from tests.test_passages import drafts_of_text

    root = drafts_of_text(tmp_path, POOL)
    kb, outcomes = run_pool_tests(
        root, 'tests:\n  - {q: "Quand la piscine de Montréval fermera-t-elle ?", expect: p1-1}\n'
        '  - {q: "Combien coûtera le chantier ?", expect: p1-1}\n')
    assert any(e.id == "p1-1" and e.draft for e in kb.entries)
    assert outcomes[0].passed and outcomes[0].got == "p1.1 (the sentence draft p1-1 cites)"
    assert not outcomes[1].passed and outcomes[1].got == "p2.1"


def test_a_test_expecting_a_sentence_passes_on_the_entry_that_now_cites_it(
        tmp_path: Path) -> None:
    """A test written while sentence p1.1 answered ("expect: p1.1") kept failing with
    "expects p1.1, got p1-1" once the editor completed the draft citing it: the entry now
    answers with that sentence, which is what the test wants."""
    from tests.test_passages import drafts_of_text

    root = drafts_of_text(tmp_path, POOL)
    (root / "piscine" / "entries.yaml").write_text(
        "entries:\n"
        "- id: pool-closing\n"
        "  questions:\n"
        "    fr: [Quand la piscine de Montréval fermera-t-elle ?]\n"
        "    en: [When will the Montréval pool close?]\n"
        "  answer:\n"
        "    fr: Le 3 mars.\n"
        "    en: On 3 March.\n"
        "  citations:\n"
        "  - La piscine municipale de Montréval fermera le 3 mars.\n"
        "- citations:\n"
        "  - Le chantier coûtera deux millions.\n"
        "  id: p2-1\n"
        "  status: draft\n", encoding="utf-8")
    _, outcomes = run_pool_tests(
        root, 'tests:\n  - {q: "Quand la piscine de Montréval fermera-t-elle ?", expect: p1.1}\n'
        '  - {q: "Combien coûtera le chantier ?", expect: p1.1}\n')
    assert outcomes[0].passed and outcomes[0].got == "pool-closing (an entry citing p1.1)"
    assert not outcomes[1].passed and outcomes[1].got == "p2.1"


def test_a_test_may_expect_another_articles_entry(tmp_path: Path) -> None:
    """ "Qui est le président de la région ?" went to the other article's entry, and an
    editor could not write that down: `expect: <slug>/<entry>` was an unknown expectation."""
    from tests.conftest import SLUG

    config = with_tests(
        tmp_path, 'tests:\n  - {q: "Combien de soldats américains en Irak ?", '
        f'expect: {SLUG}/troops-count}}\n'
        f'  - {{q: "Qui est la maire ?", expect: {SLUG}/troops-count}}\n'
        f'  - {{q: "Qui est la maire ?", expect: {SLUG}/no-such-entry}}\n')
    done = run_cli("kb", "test", TOWN, "--config", config)
    assert "tests.yaml:4: error: unknown expectation" in done.stdout
    assert "tests.yaml:3: FAIL" in done.stdout and "tests.yaml:2" not in done.stdout
    assert done.stdout.splitlines()[-1].startswith("kb test: 1/2 tests pass")
