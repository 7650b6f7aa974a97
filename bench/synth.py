"""A deterministic synthetic archive for the benchmark: N papers remixed from
the seed page (data/papers/2025-03.jsonl) with random.Random(seed), and a
taxonomy of 60 tags whose rules match the remixed text.

    papers = synth.archive(20_000)          # {key: Paper}
    text = synth.taxonomy_yaml(repo_root)   # the bench's taxonomy.yml

Shape, chosen to look like Hugging Face Daily Papers over time:
- list days are weekdays spread evenly over two years (ending 2025-03-12),
  25-40 papers a day (fewer days for small N, every weekday at 20,000);
- titles of 6-16 words built from seed title fragments ("X: Y" often);
- abstracts of 5-10 sentences drawn from all seed abstracts;
- authors from the seed's first and last names, as many as real papers
  have (median 7, mean ~9, a few with dozens: the fixtures' 85 HF papers);
- 70% with an arXiv id (links to arXiv, PDF and Hugging Face), some code and
  project links, upvotes, stars, an AI summary and keywords for most;
- 3% listed on a second day.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from generator.archive.merge import new_key
from generator.archive.model import Paper, validate

REPO = Path(__file__).resolve().parent.parent
SEED_FILE = REPO / "data" / "papers" / "2025-03.jsonl"
LAST_DAY = dt.date(2025, 3, 12)
YEARS = 2
PER_DAY = (25, 40)
TAGS = 60
CATEGORIES = ("cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "math.OC", "cs.RO", "cs.NE")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_STOP = set("""a an and are as at be by can for from has have in into is it its of on or our over such that the their
these this those to under using via we which while with without both new more most than then also been not only all
one two three based show shows paper propose proposed method methods approach results result work present study""".split())
# Topics frequent in the seed abstracts, for the tags beyond the project's own.
# Topics found in 5-16% of the seed abstracts, for the tags beyond the project's own
# (broader words would tag nearly every paper; real tags are narrower).
FILL_TOPICS = (("convergence", "Convergence"), ("complexity", "Complexity"), ("knowledge", "Knowledge"),
               ("linear", "Linear models"), ("estimat", "Estimation"), ("inference", "Inference"),
               ("stochastic", "Stochastic methods"), ("memory", "Memory"), ("attention", "Attention"),
               ("quantiz", "Quantization"), ("distill", "Distillation"), ("regulariz", "Regularization"),
               ("hyperparameter", "Hyperparameters"), ("graph", "Graphs"), ("search", "Search"),
               ("matrix", "Matrices"), ("bayesian", "Bayesian methods"), ("uncertain", "Uncertainty"),
               ("noise", "Noise"), ("scal", "Scaling"), ("adaptive", "Adaptivity"), ("simulat", "Simulation"),
               ("vision", "Vision"), ("control", "Control"), ("domain", "Domains"))
# The seed page carries no author names: a fixed list of common ones.
FIRST = ("Wei", "Anna", "Jun", "Maria", "David", "Yuki", "Omar", "Sofia", "Li", "James", "Priya", "Lukas", "Chen",
         "Elena", "Ahmed", "Hana", "Daniel", "Zhang", "Laura", "Kenji", "Fatima", "Pablo", "Mei", "Ivan", "Sara",
         "Tomás", "Aisha", "Jonas", "Xin", "Noah", "Ines", "Ravi", "Yara", "Felix", "Min-jun", "Chloé")
LAST = ("Wang", "Müller", "Kim", "Garcia", "Nguyen", "Rossi", "Tanaka", "Smith", "Kumar", "Ivanova", "Chen", "Silva",
        "Cohen", "Dubois", "Li", "Okafor", "Novak", "Haddad", "Jensen", "Park", "Liu", "Moreau", "Schmidt", "Sato",
        "Hernández", "Zhou", "Andersson", "Ali", "Kowalski", "O'Brien", "Yamamoto", "Fischer", "Singh", "Zhao")


def _seed() -> list[dict]:
    return [json.loads(line) for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


class _Pools:
    def __init__(self, seed: list[dict]):
        self.seed = [(p["title"], [s.strip() for s in _SENTENCE.split(p["abstract"]) if s.strip()]) for p in seed if p["abstract"]]
        self.sentences = sorted({s.strip() for p in seed for s in _SENTENCE.split(p["abstract"]) if len(s.split()) >= 6})
        self.title_parts = sorted({part.strip() for p in seed for part in re.split(r":\s+|\s+[-—]\s+", p["title"]) if part.strip()})
        self.title_words = sorted({w for p in seed for w in p["title"].split() if len(w) > 3})
        names = [a.split() for p in seed for a in p["authors"] if len(a.split()) >= 2]
        self.first = sorted({n[0] for n in names} | set(FIRST))
        self.last = sorted({n[-1] for n in names} | set(LAST))
        words = Counter(w.casefold() for p in seed for w in re.findall(r"[A-Za-z][A-Za-z\-]{3,}", p["abstract"]))
        self.keywords = sorted(w for w, n in words.items() if n >= 3 and w not in _STOP)[:400]


def list_days(n_papers: int) -> list[dt.date]:
    """Weekdays spread evenly over two years, enough for 25-40 papers each."""
    first = LAST_DAY - dt.timedelta(days=365 * YEARS)
    weekdays = [first + dt.timedelta(days=i) for i in range((LAST_DAY - first).days + 1)]
    weekdays = [d for d in weekdays if d.weekday() < 5]
    wanted = min(len(weekdays), max(1, round(n_papers / (sum(PER_DAY) / 2))))
    step = len(weekdays) / wanted
    return [weekdays[len(weekdays) - 1 - int(i * step)] for i in range(wanted)][::-1]


def _day_counts(rng: random.Random, n_papers: int, days: int) -> list[int]:
    lo, hi = PER_DAY
    counts = [rng.randint(lo, hi) for _ in range(days)]
    total = sum(counts)
    while total != n_papers:  # nudge single days, within 1..hi, until the sum is N
        i = rng.randrange(days)
        if total < n_papers and counts[i] < hi:
            counts[i] += 1
            total += 1
        elif total > n_papers and counts[i] > (lo if n_papers >= lo * days else 1):
            counts[i] -= 1
            total -= 1
        elif all(c >= hi for c in counts) and total < n_papers:  # more than 40 a day: let them grow
            hi += 1
    return counts


def _title(rng: random.Random, pools: _Pools, base: str) -> str:
    """A title of 6-16 words, mostly from the base paper's title."""
    parts = [x.strip() for x in re.split(r":\s+|\s+[-—]\s+", base) if x.strip()]
    for _ in range(20):
        title = rng.choice(parts)
        if rng.random() < 0.5:
            title = f"{rng.choice(pools.title_words).strip(':,')}: {title}"
        if rng.random() < 0.4 or len(title.split()) < 6:
            title += " " + " ".join(rng.sample(pools.title_words, rng.randint(1, 5)))
        if 6 <= len(title.split()) <= 16:
            return title
    return " ".join(title.split()[:16])


def _authors(rng: random.Random, pools: _Pools) -> list[str]:
    # Fitted to the real HF answers in tests/fixtures (median 7, mean 9.4,
    # up to 92): author names repeat in a paper's page, head and BibTeX, so
    # fewer authors than real papers would flatter the site-size figures.
    count = min(100, max(1, int(rng.lognormvariate(2.0, 0.7))))
    return [f"{rng.choice(pools.first)} {rng.choice(pools.last)}" for _ in range(count)]


def _ascii(word: str) -> str:
    """A URL-safe form of a name or word: 'Müller' -> 'muller'."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9-]+", "", plain) or "x"


def archive(n_papers: int, seed: int = 20250312) -> dict[str, Paper]:
    """N synthetic papers keyed as the importer keys them (arXiv id or title slug)."""
    rng = random.Random(seed)
    pools = _Pools(_seed())
    days = list_days(n_papers)
    counts = _day_counts(rng, n_papers, len(days))
    papers: dict[str, Paper] = {}
    serial: Counter[str] = Counter()
    for day, count in zip(days, counts):
        for _ in range(count):
            p = _paper(rng, pools, day, serial)
            p.key = new_key(p, papers)
            papers[p.key] = p
    # A few papers come back on a later list day (sorted, no repeats).
    later = {d: i for i, d in enumerate(days)}
    for key in sorted(papers)[:: max(1, round(1 / 0.03))]:
        p = papers[key]
        i = later[dt.date.fromisoformat(p.list_dates[0])]
        if i + 1 < len(days):
            p.list_dates = [p.list_dates[0], days[min(len(days) - 1, i + rng.randint(1, 5))].isoformat()]
    bad = [(k, problem) for k, p in papers.items() for problem in validate(p)]
    assert not bad, f"synthetic records must be valid: {bad[:5]}"
    return dict(sorted(papers.items()))


def _paper(rng: random.Random, pools: _Pools, day: dt.date, serial: Counter) -> Paper:
    published = day - dt.timedelta(days=rng.randint(1, 6))
    # Remix: most sentences of one seed abstract (so the paper keeps one
    # topic, as real papers do), now and then one from another paper.
    base_title, base = rng.choice(pools.seed)
    keep = sorted(rng.sample(range(len(base)), max(1, min(len(base), rng.randint(5, 10)))))
    sentences = [base[i] for i in keep]
    if rng.random() < 0.6:
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(pools.sentences))
    abstract = " ".join(sentences)
    p = Paper(
        title=_title(rng, pools, base_title),
        abstract=abstract,
        authors=_authors(rng, pools),
        published=published.isoformat(),
        list_dates=[day.isoformat()],
        categories=sorted(rng.sample(CATEGORIES, rng.randint(1, 3))),
        upvotes=int(rng.paretovariate(1.3)) - 1 if rng.random() < 0.9 else None,
        sources=["bench/synth.py"],
    )
    if rng.random() < 0.7:
        ym = published.strftime("%y%m")
        serial[ym] += 1
        p.arxiv_id = f"{ym}.{serial[ym]:05d}"
        p.links = {"arxiv": f"https://arxiv.org/abs/{p.arxiv_id}", "pdf": f"https://arxiv.org/pdf/{p.arxiv_id}",
                   "hf": f"https://huggingface.co/papers/{p.arxiv_id}"}
    if rng.random() < 0.3:
        p.links["code"] = f"https://github.com/{_ascii(rng.choice(pools.last))}/{_ascii(rng.choice(pools.title_words))}"
        p.stars = int(rng.paretovariate(0.9) * 10)
    if rng.random() < 0.1:
        p.links["project"] = f"https://{_ascii(rng.choice(pools.last))}.github.io/"
    if rng.random() < 0.6:
        p.ai_summary = " ".join(rng.sample(pools.sentences, 2))
        words = sorted({w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z\-]{3,}", abstract)} & set(pools.keywords))
        p.ai_keywords = sorted(rng.sample(words, min(len(words), rng.randint(3, 6))))
    if p.upvotes is not None:
        p.figures_date = day.isoformat()
    return p


def taxonomy_yaml(repo: Path = REPO, count: int = TAGS) -> str:
    """60 tags: the project's own taxonomy (real topics whose rules match the
    remixed seed text), completed with tags for topics frequent in the seed."""
    data = yaml.safe_load((repo / "taxonomy.yml").read_text(encoding="utf-8"))
    own = data["tags"][:count]
    tags = [dict(t) for t in own]
    slugs = {t["slug"] for t in tags}
    for rule, title in FILL_TOPICS:
        if len(tags) >= count:
            break
        slug = f"topic-{title.lower().replace(' ', '-')}"
        if slug in slugs:
            continue
        slugs.add(slug)
        tags.append({"slug": slug, "title": f"{title} (synthetic)", "match": [rule + "*"],
                     "description": f"Papers whose text speaks of {title.lower()}: a synthetic tag of the benchmark."})
    return "# The benchmark's taxonomy (bench/synth.py): generated, do not edit.\n" + yaml.safe_dump(
        {"scoring": data.get("scoring", {}), "tags": tags}, sort_keys=False, allow_unicode=True, width=1000)


synthetic_papers = archive  # the name bench/bench_related.py looks for


def _sanity() -> None:  # pragma: no cover - a manual check: python bench/synth.py
    papers = archive(1000)
    print(len(papers), "papers;", len({d for p in papers.values() for d in p.list_dates}), "days")
    first = next(iter(papers.values()))
    print(first.title, "|", len(first.abstract.split()), "words |", first.authors[:3])
    print("titles: words", min(len(p.title.split()) for p in papers.values()), "-", max(len(p.title.split()) for p in papers.values()))
    print("per day", Counter(Counter(p.list_dates[0] for p in papers.values()).values()).most_common(5))
    print("arxiv", sum(1 for p in papers.values() if p.arxiv_id), "of", len(papers), "| mean chars", math.fsum(len(p.abstract) for p in papers.values()) / len(papers))


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(REPO))
    _sanity()

