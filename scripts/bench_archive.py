"""Benchmark a newsroom's archive of N articles (issue 14); prints figures (it is not a test).

    python scripts/bench_archive.py --articles 1 10 100 [--questions 2000] [--runs 1]
                                    [--no-lint] [--keep DIR]

For each N it generates, in a temporary folder, a knowledge folder of N distinct articles:
every other one a copy of the shipped article and its entries, the others copies of the
corpus articles (tests/corpus/*/) with their editors' knowledge. The first copy of each is
the original; in the later ones the names of its aliases (people, groups, places), its
numbers and its dates are varied per copy, consistently in the text, the entries, the aliases
and the tests, so that `validate` passes and no two articles are identical.

It then measures, each in its own process:
  - `python -m bot validate DIR`;
  - `python -m bot ask QUESTION` from process start to the answer, with an empty index
    cache (the index is built, and cached) and with the cache warm (medians of --runs);
  - unique questions (drawn from tests/eval and the corpus question files, asked of a random
    article with that article's names and numbers, none twice) through AnswerService.ask
    after a warm start: mean and p99 per question;
  - the peak memory (max RSS) of the cold process (building) and of the answering one;
  - `python -m bot kb lint ARTICLE` of the first article (the shipped one), with the index
    cache as the answering process left it, then after an edit of that article (a comment
    added to its entries), which makes the cache stale.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.kb.problems import Problem  # noqa: E402
from bot.kb.yamlsrc import compose_text  # noqa: E402
from bot.lang import BILINGUAL_FILES, LANG_DIR  # noqa: E402
from bot.matching.lang_data import EN_STOP, FR_STOP  # noqa: E402
from bot.matching.normalize import fold, fold_cased, stem  # noqa: E402

SHIPPED = ROOT / "knowledge"
CORPUS = ROOT / "tests" / "corpus"
TEXT_FILES = ("article.txt", "meta.yaml", "entries.yaml", "tests.yaml")
TITLES = frozenset({"m", "mme", "me", "mr", "mrs", "ms", "dr", "pr", "st", "ste", "al", "el"})
_LETTERS = re.compile(r"[^\W\d_]+")
# "date 2024-11" (the article's header), "2025-03-14": the year and the month vary
_DATE = r"(?<![\w-])(?P<year>\d{4})-(?P<month>\d{2})(?P<day>-\d{2})?(?![\w-])"
# "2.500", "14 500", "2,500", "2500", "41": grouped thousands or plain digits
_NUMBER = r"(?<![\w])(?P<number>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)(?![\w])"
# what a copy varies: dates, numbers, and words (replaced when they are names)
_VARIED = re.compile(rf"{_DATE}|{_NUMBER}|(?P<word>[^\W\d_]+)")
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "ix"]


@dataclass
class Template:
    """An article folder to copy: its files, the name words its aliases use, its questions."""

    slug: str
    files: dict[str, str]  # file name -> text
    aliases: dict[str, list[str]]  # concept -> spellings
    names: list[str]  # words of its aliases that name its people, groups and places
    questions: list[str]
    paraphrases: int  # in its entries


@dataclass
class Copy:
    """One article of the generated archive: a template varied as copy number `number`."""

    template: Template
    number: int  # 0: the original, unchanged
    names: dict[str, str] = field(default_factory=dict)  # word form -> its replacement

    @property
    def slug(self) -> str:
        return self.template.slug if self.number == 0 else f"{self.template.slug}-v{self.number}"

    def vary(self, text: str) -> str:
        """The text as this copy says it: other names, numbers and dates."""
        return text if self.number == 0 else _VARIED.sub(self._replace, text)

    def _replace(self, found: re.Match[str]) -> str:
        if found["year"]:
            month = (int(found["month"]) - 1 + self.number) % 12 + 1
            return f"{self._year(int(found['year']))}-{month:02d}{found['day'] or ''}"
        if found["number"]:
            return self._number(found["number"])
        word = found["word"]
        return self.names.get(word, word)

    def _year(self, year: int) -> int:
        return year - self.number % 5

    def _number(self, written: str) -> str:
        digits = re.sub(r"\D", "", written)
        value = int(digits)
        if value < 10:  # "2 h 07", "p3", ordinals and small counts stay
            return written
        if 1950 <= value <= 2100:
            new = self._year(value)
        else:
            step = 10 ** max(len(digits) - 3, 0)
            new = value + (1 + self.number % 9 if value < 100 else (1 + self.number % 97) * step)
        text = str(new)
        separator = next((c for c in written if not c.isdigit()), None)
        if separator is None:
            return text.zfill(len(written))
        groups = []
        while text:
            groups.insert(0, text[-3:])
            text = text[:-3]
        return separator.join(groups)


def general_words() -> frozenset[str]:
    """Stems of general vocabulary (the bilingual word list's lower-case words, function
    words): a capitalised word of an alias that is one of them is not a name
    ("Force", "Région"); one the word list capitalises is ("Gaza")."""
    words: set[str] = set(FR_STOP | EN_STOP | TITLES)
    for path in BILINGUAL_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words.update(fold(w) for w in _LETTERS.findall(line) if w[0].islower())
    return frozenset(stem(w) for w in words)


def load_templates() -> list[Template]:
    """The shipped article first, then the corpus articles."""
    general = general_words()
    lexicon = yaml.safe_load((SHIPPED / "lexicon.yaml").read_text(encoding="utf-8"))
    shared = {stem(w) for spellings in lexicon["concepts"].values() for s in spellings
              for w in fold(str(s)).split()}
    shipped = sorted(p for p in SHIPPED.iterdir() if p.is_dir())[0]
    eval_questions = _questions(sorted((ROOT / "tests" / "eval").glob("*.yaml")))
    sources = [(shipped, shipped, eval_questions)]
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        sources.append((folder, folder / "knowledge",
                        _questions(sorted(folder.glob("questions*.yaml")))))
    templates = []
    for text_folder, knowledge, questions in sources:
        files = {name: (folder / name).read_text(encoding="utf-8")
                 for name in TEXT_FILES for folder in (text_folder, knowledge)
                 if (folder / name).is_file()}
        raw = _yaml(knowledge / "aliases.yaml")
        aliases = {str(k): [str(s) for s in v] for k, v in raw["concepts"].items()}
        names = sorted({word for spellings in aliases.values() for spelling in spellings
                        for word in _LETTERS.findall(spelling)
                        if _is_name(word, general | shared)})
        paraphrases = sum(len(qs) for e in _yaml(knowledge / "entries.yaml")["entries"]
                          for qs in (e.get("questions") or {}).values())
        templates.append(Template(text_folder.name, files, aliases, names, questions,
                                  paraphrases))
    return templates


def _yaml(path: Path) -> Any:
    """A knowledge file read as the bot reads it: a colon inside a text ("fr: On ne le sait
    pas encore : ...") is text, which plain YAML refuses."""
    problems: list[Problem] = []
    node = compose_text(path.read_text(encoding="utf-8"), path, problems)
    if node is None:
        raise SystemExit(f"{path}: {problems[0].message if problems else 'unreadable'}")
    return yaml.SafeLoader("").construct_document(node)


def _is_name(word: str, general: frozenset[str] | set[str]) -> bool:
    folded = fold(word)
    acronym = word.isupper() and len(word) >= 2
    return (word[:1].isupper() and (len(word) >= 3 or acronym)
            and stem(folded) not in general and folded not in TITLES)


def _questions(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        out.extend(str(q["q"]) for q in yaml.safe_load(path.read_text(encoding="utf-8"))
                   ["questions"])
    return list(dict.fromkeys(out))


def known_words(templates: list[Template]) -> set[str]:
    """Stems of every word the templates (aliases included), the lexicon and the language
    data use: a made-up name must be none of them."""
    texts = [text for t in templates for text in t.files.values()]
    texts.extend(" ".join([k, *v]) for t in templates for k, v in t.aliases.items())
    texts.append((SHIPPED / "lexicon.yaml").read_text(encoding="utf-8"))
    texts.extend(path.read_text(encoding="utf-8") for path in sorted(LANG_DIR.rglob("*"))
                 if path.suffix in (".tsv", ".yaml"))
    return {stem(word) for text in texts for word in fold(text).split()} | set(general_words())


class NameMaker:
    """Made-up names, each used once in the whole archive (compared by stem)."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def make(self, word: str, rng: random.Random) -> str:
        attempt = 0
        while True:
            longer = attempt // 20  # when the short names are taken
            attempt += 1
            if word.isupper():
                name = "".join(rng.choice("BCDFGHJKLMNPQRSTVWXZ")
                               for _ in range(max(3, len(word) + 1) + longer))
            else:
                count = max(2, round(len(word) / 2.5)) + longer
                name = "".join(rng.choice(_SYLLABLES) for _ in range(count)).capitalize()
            key = stem(name.casefold())
            if key not in self.taken and len(name) >= 3:
                self.taken.add(key)
                return name


def plan(templates: list[Template], count: int, maker: NameMaker) -> list[Copy]:
    """`count` articles: even positions copies of the shipped article, odd ones of the corpus
    articles in turn; the first copy of each template is the original."""
    uses: dict[str, int] = {}
    copies = []
    corpus = templates[1:]
    for position in range(count):
        template = templates[0] if position % 2 == 0 else corpus[(position // 2) % len(corpus)]
        number = uses.get(template.slug, 0)
        uses[template.slug] = number + 1
        copies.append(_copy(template, number, maker))
    return copies


def _copy(template: Template, number: int, maker: NameMaker) -> Copy:
    copy = Copy(template, number)
    if number == 0:
        return copy
    rng = random.Random(f"{template.slug}/{number}")
    for word in template.names:
        made = maker.make(word, rng)
        forms = {word: made, fold_cased(word): made}
        if not word.isupper():
            forms.update({word.lower(): made.lower(), fold(word): made.lower(),
                          word.upper(): made.upper(), fold_cased(word).upper(): made.upper()})
        for form, replacement in forms.items():
            copy.names.setdefault(form, replacement)
    return copy


def write_archive(copies: list[Copy], root: Path) -> int:
    """Write the knowledge folder; returns the number of paraphrases."""
    root.mkdir(parents=True)
    shutil.copy(SHIPPED / "lexicon.yaml", root / "lexicon.yaml")
    paraphrases = 0
    for copy in copies:
        folder = root / copy.slug
        folder.mkdir()
        for name, text in copy.template.files.items():
            (folder / name).write_text(copy.vary(text), encoding="utf-8")
        paraphrases += copy.template.paraphrases
        (folder / "aliases.yaml").write_text(_aliases(copy), encoding="utf-8")
    return paraphrases


def _aliases(copy: Copy) -> str:
    """The copy's aliases: a concept all of whose spellings name something gets a name of its
    own; one that also has general spellings ("Revolutionary Guards") keeps its name, shared
    with the other copies (a spelling may stand for one concept only)."""
    concepts: dict[str, list[str]] = {}
    for name, spellings in copy.template.aliases.items():
        varied = [copy.vary(s) for s in spellings]
        own = copy.number and all(v != s for v, s in zip(varied, spellings, strict=True))
        concepts[f"{name}-v{copy.number}" if own else name] = varied
    return yaml.safe_dump({"concepts": concepts}, allow_unicode=True, sort_keys=False,
                          width=100)


def draw_questions(copies: list[Copy], count: int, seed: int) -> list[str]:
    """Unique questions, each asked of a random article as that article names things."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(count * 20):
        if len(out) >= count:
            break
        copy = rng.choice(copies)
        text = copy.vary(rng.choice(copy.template.questions))
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


# --- measuring ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Process:
    """What one finished process cost."""

    wall: float  # seconds
    cpu: float  # user + system seconds: steadier than wall time on a shared machine
    status: int
    rss: float  # MB
    output: str


def run(command: list[str]) -> Process:
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return Process(wall, usage.ru_utime + usage.ru_stime, process.returncode,
                       usage.ru_maxrss / 1024, out.read())


def bot(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "--config", str(config), *args]


def write_config(path: Path, knowledge: Path, cache: Path) -> None:
    path.write_text(yaml.safe_dump({
        "knowledge_dir": str(knowledge), "cache_dir": str(cache),
        "question_log": {"path": None}, "reload": {"enabled": False}}), encoding="utf-8")


def worker(config: Path, questions_file: Path) -> None:
    """In its own process: start from the warm cache, answer every question, print figures."""
    import resource

    from bot.config import load_config
    from bot.service import AnswerService

    service = AnswerService(load_config(config))
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    times, cpu = [], []
    statuses: dict[str, int] = {}
    for text in questions:
        start, start_cpu = time.perf_counter(), time.process_time()
        answer = service.ask(text)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        statuses[str(answer.status)] = statuses.get(str(answer.status), 0) + 1
    print(json.dumps({"times": times, "cpu": cpu, "statuses": statuses,
                      "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def measure(count: int, templates: list[Template], maker: NameMaker, args: argparse.Namespace,
            workdir: Path) -> dict:
    copies = plan(templates, count, maker)
    base = workdir / f"archive-{count}"
    knowledge = base / "knowledge"
    paraphrases = write_archive(copies, knowledge)
    config = base / "config.yaml"
    cache = base / "cache"
    write_config(config, knowledge, cache)
    first = copies[0].vary(templates[0].questions[0])
    row: dict = {"articles": count, "paraphrases": paraphrases}

    validate = run(bot(config, "validate", str(knowledge)))
    if validate.status:
        raise SystemExit(f"validate failed for {count} articles:\n{validate.output}")
    row["validate"] = validate
    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(bot(config, "ask", "--no-log", first)))
        warm.append(run(bot(config, "ask", "--no-log", first)))
    row["cold"], row["warm"] = _median(cold), _median(warm)

    questions = draw_questions(copies, args.questions, seed=count)
    questions_file = base / "questions.json"
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    answering = run([sys.executable, __file__, "--worker", str(config), str(questions_file)])
    if answering.status:
        raise SystemExit(f"the answering process failed for {count} articles")
    figures = json.loads(answering.output)
    times = sorted(figures["times"])
    row["questions"] = len(times)
    row["mean"] = statistics.mean(times) * 1000
    row["p99"] = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    row["cpu_mean"] = statistics.mean(figures["cpu"]) * 1000
    row["rss"] = figures["rss"] / 1024
    row["statuses"] = figures["statuses"]
    if args.lint:
        row["lint"] = run(bot(config, "kb", "lint", copies[0].slug))
        with (knowledge / copies[0].slug / "entries.yaml").open("a", encoding="utf-8") as out:
            out.write("# edited\n")
        row["lint_edited"] = run(bot(config, "kb", "lint", copies[0].slug))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return row


def _median(processes: list[Process]) -> Process:
    return sorted(processes, key=lambda p: p.wall)[len(processes) // 2]


def _seconds(process: Process) -> str:
    return f"{process.wall:.2f} s ({process.cpu:.2f})"


def print_row(row: dict) -> None:
    lint = (f"{_seconds(row['lint'])}; {_seconds(row['lint_edited'])}" if "lint" in row
            else "-")
    print(f"| {row['articles']} | {row['paraphrases']:,} | {_seconds(row['validate'])} "
          f"| {_seconds(row['cold'])} | {_seconds(row['warm'])} "
          f"| {row['mean']:.2f} / {row['p99']:.1f} ms ({row['cpu_mean']:.2f}) "
          f"| {row['rss']:.0f} MB ({row['cold'].rss:.0f} MB building) | {lint} |", flush=True)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--questions", type=int, default=2000,
                        help="unique questions timed per archive (default: 2000)")
    parser.add_argument("--runs", type=int, default=1,
                        help="start-ups measured per archive; the median is shown")
    parser.add_argument("--no-lint", dest="lint", action="store_false",
                        help="skip timing `kb lint ARTICLE`")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate in DIR and keep the archives (default: a temp dir)")
    args = parser.parse_args()
    templates = load_templates()
    maker = NameMaker(known_words(templates))
    print("Wall time, CPU time (user + system) in brackets; memory of the answering process,"
          " and of the cold start that builds the index.\n")
    print("| articles | paraphrases | validate | start to first answer, no index cache "
          "| same, cache warm | per question (mean / p99) | memory (max RSS) "
          "| `kb lint ARTICLE`; after editing it |")
    print("|---|---|---|---|---|---|---|---|", flush=True)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    rows = []
    try:
        for count in args.articles:
            rows.append(measure(count, templates, maker, args, workdir))
            print_row(rows[-1])
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    for row in rows:
        print(f"{row['articles']} articles: {row['questions']} unique questions, "
              f"{row['statuses']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
