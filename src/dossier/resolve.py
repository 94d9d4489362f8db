"""Entity resolution: mentions grouped into entities across the corpus, incrementally as articles arrive.

Keys by type: a country is its ISO code; an organisation its gazetteer name, or for a ministry its country
and folded function ("ministry:defence" of LT); a place its folded name and country. People are matched
within a block (the transliteration key of the surname's first letters) by surname similarity and a
compatible first name (same, an initial, or a romanisation variant), so "Dovile Šakalene", "Dovile
Sakaliene" and "Oleksandr / Alexander Kamyshin" are one person. Ids are made when an entity is first seen
and reused after, so they stay the same as more articles arrive or extraction re-runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from rapidfuzz.distance import JaroWinkler

from .gazetteer import companies, countries, fold
from .model import Entity, make_id

# Surnames whose transliteration keys are this similar (Jaro-Winkler) are one name.
SURNAME_SIMILARITY = 0.92
FIRST_NAME_SIMILARITY = 0.88


@lru_cache(maxsize=1)
def first_name_groups() -> dict[str, int]:
    out: dict[str, int] = {}
    text = resources.files("dossier").joinpath("data/name_variants.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(l for l in text.splitlines() if l.strip() and not l.startswith("#")):
        for name in line.split(","):
            out.setdefault(name.strip(), n)
    return out


@lru_cache(maxsize=262144)
def translit_key(name: str) -> str:
    """A romanisation-insensitive key: Ukrainian/Russian spellings of one name meet ("Serhii"/"Sergey",
    "Sakaliene"/"Šakalene", Г as H or G, -yi/-iy/-ii, i/y)."""
    s = re.sub(r"[^a-z]", "", fold(name))
    for a, b in (("shch", "sc"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"),
                 ("tz", "c"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("x", "ks"), ("q", "k")):
        s = s.replace(a, b)
    s = s.replace("g", "h").replace("y", "i").replace("j", "i")
    s = re.sub(r"i+", "i", s)
    s = s.replace("ie", "e").replace("ia", "a").replace("iu", "u").replace("io", "o")
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


@lru_cache(maxsize=65536)
def first_names_match(a: str, b: str) -> bool:
    a, b = fold(a).rstrip("."), fold(b).rstrip(".")
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    g = first_name_groups()
    if a in g and b in g:
        return g[a] == g[b]
    return translit_key(a) == translit_key(b) or JaroWinkler.similarity(translit_key(a), translit_key(b)) >= FIRST_NAME_SIMILARITY


def split_name(name: str) -> tuple[str, str]:
    toks = name.split()
    return (" ".join(toks[:-1]), toks[-1]) if len(toks) > 1 else ("", toks[0] if toks else "")


@dataclass
class PersonRecord:
    id: str
    first: str
    surname: str
    country: Optional[str]
    name: str
    skey: str = ""

    def __post_init__(self) -> None:
        self.skey = translit_key(self.surname)


@dataclass
class Resolver:
    """Assigns entity ids. Backed by the store's entities so ids persist across runs; works without one."""

    store: object = None
    persons: dict[str, list[PersonRecord]] = field(default_factory=dict)  # block -> records
    by_id: dict[str, PersonRecord] = field(default_factory=dict)
    loaded: bool = False

    @staticmethod
    def block(surname: str) -> str:
        return translit_key(surname)[:3]

    def load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        if self.store is None:
            return
        for row in self.store.query("SELECT id, name, country FROM entities WHERE type = 'person'"):
            first, surname = split_name(row["name"])
            self._add_person(PersonRecord(row["id"], first, surname, row["country"], row["name"]))

    def _add_person(self, rec: PersonRecord) -> None:
        self.persons.setdefault(self.block(rec.surname), []).append(rec)
        self.by_id[rec.id] = rec

    def person(self, full_name: str, country: Optional[str], namesake_guard: bool = True) -> str:
        """The id of the person a full name refers to, creating one when none matches."""
        self.load()
        first, surname = split_name(full_name)
        sk = translit_key(surname)
        best = None
        for rec in self.persons.get(self.block(surname), []):
            if country and rec.country and country != rec.country:
                continue  # namesakes of different countries stay apart
            sim = 1.0 if rec.skey == sk else JaroWinkler.similarity(rec.skey, sk)
            if sim < SURNAME_SIMILARITY or not first_names_match(first, rec.first):
                continue
            if not first and not rec.first:
                continue
            if best is None or sim > best[0]:
                best = (sim, rec)
        if best:
            rec = best[1]
            if _diacritics(full_name) > _diacritics(rec.name) and fold(full_name) != fold(rec.name) \
                    and translit_key(full_name.replace(" ", "")) == translit_key(rec.name.replace(" ", "")):
                rec.name = full_name
            elif _diacritics(full_name) > _diacritics(rec.name) and fold(full_name) == fold(rec.name):
                rec.name = full_name
            if not rec.country and country:
                rec.country = country
            return rec.id
        rec = PersonRecord(make_id("ent", "person", fold(full_name), country or ""), first, surname, country, full_name)
        self._add_person(rec)
        return rec.id

    def surname_only(self, surname: str, country: Optional[str]) -> Optional[str]:
        """The one known person a bare surname can mean ("Sakaliene" in an article that never gives the full
        name); None when nobody or several people fit."""
        self.load()
        sk = translit_key(surname)
        fits = {rec.id for rec in self.persons.get(self.block(surname), [])
                if rec.first and (not country or not rec.country or rec.country == country)
                and rec.skey == sk}  # a bare surname must match exactly (up to romanisation)
        return next(iter(fits)) if len(fits) == 1 else None

    def person_record(self, entity_id: str) -> Optional[PersonRecord]:
        return self.by_id.get(entity_id)


def _diacritics(s: str) -> int:
    return sum(1 for c in s if ord(c) > 127)


def country_entity_id(iso: str) -> str:
    return make_id("ent", "country", iso)


def country_entity(iso: str) -> Entity:
    return Entity(id=country_entity_id(iso), type="country", name=countries().name(iso), country=iso)


def link_organisations(store) -> int:
    """Companies and their subsidiaries or joint ventures stay distinct but linked: a company of companies.tsv
    gets its nearest ancestor the store knows as parent ("KNDS Deutschland", "KNDS"); any other organisation
    whose name begins with another's whole name ("Rheinmetall Defence Ukraine", "Rheinmetall") gets that one."""
    from sqlalchemy import text

    orgs = store.query("SELECT id, name, parent FROM entities WHERE type = 'organization'")
    by_name = {fold(o["name"]): o["id"] for o in orgs if not o["name"].lower().startswith(("ministry", "department"))}
    known = companies()
    links = 0
    with store.transaction() as c:
        for o in orgs:
            parent = None
            co = known.get(fold(o["name"]))
            if co:
                for _ in range(5):  # up the company tree to the first ancestor mentioned somewhere
                    if not co or not co.parent or parent:
                        break
                    parent = by_name.get(fold(co.parent))
                    co = known.get(fold(co.parent))
            else:
                words = o["name"].split()
                for k in range(len(words) - 1, 0, -1):
                    parent = by_name.get(fold(" ".join(words[:k])))
                    if parent:
                        break
            if parent and parent != o["id"]:
                if o["parent"] != parent:
                    c.execute(text("UPDATE entities SET parent = :p WHERE id = :i"), {"p": parent, "i": o["id"]})
                links += 1
    return links
