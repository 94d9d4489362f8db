"""A generated corpus of news-like articles, different enough from each other not to be near-duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

COUNTRIES = ["Lithuania", "Latvia", "Estonia", "Poland", "Germany", "France", "Norway", "Denmark", "Finland",
             "Sweden", "Ukraine", "Canada", "Italy", "Spain", "the Netherlands", "Czechia", "Romania", "Japan"]
ITEMS = ["155mm ammunition", "air defence systems", "armoured vehicles", "reconnaissance drones", "radars",
         "anti-drone systems", "howitzers", "mortar rounds", "patrol boats", "night-vision goggles", "generators"]
VERBS = ["has provided", "will deliver", "signed a contract for", "plans to buy", "agreed to produce",
         "pledged", "is discussing the purchase of", "opened a plant for"]
CURRENCIES = ["€{} million", "${} million", "{} million euros", "EUR {}m", "PLN {} million", "NOK {} million"]
FILLER = ("officials said the decision followed months of talks between ministries and industry while analysts "
          "noted that budgets across the region keep rising as governments respond to the war and to supply "
          "shortages in the defence sector where factories have struggled to keep pace with demand").split()


def article(rng: random.Random, n: int) -> dict:
    a, b = rng.sample(COUNTRIES, 2)
    paras = []
    for _ in range(rng.randint(5, 8)):
        sents = []
        for _ in range(rng.randint(2, 4)):
            amount = rng.choice(CURRENCIES).format(rng.randint(2, 950))
            sents.append(f"{a} {rng.choice(VERBS)} {rng.choice(ITEMS)} worth {amount} for {b}, "
                         + " ".join(rng.sample(FILLER, rng.randint(8, 16))) + f" (ref {n}-{rng.randint(0, 10**9)}).")
        paras.append(" ".join(sents))
    return {"title": f"{a} and {b}: {rng.choice(ITEMS)} deal number {n}", "text": "\n\n".join(paras),
            "published": f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}


def write_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """Half the articles as .txt files, half in JSONL files of 500."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    batch: list[dict] = []
    for i in range(n):
        art = article(rng, i)
        if i % 2 == 0:
            (folder / f"a{i:06d}.txt").write_text(art["title"] + "\n\n" + art["text"], encoding="utf-8")
        else:
            batch.append(art)
            if len(batch) == 500:
                (folder / f"b{i:06d}.jsonl").write_text("\n".join(json.dumps(x) for x in batch) + "\n")
                batch = []
    if batch:
        (folder / "b_last.jsonl").write_text("\n".join(json.dumps(x) for x in batch) + "\n")
    return folder
