"""Every kind of knowledge-file problem is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kb.loader import check_knowledge, load_knowledge
from bot.kb.problems import KnowledgeError, Problem, Severity
from tests.conftest import ENTRIES, META, SLUG, write


def problems_for(root: Path, entries: str) -> list[Problem]:
    write(root / SLUG / "entries.yaml", entries)
    kb, problems = check_knowledge(root)
    assert kb is None, "a broken knowledge base must not load"
    return problems


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert found, f"no {code!r} problem in {[str(p) for p in problems]}"
    return found[0]


def test_small_kb_loads(small_kb: Path) -> None:
    kb = load_knowledge(small_kb)
    assert [e.id for e in kb.entries] == ["troops-count", "warrant-date"]
    entry = kb.entries[0]
    assert entry.citations[0].paragraph == 3
    assert entry.citations[0].block_id == "p3"
    assert entry.citations[0].sentence_ids == ("p3.1",)
    assert entry.related == (f"{SLUG}/warrant-date",)
    assert kb.by_slug[SLUG].meta.date == "2024-11"
    assert len(kb.version) == 10


def test_yaml_syntax_error_has_line(small_kb: Path) -> None:
    broken = ENTRIES.replace("    related: [warrant-date]", "    related: [warrant-date")
    problem = only(problems_for(small_kb, broken), "yaml-syntax")
    assert problem.path.name == "entries.yaml"
    assert problem.line is not None and 14 <= problem.line <= 16


@pytest.mark.parametrize("text", ['"Thanks", she said.', "'Non', a-t-il dit \"net\"."])
def test_a_text_starting_with_a_quotation_mark_gets_the_fix_that_parses(text: str) -> None:
    """An answer starting with a quotation mark broke the file, and the hint spoke of ': '
    and ' #'. The hint names the line and gives the text quoted the way that reads back."""
    from bot.kb.yamlsrc import compose_text

    problems: list = []
    compose_text(f"answer:\n  en: {text}\n  fr: Oui.\n", Path("e.yaml"), problems)
    hint = problems[0].hint
    assert hint.startswith("line 2: the text starts with a quotation mark")
    fixed = hint.rsplit("): ", 1)[1]
    assert yaml.safe_load(f"en: {fixed}") == {"en": text}


def test_an_unclosed_quotation_mark_is_pointed_at_where_it_opens() -> None:
    """YAML gives up far below (at the end of the file here): the problem is at line 2,
    where the quotation mark opens, and says where YAML stopped."""
    from bot.kb.yamlsrc import compose_text

    problems: list = []
    compose_text('answer:\n  fr: "Oui.\n  en: Yes.\nrelated: []\nkeywords: [a]\n',
                 Path("e.yaml"), problems)
    assert problems[0].line == 2
    assert "YAML stopped at line 6" in problems[0].message
    assert problems[0].hint.startswith("line 2 opens a quotation mark (\")")


def test_bad_indentation_reports_syntax(small_kb: Path) -> None:
    broken = ENTRIES.replace("    answer:\n      fr: Environ", "    answer:\n   fr: Environ")
    problem = only(problems_for(small_kb, broken), "yaml-syntax")
    assert problem.line is not None


def test_unknown_key_suggests_the_right_one(small_kb: Path) -> None:
    broken = ENTRIES.replace("    related: [warrant-date]", "    relatd: [warrant-date]")
    problem = only(problems_for(small_kb, broken), "unknown-key")
    assert problem.line == 14
    assert "relatd" in problem.message
    assert "related" in problem.hint


def test_missing_key(small_kb: Path) -> None:
    broken = ENTRIES.replace("""    citations:
      - "environ 2.500 soldats américains déployés"
""", "")
    problem = only(problems_for(small_kb, broken), "missing-key")
    assert "citations" in problem.message
    assert problem.line == 2


def test_missing_answer_of_ready_entry(small_kb: Path) -> None:
    broken = ENTRIES.replace("""    answer:
      fr: En janvier 2021.
      en: In January 2021.
""", "")
    problem = only(problems_for(small_kb, broken), "missing-key")
    assert "answer" in problem.message and "draft" in problem.hint
    assert problem.line == 15


def test_wrong_type(small_kb: Path) -> None:
    broken = ENTRIES.replace("""      fr:
        - Combien de soldats américains sont en Irak ?
        - Nombre de militaires américains en Irak
""", "      fr: 2500\n")
    problem = only(problems_for(small_kb, broken), "wrong-type")
    assert problem.line == 4
    assert "number" in problem.message


def test_boolean_answer_is_a_wrong_type(small_kb: Path) -> None:
    broken = ENTRIES.replace("fr: En janvier 2021.", "fr: yes")
    problem = only(problems_for(small_kb, broken), "wrong-type")
    assert "boolean" in problem.message
    assert problem.line == 22


def test_duplicate_id(small_kb: Path) -> None:
    broken = ENTRIES.replace("  - id: warrant-date", "  - id: troops-count").replace(
        "related: [warrant-date]", "related: []")
    problem = only(problems_for(small_kb, broken), "duplicate-id")
    assert problem.line == 15
    assert "entries.yaml:2" in problem.message


def test_same_question_in_two_entries(small_kb: Path) -> None:
    broken = ENTRIES.replace("        - Quand le mandat d'arrêt contre Trump a-t-il été émis ?",
                             "        - combien de soldats americains sont en Irak")
    problem = only(problems_for(small_kb, broken), "duplicate-question")
    assert problem.line == 18
    assert "troops-count" in problem.message


def test_related_id_that_does_not_exist(small_kb: Path) -> None:
    broken = ENTRIES.replace("related: [warrant-date]", "related: [warant-date]")
    problem = only(problems_for(small_kb, broken), "bad-related")
    assert problem.line == 14
    assert "warrant-date" in problem.hint


def test_citation_not_verbatim_shows_closest_passage(small_kb: Path) -> None:
    broken = ENTRIES.replace('"environ 2.500 soldats américains déployés"',
                             '"environ 2500 soldats américains sont déployés"')
    problem = only(problems_for(small_kb, broken), "not-verbatim")
    assert problem.line == 13
    assert "2.500 soldats américains" in problem.hint
    assert "p3" in problem.hint


def test_citation_tolerates_whitespace_and_quote_marks(small_kb: Path) -> None:
    tolerant = ENTRIES.replace('"environ 2.500 soldats américains déployés"',
                               "'ses \u00ab\u00a0promesses\u00a0\u00bb   électorales'")
    write(small_kb / SLUG / "entries.yaml", tolerant)
    kb = load_knowledge(small_kb)
    assert kb.entries[0].citations[0].quote == 'ses "promesses" électorales'


def test_ambiguous_citation(small_kb: Path) -> None:
    broken = ENTRIES.replace('"environ 2.500 soldats américains déployés"',
                             '"mettre fin aux guerres"')
    problem = only(problems_for(small_kb, broken), "ambiguous-quote")
    assert "p1" in problem.message and "p2" in problem.message


def test_alias_conflict(small_kb: Path) -> None:
    write(small_kb / "lexicon.yaml", "concepts:\n  a: [soldat]\n  b: [soldats]\n")
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    problem = only(problems, "alias-conflict")
    assert problem.line == 3


def test_a_word_shared_with_the_lexicon_names_all_its_spellings_at_once(small_kb: Path
                                                                         ) -> None:
    """An article's concept listing a word the shared lexicon lists under another concept
    is warned about once, naming every spelling of it on both sides ("host", "hosts",
    "hosted" read as one word): an editor removes them in one go, not one per run."""
    write(small_kb / "lexicon.yaml", "concepts:\n  deploy: [stationed, host, hosting]\n")
    write(small_kb / SLUG / "aliases.yaml",
          "concepts:\n  home-side: [host, hosts, hosted, à domicile]\n")
    kb, problems = check_knowledge(small_kb)
    assert kb is not None
    shared = [p for p in problems if p.code == "alias-shared"]
    assert len(shared) == 1, [str(p) for p in problems]
    message = shared[0].message
    assert all(f"'{w}'" in message for w in ("host", "hosts", "hosted", "hosting")), message
    assert shared[0].severity is Severity.WARNING


def test_meta_errors(small_kb: Path) -> None:
    write(small_kb / SLUG / "meta.yaml", 'title: "x"\ndate: "2024-13-99"\nlanguage: de\n')
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    assert only(problems, "missing-key").path.name == "meta.yaml"
    codes = [(p.code, p.line) for p in problems if p.path.name == "meta.yaml"]
    assert ("invalid", 2) in codes and ("invalid", 3) in codes


def test_meta_date_must_agree_with_article_header(small_kb: Path) -> None:
    write(small_kb / SLUG / "meta.yaml", 'title: "x"\ndate: "2024-12"\nlanguage: fr\n'
                                         'source: "y"\n')
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    assert "2024-11" in only(problems, "invalid").message


def test_not_utf8(small_kb: Path) -> None:
    (small_kb / SLUG / "entries.yaml").write_bytes("entries:\n  - id: é\n".encode("latin-1"))
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    problem = only(problems, "encoding")
    assert problem.line == 2


def test_missing_folder_and_files(tmp_path: Path) -> None:
    kb, problems = check_knowledge(tmp_path / "nope")
    assert kb is None and only(problems, "missing-file")
    (tmp_path / "empty").mkdir()
    kb, problems = check_knowledge(tmp_path / "empty")
    assert kb is None and "no article" in only(problems, "missing-file").message


def test_all_problems_reported_at_once(small_kb: Path) -> None:
    broken = ENTRIES.replace("relatd", "x").replace("related: [warrant-date]",
                                                    "relatd: [warrant-date]").replace(
        "janvier 2021\"", "janvier 2022\"")
    broken = broken.replace('"environ 2.500 soldats américains déployés"', '"pas dans le texte"')
    problems = problems_for(small_kb, broken)
    assert {"unknown-key", "not-verbatim"} <= {p.code for p in problems}
    assert len([p for p in problems if p.severity == "error"]) >= 2


def test_draft_entries_need_no_answer(small_kb: Path) -> None:
    draft = ENTRIES + """\
  - id: draft-one
    status: draft
    citations:
      - "Les rapports entre Bagdad et Washington"
"""
    write(small_kb / SLUG / "entries.yaml", draft)
    kb = load_knowledge(small_kb)
    assert kb.by_key[f"{SLUG}/draft-one"].draft


def test_knowledge_error_message_lists_problems(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries.yaml", "entries: [\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(small_kb)
    assert "entries.yaml" in str(info.value)


@pytest.mark.parametrize(("text", "line"), [
    ("", None),                                   # a truncated save
    ("entries: []\n", 1),                         # emptied on purpose, or by a bad merge
    ("# every entry deleted\nentries:\n", 2),
])
def test_an_article_with_text_and_no_entries_is_an_error(small_kb: Path, text: str,
                                                         line: int | None) -> None:
    problem = only(problems_for(small_kb, text), "no-entries")
    assert problem.severity is Severity.ERROR
    assert problem.path == small_kb / SLUG / "entries.yaml" and problem.line == line
    assert "no entries" in problem.message
    assert "retired: true" in problem.hint and "--allow-empty" in problem.hint


def test_no_entries_in_any_of_several_files_is_one_error(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries-more.yaml", "entries: []\n")
    problems = problems_for(small_kb, "")
    assert [p.path.name for p in problems if p.code == "no-entries"] == ["entries.yaml"]


def test_entries_in_another_file_are_enough(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries-more.yaml", "entries: []\n")
    assert len(load_knowledge(small_kb).entries) == 2


def test_a_retired_article_may_have_no_entries(small_kb: Path) -> None:
    write(small_kb / SLUG / "meta.yaml", META + "retired: true\n")
    write(small_kb / SLUG / "entries.yaml", "entries: []\n")
    kb = load_knowledge(small_kb)
    assert kb.by_slug[SLUG].meta.retired and kb.entries == ()


def test_allow_empty_makes_no_entries_a_warning(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries.yaml", "entries: []\n")
    kb, problems = check_knowledge(small_kb, allow_empty=True)
    assert kb is not None and kb.entries == ()
    assert only(problems, "no-entries").severity is Severity.WARNING


def test_draft_entries_count_as_entries(small_kb: Path) -> None:
    write(small_kb / SLUG / "entries.yaml", """\
        entries:
          - id: draft-one
            status: draft
            citations:
              - "Les rapports entre Bagdad et Washington"
        """)
    kb = load_knowledge(small_kb)
    assert [e.id for e in kb.entries] == ["draft-one"]
    assert not kb.by_slug[SLUG].meta.retired  # the key is optional


def test_retired_must_be_true_or_false(small_kb: Path) -> None:
    write(small_kb / SLUG / "meta.yaml", META + 'retired: "yes"\n')
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    problem = only(problems, "wrong-type")
    assert problem.path.name == "meta.yaml" and problem.line == 5


def test_an_articles_senses_load_and_are_checked(small_kb: Path) -> None:
    """aliases.yaml may say how the article reads one of its words after some words."""
    aliases = small_kb / SLUG / "aliases.yaml"
    write(aliases, """\
        senses:
          - word: mandat
            after: [quel, premier]
            means: présidence
        """)
    kb = load_knowledge(small_kb)
    (sense,) = kb.by_slug[SLUG].senses
    assert (sense.word, sense.means, sense.after) == ("mandat", "presidence",
                                                      frozenset({"quel", "premier"}))
    write(aliases, """\
        senses:
          - word: mandat
            afer: [quel]
            means: présidence
        """)
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    unknown = only(problems, "unknown-key")
    assert unknown.path == aliases and unknown.line == 3 and "after" in unknown.hint


def test_an_articles_sense_changes_how_its_word_is_read(small_kb: Path) -> None:
    from bot.matching.index import Index

    write(small_kb / SLUG / "aliases.yaml", """\
        senses:
          - word: mandat
            after: [quel]
            means: présidence
        """)
    analyzer = Index(load_knowledge(small_kb)).analyzer
    assert "mandat" in analyzer.analyze("Quand le mandat a-t-il été émis ?").terms
    assert "mandat" not in analyzer.analyze("Pendant quel mandat de Trump ?").terms


def test_unquoted_numbers_say_how_to_write_them(small_kb: Path) -> None:
    broken = ENTRIES.replace("    related: [warrant-date]",
                             "    related: [warrant-date]\n    keywords: [7,6 %, coût : total]", 1)
    problems = problems_for(small_kb, broken)
    hints = " ".join(p.hint for p in problems if p.code == "wrong-type")
    assert '"7,6 %"' in hints
    assert not any("coût" in p.message for p in problems)  # a French colon is text


def test_colons_inside_texts_are_read_as_written(small_kb: Path) -> None:
    """French puts a space before a colon; YAML reads "a : b" as a key and a value, and
    "fr: Il a réagi : non" as no YAML at all. Where a text is expected, it is that text."""
    written = ENTRIES.replace("fr: En janvier 2021.", "fr: Date : janvier 2021.").replace(
        "en: In January 2021.", "en: Date: January 2021.").replace(
        "        - Quand le mandat d'arrêt contre Trump a-t-il été émis ?",
        "        - Quand le mandat d'arrêt contre Trump a-t-il été émis ?\n"
        "        - Mandat d'arrêt : émis quand ?")
    write(small_kb / SLUG / "entries.yaml", written)
    entry = load_knowledge(small_kb).entries[1]
    assert entry.answers == {"fr": "Date : janvier 2021.", "en": "Date: January 2021."}
    assert "Mandat d'arrêt : émis quand ?" in entry.questions["fr"]


def test_a_colon_does_not_hide_a_real_yaml_mistake(small_kb: Path) -> None:
    broken = ENTRIES.replace("fr: En janvier 2021.", "fr: Date : janvier 2021. # note\n  x")
    only(problems_for(small_kb, broken), "yaml-syntax")


def test_an_alias_conflict_with_a_concept_name_says_which_spellings_clash(
        small_kb: Path) -> None:
    """A concept's name is one of its spellings: "commissioning" clashes with the concept
    "commission" once endings are ignored, and the message says so (an editor renamed
    spellings twice before seeing that the concept names clashed)."""
    write(small_kb / "lexicon.yaml", "concepts:\n  commission: [European Commission]\n"
                                     "  commissioning: [test phase]\n")
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    message = only(problems, "alias-conflict").message
    assert "the concept name 'commissioning'" in message
    assert "the concept name 'commission'" in message


@pytest.mark.parametrize("means", ["Prix Marceau", "marceau-prize"])
def test_a_sense_may_mean_a_concept_by_its_name_or_a_spelling_of_several_words(
        small_kb: Path, means: str) -> None:
    """An editor writes the concept they mean, by its name or by a spelling of several
    words: either is read as that concept, not as an unknown word."""
    from bot.matching.index import Index

    write(small_kb / SLUG / "aliases.yaml", f"""\
        concepts:
          marceau-prize: [Prix Marceau, Marceau prize]
        senses:
          - word: prix
            after: [le]
            means: {means}
        """)
    analyzer = Index(load_knowledge(small_kb)).analyzer
    assert "@marceau_prize" in analyzer.analyze("Qui a reçu le prix ?").terms


def test_a_senses_word_must_be_one_word(small_kb: Path) -> None:
    aliases = small_kb / SLUG / "aliases.yaml"
    write(aliases, """\
        senses:
          - word: le prix
            after: [quel]
            means: Marceau
        """)
    kb, problems = check_knowledge(small_kb)
    assert kb is None
    problem = only(problems, "wrong-value")
    assert problem.path == aliases and problem.line == 2 and "one word" in problem.message
