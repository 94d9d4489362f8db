"""Whether a trigger verb's object makes it a fact (data/trigger_objects.tsv): "hosted the summit" is a
meeting, "hosting websites" is not; "joined the coalition" is policy, "joined the fight" is not."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .mentions import items_in

OBJECT_DEPS = ("dobj", "nsubjpass", "attr")


@lru_cache(maxsize=1)
def object_rules() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """(verb lemma -> classes its object may belong to, class -> head nouns, verb lemma -> prepositions)."""
    verbs: dict[str, set[str]] = {}
    classes: dict[str, set[str]] = {}
    preps: dict[str, set[str]] = {}
    text = resources.files("dossier").joinpath("data/trigger_objects.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, key, *rest = line.split("\t")
        words = {w.strip().lower() for w in (rest[0] if rest else "").split(",") if w.strip()}
        {"verb": verbs, "class": classes, "preps": preps}[kind][key] = words
    return verbs, classes, preps


class ObjectFit:
    """Mixin of DocFacts: does a trigger verb have an object of the kind its fact needs?"""

    def object_fits(self, verb) -> bool:
        verbs, classes, preps = object_rules()
        wanted = verbs.get(verb.lemma_.lower())
        if wanted is None:
            return True
        objs = self._objects(verb, preps.get(verb.lemma_.lower(), set()))
        if not objs:
            return "none" in wanted
        return any(self._fits(o, wanted, classes) for o in objs)

    @staticmethod
    def _objects(verb, preps: set[str]) -> list:
        objs = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
            objs.append(verb.head)  # "drones manufactured in Ukraine": the noun is what is made
        for p in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps):
            objs.extend(c for c in p.children if c.dep_ == "pobj")
        return objs

    def _fits(self, obj, wanted: set[str], classes: dict[str, set[str]]) -> bool:
        if obj.pos_ == "PRON":
            return True  # "they will be produced there": what the pronoun stands for is not judged here
        heads = [obj] + [c for c in obj.children if c.dep_ in ("conj", "appos")]
        if "mention" in wanted and any(h.i in self.by_token for h in heads):
            return True  # "visited Kyiv", not "visited U.S. service members"
        if "goods" in wanted and items_in(self.text, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)):
            return True
        words = {h.lemma_.lower() for h in heads} | {h.lower_ for h in heads}
        return any(words & classes.get(c, set()) for c in wanted)
