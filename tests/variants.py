"""Generated variants of real articles, to ingest beside them: exact copies, near-duplicates (one sentence
edited) and round-ups (paragraphs of two or three articles interleaved under a new headline, new articles, some
of which repeat each other). The originals are read in place; only the variants are written, to `folder`.

tests/test_cluster.py ingests a small sample of them, benchmarks/scale.py thousands."""

from __future__ import annotations

import random
import re
from pathlib import Path

from .conftest import SHARED

DEV = SHARED / "corpus" / "dev"
# The share of each kind of variant (the rest are round-ups).
COPIES = 0.15
EDITS = 0.25


def dev_articles(n: int | None = None) -> list[Path]:
    """The first `n` development articles (all when n is None), in name order."""
    return sorted(DEV.glob("*.txt"))[:n]


def _parts(path: Path) -> tuple[str, list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    paras = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    return lines[0].strip(), paras


def _copy(rng: random.Random, title: str, paras: list[str]) -> str:
    """The same article with its spacing changed: the same content id."""
    return title + "\n\n" + "\n\n".join(re.sub(r" ", "  ", p, count=1) for p in paras) + "\n\n"


def _edit(rng: random.Random, title: str, paras: list[str]) -> str:
    """One sentence changed by a word: a near-duplicate of the original."""
    k = rng.randrange(len(paras))
    edited = list(paras)
    edited[k] = re.sub(r"\.(\s|$)", r", officials said.\1", edited[k], count=1)
    return title + "\n\n" + "\n\n".join(edited) + "\n"


def _roundup(rng: random.Random, sources: list[tuple[str, list[str]]]) -> str:
    """Paragraphs of two or three articles taken in turn, under a headline naming the first."""
    picked = rng.sample(sources, rng.choice((2, 2, 3)))
    body: list[str] = []
    for i in range(max(len(p) for _, p in picked)):
        body += [p[i] for _, p in picked if i < len(p)]
    return f"Round-up: {picked[0][0]}\n\n" + "\n\n".join(body) + "\n"


def write_variants(folder: Path, originals: list[Path], n: int, seed: int = 11) -> Path:
    """`n` variants of `originals` written to `folder` as v00000.txt, v00001.txt, ... (the same for the same
    arguments); returns the folder."""
    rng = random.Random(seed)
    sources = [_parts(p) for p in originals]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        r = rng.random()
        title, paras = rng.choice(sources)
        if r < COPIES:
            text = _copy(rng, title, paras)
        elif r < COPIES + EDITS:
            text = _edit(rng, title, paras)
        else:
            text = _roundup(rng, sources)
        (folder / f"v{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder
