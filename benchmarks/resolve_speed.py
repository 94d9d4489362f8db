#!/usr/bin/env python3
"""Entity resolution time at 10,000 and 100,000 person mentions (blocked candidates, not all pairs).

Generates people (first name + surname from syllables; a third of them namesakes sharing a surname), then
mentions written as variants: diacritics dropped, romanisation variants of the first name, an initial.
Prints mentions/s and the pairwise precision and recall of the resulting grouping against the truth.
Usage: python benchmarks/resolve_speed.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata

FIRST = [("Oleksandr", "Alexander"), ("Volodymyr", "Vladimir"), ("Serhii", "Sergey"), ("Dovilė", "Dovile"),
         ("Andrii", "Andrey"), ("Julius", "Julius"), ("Kateryna", "Ekaterina"), ("Mykola", "Nikolai"),
         ("Gitanas", "Gitanas"), ("Iryna", "Irina"), ("Rasa", "Rasa"), ("Tomas", "Tomas")]
SYL = ["ka", "le", "ši", "na", "vi", "ro", "mu", "čy", "te", "da", "žu", "po", "ri", "sa", "ko", "ne", "bo", "lu"]
ENDS = ["enė", "ienė", "ko", "vich", "ov", "as", "is", "uk", "aitė", "ski"]


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def people(n: int, rng: random.Random) -> list[tuple[tuple[str, str], str, str]]:
    out, surnames = [], []
    for i in range(n):
        if surnames and rng.random() < 0.3:
            sur = rng.choice(surnames)  # a namesake: same surname, maybe another first name
        else:
            sur = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(ENDS)
            surnames.append(sur)
        out.append((rng.choice(FIRST), sur, rng.choice(["LT", "UA", "PL", "EE"])))
    # namesakes with the same first name, surname and country are one person to any resolver: keep one
    seen, uniq = set(), []
    for p in out:
        key = (p[0][0], fold(p[1]).lower(), p[2])
        if key not in seen:
            seen.add(key)
            uniq.append(p)
    return uniq


def mention(p, rng: random.Random) -> str:
    (first_a, first_b), sur, _ = p
    r = rng.random()
    if r < 0.3:
        return f"{first_a} {sur}"
    if r < 0.55:
        return f"{fold(first_a)} {fold(sur)}"
    if r < 0.8:
        return f"{first_b} {sur}"
    return f"{first_a[0]}. {sur}"


def run(n_mentions: int) -> dict:
    from dossier.resolve import Resolver

    rng = random.Random(5)
    ppl = people(max(50, n_mentions // 10), rng)
    stream = [(i, mention(ppl[i], rng)) for i in (rng.randrange(len(ppl)) for _ in range(n_mentions))]
    r = Resolver()
    t0 = time.perf_counter()
    got = [(truth, r.person(text, ppl[truth][2])) for truth, text in stream]
    dt = time.perf_counter() - t0
    # pairwise scores on a sample of pairs
    pairs = [(rng.randrange(len(got)), rng.randrange(len(got))) for _ in range(200_000)]
    same = [(a, b) for a, b in pairs if got[a][0] == got[b][0]]
    diff = [(a, b) for a, b in pairs if got[a][0] != got[b][0]]
    recall = sum(got[a][1] == got[b][1] for a, b in same) / max(1, len(same))
    precision = sum(got[a][1] != got[b][1] for a, b in diff) / max(1, len(diff))
    return {"mentions": n_mentions, "people": len(ppl), "seconds": dt, "per_s": n_mentions / dt,
            "merge_recall": recall, "split_precision": precision, "entities": len({g for _, g in got})}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    a = ap.parse_args()
    for n in a.sizes:
        r = run(n)
        print(f"resolution: {r['mentions']} person mentions of {r['people']} people -> {r['entities']} entities in "
              f"{r['seconds']:.1f} s ({r['per_s']:.0f} mentions/s); merge recall {r['merge_recall']:.3f}, "
              f"split precision {r['split_precision']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
