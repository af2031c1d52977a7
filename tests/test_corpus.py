"""The corpus of articles of different kinds, each scored as a newsroom meets it: added with
`kb init` alone, and after an editor's work (scripts/corpus_eval.py, the maintainers' scorer).

Every set keeps a floor a little under today's figures, so that a change that helps one
article and costs another shows here.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# (article, stage, question set) -> (accuracy, abstention) floors
FLOORS = {
    ("chomage-france-2025-11", "init", "questions"): (0.40, 0.93),
    ("chomage-france-2025-11", "edited", "questions"): (0.56, 0.80),
    ("conseil-chambery-2025-06", "init", "questions"): (0.16, 0.86),
    ("conseil-chambery-2025-06", "init", "questions_discord"): (0.31, 0.95),
    ("conseil-chambery-2025-06", "edited", "questions"): (0.43, 0.93),
    ("conseil-chambery-2025-06", "edited", "questions_discord"): (0.65, 0.85),
    ("crues-ardeche-2025-10", "init", "questions"): (0.26, 0.93),
    ("crues-ardeche-2025-10", "init", "questions_discord"): (0.52, 0.95),
    ("crues-ardeche-2025-10", "edited", "questions"): (0.63, 0.86),
    ("crues-ardeche-2025-10", "edited", "questions_discord"): (0.75, 0.90),
    ("etude-jardinage-demence-2025-03", "init", "questions"): (0.35, 0.86),
    ("etude-jardinage-demence-2025-03", "edited", "questions"): (0.56, 0.93),
    ("marathon-lyon-record-2025-04", "init", "questions"): (0.16, 0.86),
    ("marathon-lyon-record-2025-04", "init", "questions_discord"): (0.38, 0.80),
    ("marathon-lyon-record-2025-04", "edited", "questions"): (0.56, 0.86),
    ("marathon-lyon-record-2025-04", "edited", "questions_discord"): (0.45, 0.85),
    ("proces-renovation-rennes-2025-03", "init", "questions"): (0.03, 0.93),
    ("proces-renovation-rennes-2025-03", "edited", "questions"): (0.33, 0.93),
    ("reprise-usine-2025-11", "init", "questions"): (0.10, 0.86),
    ("reprise-usine-2025-11", "init", "questions_discord"): (0.17, 0.80),
    ("reprise-usine-2025-11", "edited", "questions"): (0.33, 0.80),
    ("reprise-usine-2025-11", "edited", "questions_discord"): (0.36, 0.80),
    # fresh on 85d13ad: 0.133 / 0.933 and 0.300 / 0.850
    ("urgences-hopital-2025-09", "init", "questions"): (0.10, 0.86),
    ("urgences-hopital-2025-09", "init", "questions_discord"): (0.25, 0.80),
    # after its editor's hour, fresh on 10bc7b4: 0.433 / 1.000 and 0.450 / 0.900
    ("urgences-hopital-2025-09", "edited", "questions"): (0.43, 0.93),
    ("urgences-hopital-2025-09", "edited", "questions_discord"): (0.40, 0.85),
    # fresh on 609a016: 0.267 / 0.933 and 0.275 / 0.900
    ("vol-musee-2025-11", "init", "questions"): (0.23, 0.86),
    ("vol-musee-2025-11", "init", "questions_discord"): (0.23, 0.85),
    # after its editor's 40 minutes, fresh on 609a016: 0.533 / 0.800 and 0.550 / 0.900
    ("vol-musee-2025-11", "edited", "questions"): (0.50, 0.73),
    ("vol-musee-2025-11", "edited", "questions_discord"): (0.50, 0.85),
    # fresh on 2e49ea2: 0.267 / 0.933 and 0.325 / 0.900
    ("satellite-borea-2025-12", "init", "questions"): (0.23, 0.86),
    ("satellite-borea-2025-12", "init", "questions_discord"): (0.28, 0.85),
    # after its editor's 40 minutes, fresh on 2e49ea2: 0.567 / 0.867 and 0.500 / 0.950
    ("satellite-borea-2025-12", "edited", "questions"): (0.50, 0.80),
    ("satellite-borea-2025-12", "edited", "questions_discord"): (0.45, 0.90),
    # fresh on 9a21460: 0.433 / 0.867 and 0.425 / 0.900
    ("accord-eau-senegal-mauritanie-2025-09", "init", "questions"): (0.36, 0.80),
    ("accord-eau-senegal-mauritanie-2025-09", "init", "questions_discord"): (0.35, 0.85),
    # after its editor's work (38 entries), fresh on 9a21460: 0.600 / 0.867 and 0.625 / 0.900
    ("accord-eau-senegal-mauritanie-2025-09", "edited", "questions"): (0.53, 0.80),
    ("accord-eau-senegal-mauritanie-2025-09", "edited", "questions_discord"): (0.55, 0.85),
    # a regional rail strike, written blind: fresh on 65107e9, 0.200 / 1.000 and 0.237 / 1.000
    ("greve-ter-2026-01", "init", "questions"): (0.16, 0.93),
    ("greve-ter-2026-01", "init", "questions_discord"): (0.20, 0.92),
    # after its editor's hour (35 entries, 405 paraphrases, 34 alias concepts), fresh on
    # 65107e9: 0.625 / 1.000 and 0.632 / 0.917
    ("greve-ter-2026-01", "edited", "questions"): (0.58, 0.93),
    ("greve-ter-2026-01", "edited", "questions_discord"): (0.58, 0.83),
    # an archaeological dig, written blind: fresh on e52924b, 0.433 / 1.000 and 0.278 / 1.000
    ("fouille-archeologique-2025-06", "init", "questions"): (0.40, 0.93),
    ("fouille-archeologique-2025-06", "init", "questions_discord"): (0.25, 0.92),
    # after its editor's hour (32 entries, 375 paraphrases, 27 alias concepts), fresh on
    # e52924b: 0.833 / 1.000 and 0.583 / 1.000
    ("fouille-archeologique-2025-06", "edited", "questions"): (0.80, 0.93),
    ("fouille-archeologique-2025-06", "edited", "questions_discord"): (0.55, 0.92),
    # a literary prize, written blind: fresh on 2291509, 0.267 / 0.833 and 0.281 / 0.944
    ("prix-litteraire-2025-10", "init", "questions"): (0.23, 0.80),
    ("prix-litteraire-2025-10", "init", "questions_discord"): (0.25, 0.92),
    # after its editor's hour (39 entries, 465 paraphrases, 44 alias concepts), fresh on
    # 2291509 with the next commit: 0.533 / 0.833 and 0.469 / 0.944
    ("prix-litteraire-2025-10", "edited", "questions"): (0.50, 0.80),
    ("prix-litteraire-2025-10", "edited", "questions_discord"): (0.43, 0.92),
    # a cyberattack on a town hall, written blind (worded away from the article): fresh on
    # beed6ec, 0.156 / 0.938 and 0.265 / 0.750; after its editor's work (28 entries, 363
    # paraphrases, 37 alias concepts), 0.250 / 0.938 and 0.500 / 0.875
    ("cyberattaque-mairie-vierzon-2026-03", "init", "questions"): (0.12, 0.90),
    ("cyberattaque-mairie-vierzon-2026-03", "init", "questions_discord"): (0.23, 0.70),
    ("cyberattaque-mairie-vierzon-2026-03", "edited", "questions"): (0.21, 0.90),
    # 0.83 -> 0.80 on 649760b: "est-ce que des données perso des habitants ont fuité ? genre
    # numéros de sécu ?", out of scope in the set, now gets its first part answered with the
    # article's own "On ignore encore si des données personnelles ... ont été dérobées"
    ("cyberattaque-mairie-vierzon-2026-03", "edited", "questions_discord"): (0.45, 0.80),
    # a rugby match report (scores, minutes, points kicked, standings), written blind: fresh
    # on 0aaa112, 0.031 / 0.938 and 0.118 / 0.812; after its editor's work (25 entries, 346
    # paraphrases, 39 alias concepts), 0.375 / 0.938 and 0.324 / 0.812
    ("rugby-la-rochelle-pau-2025-12", "init", "questions"): (0.03, 0.90),
    ("rugby-la-rochelle-pau-2025-12", "init", "questions_discord"): (0.08, 0.75),
    ("rugby-la-rochelle-pau-2025-12", "edited", "questions"): (0.34, 0.90),
    ("rugby-la-rochelle-pau-2025-12", "edited", "questions_discord"): (0.29, 0.75),
    # an election result abroad (percentages, turnout, endorsements), written blind: fresh
    # on 9f49428, 0.031 / 0.812 and 0.235 / 0.688; after its editor's work (32 entries,
    # 433 paraphrases, 27 alias concepts), 0.281 / 0.812 and 0.529 / 0.812
    ("election-croatie-2026-01", "init", "questions"): (0.03, 0.68),
    ("election-croatie-2026-01", "init", "questions_discord"): (0.20, 0.62),
    ("election-croatie-2026-01", "edited", "questions"): (0.25, 0.75),
    ("election-croatie-2026-01", "edited", "questions_discord"): (0.49, 0.75),
    # a food recall (lots, dates, cases by age, a hotline, a refund, an investigation),
    # written blind: fresh on 13178f5, 0.233 / 0.933 and 0.200 / 0.950; after its editor's
    # work (30 entries, about 400 paraphrases, 26 `kb test` questions), 0.767 / 0.933 and
    # 0.750 / 0.900
    ("rappel-cereales-2026-02", "init", "questions"): (0.20, 0.80),
    ("rappel-cereales-2026-02", "init", "questions_discord"): (0.15, 0.85),
    ("rappel-cereales-2026-02", "edited", "questions"): (0.73, 0.80),
    ("rappel-cereales-2026-02", "edited", "questions_discord"): (0.70, 0.80),
    # an obituary (a jazz pianist's life: dates, places, albums, a prize, a school, family,
    # tributes, the funeral), written blind: fresh on f42c2fe, 0.267 / 0.867 and 0.393 /
    # 1.000; after its editor's work (31 entries, about 365 paraphrases, 76 `kb test`
    # questions), 0.533 / 0.867 and 0.464 / 0.833
    ("hommage-pianiste-nantes-2026-03", "init", "questions"): (0.23, 0.80),
    ("hommage-pianiste-nantes-2026-03", "init", "questions_discord"): (0.35, 0.90),
    ("hommage-pianiste-nantes-2026-03", "edited", "questions"): (0.50, 0.80),
    ("hommage-pianiste-nantes-2026-03", "edited", "questions_discord"): (0.42, 0.75),
    # a cable car's inauguration (costs, shares, counts, times, a court decision), the
    # article a helper wrote while trying the bot as a new user; question sets written
    # blind by another: fresh on 96a9c32, `kb init` only 0.346 / 0.929 and 0.400 / 0.727;
    # 0.818 out of scope once a number of things was no amount ("32 cabines")
    ("telepherique-brevanne-2025-06", "init", "questions"): (0.30, 0.85),
    ("telepherique-brevanne-2025-06", "init", "questions_discord"): (0.35, 0.78),
    # after its editor's 35 minutes (23 entries, about 375 paraphrases, 88 `kb test`
    # questions), fresh on 8e4f294: 0.731 / 1.000 and 0.560 / 1.000
    ("telepherique-brevanne-2025-06", "edited", "questions"): (0.69, 0.90),
    ("telepherique-brevanne-2025-06", "edited", "questions_discord"): (0.52, 0.90),
    # article 21, international politics (a troop withdrawal, sharing much of the shipped
    # article's vocabulary), a helper's own article and questions; fresh on 9be43b2:
    # `kb init` only 0.429 / 0.833 and 0.393 / 0.917
    ("retrait-allemand-niger-2025-05", "init", "questions"): (0.40, 0.80),
    ("retrait-allemand-niger-2025-05", "init", "questions_discord"): (0.35, 0.88),
    # after its editor's 35 minutes (21 entries, 254 paraphrases, 66 `kb test`
    # questions), fresh on 9be43b2: 0.657 / 0.833 and 0.679 / 1.000
    ("retrait-allemand-niger-2025-05", "edited", "questions"): (0.62, 0.80),
    ("retrait-allemand-niger-2025-05", "edited", "questions_discord"): (0.64, 0.95),
    # article 22, business (a company's annual results, job cuts, a plant closure), a helper's
    # own article and questions; fresh on 4d2cfac: `kb init` only 0.314 / 0.750 and
    # 0.250 / 0.917
    ("resultats-cycles-armorel-2025-07", "init", "questions"): (0.28, 0.70),
    ("resultats-cycles-armorel-2025-07", "init", "questions_discord"): (0.22, 0.88),
    # after its editor's hour (32 entries, 450 paraphrases, 22 alias concepts, 88 `kb test`
    # questions), fresh on 4d2cfac: 0.600 / 0.750 and 0.607 / 0.917
    ("resultats-cycles-armorel-2025-07", "edited", "questions"): (0.57, 0.70),
    ("resultats-cycles-armorel-2025-07", "edited", "questions_discord"): (0.57, 0.88),
    # article 23, local public transport (a fare overhaul: prices before and after, free
    # travel for the young and who pays, ridership, reactions, a vote to come), a new user's
    # own article, questions by another helper; fresh on fd9bdac: `kb init` only 0.343 /
    # 0.917 and 0.321 / 0.917
    ("tarifs-valbus-valrenne-2025-06", "init", "questions"): (0.31, 0.88),
    ("tarifs-valbus-valrenne-2025-06", "init", "questions_discord"): (0.28, 0.88),
    # after its editor's hour (27 entries, 336 paraphrases, 24 alias concepts, 107 `kb test`
    # questions), fresh on fd9bdac: 0.686 / 1.000 and 0.500 / 1.000
    ("tarifs-valbus-valrenne-2025-06", "edited", "questions"): (0.65, 0.95),
    ("tarifs-valbus-valrenne-2025-06", "edited", "questions_discord"): (0.46, 0.95),
    # "who said what" sets (questions_said): fresh on 8f0b073, floors under those figures;
    # four raised with the check of who speaks (a text reporting words of another)
    ("chomage-france-2025-11", "edited", "questions_said"): (0.66, 0.95),
    ("chomage-france-2025-11", "init", "questions_said"): (0.66, 0.95),
    ("conseil-chambery-2025-06", "edited", "questions_said"): (0.12, 0.45),
    ("conseil-chambery-2025-06", "init", "questions_said"): (0.00, 0.78),
    ("crues-ardeche-2025-10", "edited", "questions_said"): (0.38, 0.95),
    ("crues-ardeche-2025-10", "init", "questions_said"): (0.52, 0.95),
    ("marathon-lyon-record-2025-04", "edited", "questions_said"): (0.28, 0.95),
    ("marathon-lyon-record-2025-04", "init", "questions_said"): (0.28, 0.95),
    ("proces-renovation-rennes-2025-03", "edited", "questions_said"): (0.38, 0.95),
    ("proces-renovation-rennes-2025-03", "init", "questions_said"): (0.00, 0.95),
    ("reprise-usine-2025-11", "edited", "questions_said"): (0.62, 0.95),
    ("reprise-usine-2025-11", "init", "questions_said"): (0.45, 0.95),
    ("urgences-hopital-2025-09", "edited", "questions_said"): (0.52, 0.95),
    ("urgences-hopital-2025-09", "init", "questions_said"): (0.24, 0.95),
    ("vol-musee-2025-11", "edited", "questions_said"): (0.78, 0.78),
    ("vol-musee-2025-11", "init", "questions_said"): (0.45, 0.95),
    # three more (questions_said of the satellite, study and agreement articles), written
    # blind later: fresh on ae92c79, floors under those figures
    ("accord-eau-senegal-mauritanie-2025-09", "edited", "questions_said"): (0.57, 0.81),
    ("accord-eau-senegal-mauritanie-2025-09", "init", "questions_said"): (0.45, 0.95),
    ("etude-jardinage-demence-2025-03", "edited", "questions_said"): (0.70, 0.81),
    ("etude-jardinage-demence-2025-03", "init", "questions_said"): (0.33, 0.95),
    ("satellite-borea-2025-12", "edited", "questions_said"): (0.82, 0.95),
    ("satellite-borea-2025-12", "init", "questions_said"): (0.20, 0.81),
    # "what is X called" sets (questions_names), blind: fresh on 4c091a1 (before it, on
    # 7deff18: kb init 1/24, edited 2/24), floors under those figures; edited raised after
    # a name is given by a sentence an entry cites (5/24)
    ("chomage-france-2025-11", "edited", "questions_names"): (0.16, 0.95),
    ("chomage-france-2025-11", "init", "questions_names"): (0.16, 0.95),
    ("crues-ardeche-2025-10", "edited", "questions_names"): (0.33, 0.95),
    ("crues-ardeche-2025-10", "init", "questions_names"): (0.33, 0.95),
    ("marathon-lyon-record-2025-04", "edited", "questions_names"): (0.33, 0.95),
    ("marathon-lyon-record-2025-04", "init", "questions_names"): (0.16, 0.95),
    ("satellite-borea-2025-12", "edited", "questions_names"): (0.00, 0.95),
    ("satellite-borea-2025-12", "init", "questions_names"): (0.00, 0.95),
}
LINE = re.compile(r"^(\S+)\s+(init|edited)\s+(\S+)\s+([\d.]+) \(\d+/\d+\)\s+([\d.]+) ", re.M)


@pytest.fixture(scope="module")
def figures() -> dict[tuple[str, str, str], tuple[float, float]]:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "corpus_eval.py")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAILED" not in done.stdout, done.stdout
    return {(a, s, q): (float(acc), float(abst))
            for a, s, q, acc, abst in LINE.findall(done.stdout)}


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_every_corpus_set_stays_above_its_floor(
        figures: dict[tuple[str, str, str], tuple[float, float]],
        key: tuple[str, str, str]) -> None:
    accuracy, abstention = figures[key]
    floor_accuracy, floor_abstention = FLOORS[key]
    assert accuracy >= floor_accuracy and abstention >= floor_abstention, (key, accuracy,
                                                                           abstention)


def test_the_archive_benchmark_reads_every_corpus_article() -> None:
    """scripts/bench_archive.py copies the corpus articles with their editors' knowledge; it
    reads their files as the bot does (a colon inside a text, "fr: On ne le sait pas
    encore : ...", is text, which plain YAML refuses)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_archive",
                                                  ROOT / "scripts" / "bench_archive.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_archive"] = bench  # its dataclasses look their module up
    try:
        spec.loader.exec_module(bench)
    finally:
        del sys.modules["bench_archive"]
    templates = bench.load_templates()
    corpus = [p for p in (ROOT / "tests" / "corpus").iterdir() if p.is_dir()]
    assert len(templates) == 1 + len(corpus)
    assert all(t.paraphrases > 0 and t.questions for t in templates)
