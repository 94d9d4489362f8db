"""Entity resolution: mentions grouped into entities across the corpus, incrementally as articles arrive.

Keys by type: a country is its ISO code; an organisation its gazetteer name, or for a ministry its country
and folded function ("ministry:defence" of LT); a place its folded name and country. People are matched
within a block (the transliteration key of the surname's first letters) by surname similarity and a
compatible first name (same, an initial, or a romanisation variant), so "Dovile Šakalene", "Dovile
Sakaliene" and "Oleksandr / Alexander Kamyshin" are one person. Ids are made when an entity is first seen
and reused after, so they stay the same as more articles arrive or extraction re-runs.
"""

from __future__ import annotations

import json
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


@lru_cache(maxsize=1)
def honorifics() -> tuple[str, ...]:
    text = resources.files("dossier").joinpath("data/honorifics.txt").read_text(encoding="utf-8")
    return tuple(sorted((l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")),
                        key=len, reverse=True))


def strip_honorific(name: str) -> str:
    """ "Sir Keir Starmer" -> "Keir Starmer"; a name that is only an honorific and one word stays as it is."""
    toks = name.split()
    while len(toks) > 2 and toks[0] in honorifics():
        toks = toks[1:]
    return " ".join(toks)


def split_name(name: str) -> tuple[str, str]:
    toks = strip_honorific(name).split()
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
        # Only what `person` itself would have made: people known by a full name, in the order they were made.
        # A one-word "person" (NER's bare surname) is stored but never a record; loading it would let a run
        # resumed after an interruption link names an uninterrupted run keeps apart.
        # The order they were made in is the order of their first mentions (documents in the order stored).
        for row in self.store.query(
                "SELECT e.id, e.name, e.country FROM entities e LEFT JOIN (SELECT m.entity_id, "
                "min(d.rowid * 10000000 + m.start) AS first FROM mentions m JOIN documents d ON d.id = m.doc_id "
                "GROUP BY m.entity_id) f ON f.entity_id = e.id WHERE e.type = 'person' "
                "ORDER BY f.first NULLS LAST, e.id"):
            first, surname = split_name(row["name"])
            if first:
                self._add_person(PersonRecord(row["id"], first, surname, row["country"], row["name"]))

    def _add_person(self, rec: PersonRecord) -> None:
        self.persons.setdefault(self.block(rec.surname), []).append(rec)
        self.by_id[rec.id] = rec

    def person(self, full_name: str, country: Optional[str], namesake_guard: bool = True) -> str:
        """The id of the person a full name refers to, creating one when none matches."""
        self.load()
        full_name = strip_honorific(full_name)
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


# -- corpus-wide consolidation ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _org_words() -> tuple[tuple[tuple[str, ...], ...], frozenset, dict[str, str]]:
    """(legal suffixes as folded token tuples, longest first; descriptor words; spelling folds)."""
    def lines(name: str) -> list[str]:
        text = resources.files("dossier").joinpath(f"data/{name}").read_text(encoding="utf-8")
        return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]

    suffixes = {tuple(_org_tokens(s)) for s in lines("org_suffixes.txt")}
    descriptors, folds = set(), {}
    for line in lines("org_descriptors.txt"):
        if "=" in line:
            a, b = (x.strip().lower() for x in line.split("=", 1))
            folds[a] = b
        else:
            descriptors.add(line.lower())
    return tuple(sorted(suffixes, key=len, reverse=True)), frozenset(descriptors), folds


def _org_tokens(name: str) -> list[str]:
    s = fold(name)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[.,]", "", s)
    s = re.sub(r"(?<=\w)-(?=\w)", " ", s)
    return s.split()


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """An organisation's name compared across spellings: case, diacritics, leading "the", a possessive, hyphens,
    legal suffixes ("AG", "S.p.A.", "Co., Ltd.") and defence/defense-style spellings folded."""
    suffixes, _, folds = _org_words()
    toks = _org_tokens(name)
    changed = True
    while changed:
        changed = False
        for suf in suffixes:
            if len(toks) > len(suf) and tuple(toks[-len(suf):]) == suf:
                toks = toks[:-len(suf)]
                changed = True
                break
    return " ".join(folds.get(t, t) for t in toks)


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9&]{2,6}", name.strip()))


def _name_score(form: str, count: int, org: bool) -> tuple:
    """Best-formed, most frequent: for organisations a full name before an acronym and no legal suffix; then
    frequency, diacritics, length."""
    full = not _is_acronym(form)
    bare = org_key(form) == " ".join(_org_tokens(form)) if org else True
    return (full, bare, count, _diacritics(form), len(form), form)


def consolidate(store) -> int:
    """Merges entities the incremental resolver kept apart because of arrival order or spelling, decided over
    the whole corpus so the outcome does not depend on the order articles came in:
    - organisations whose names differ only by legal suffix, "the", possessive, hyphens or defence/defense
    - a bare company name ("BAE", "MSM Group" -> "MSM") and the one organisation that is that name plus only
      generic words ("BAE Systems"); NER's one-word "people" that are such a name ("Baykar")
    - a bare surname and the one person known by a full name with it
    The merged entity keeps the id of its most mentioned member and the best-formed, most frequent name. People
    with a surname no other person has get it as an alias. Returns how many entities were merged away."""
    from .curate import _apply_merge
    from sqlalchemy import text as sql

    _, descriptors, folds = _org_words()
    ents = {r["id"]: r for r in store.query("SELECT id, type, name, aliases FROM entities WHERE type IN "
                                            "('organization', 'person')")}
    forms: dict[str, dict[str, int]] = {}
    ministry: set[str] = set()
    for r in store.query("SELECT entity_id, text, norm, count(*) AS n FROM mentions WHERE type IN "
                         "('organization', 'person') GROUP BY entity_id, text, norm"):
        if r["entity_id"] in ents:
            f = forms.setdefault(r["entity_id"], {})
            f[r["text"]] = f.get(r["text"], 0) + r["n"]
            if (r["norm"] or "").startswith("ministry:"):
                ministry.add(r["entity_id"])
    parent = {i: i for i in ents}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    orgs = [i for i, e in ents.items() if e["type"] == "organization" and i not in ministry
            and not e["name"].lower().startswith(("ministry", "department"))]
    by_key: dict[str, str] = {}
    for i in sorted(orgs):
        for form in [ents[i]["name"], *forms.get(i, {})]:
            k = org_key(form)
            if k:
                if k in by_key:
                    union(i, by_key[k])
                else:
                    by_key[k] = i
    # bare names: the one organisation that is the name plus generic words
    heads: dict[str, set[str]] = {}
    for k, i in by_key.items():
        toks = k.split()
        for n in range(1, len(toks)):
            if all(folds.get(t, t) in descriptors or t in descriptors for t in toks[n:]):
                heads.setdefault(" ".join(toks[:n]), set()).add(find(i))
    persons_full = [i for i, e in ents.items() if e["type"] == "person" and len(strip_honorific(e["name"]).split()) >= 2
                    and e["name"].split()[0] not in honorifics()]
    surnames: dict[str, set[str]] = {}
    firsts: dict[str, set[str]] = {}  # blocking: "Sir Keir" looks only at people first-named Keir
    for i in persons_full:
        surnames.setdefault(translit_key(ents[i]["name"].split()[-1]), set()).add(i)
        firsts.setdefault(fold(strip_honorific(ents[i]["name"]).split()[0]), set()).add(i)
    def org_fits(k: str, own: Optional[str]) -> set[str]:
        if k in by_key and find(by_key[k]) != own:
            return {find(by_key[k])}
        return {find(x) for x in heads.get(k, ())} - {own}

    org_set = set(orgs)  # a list's `in` would make this loop quadratic in the number of entities
    for i, e in sorted(ents.items()):
        k = org_key(e["name"])
        if e["type"] == "organization" and i in org_set:
            fits = {find(x) for x in heads.get(k, ())} - {find(i)}
            if len(fits) == 1 and translit_key(k) not in surnames:
                union(i, fits.pop())
        elif e["type"] == "person" and len(e["name"].split()) == 2 and e["name"].split()[0] in honorifics():
            people = firsts.get(fold(e["name"].split()[1]), set())  # "Sir Keir": the one person of that name
            if len(people) == 1:
                union(i, next(iter(people)))
        elif e["type"] == "person" and len(e["name"].split()) == 1:
            people = surnames.get(translit_key(e["name"]), set())
            fits = org_fits(k, None)
            if len(people) == 1:
                union(i, next(iter(people)))
            elif len(fits) == 1 and not people:
                union(i, fits.pop())
    groups: dict[str, list[str]] = {}
    for i in ents:
        groups.setdefault(find(i), []).append(i)
    merged = 0
    target_of: dict[str, str] = {}
    with store.transaction() as c:
        for members in groups.values():
            if len(members) < 2:
                continue
            total = {i: sum(forms.get(i, {}).values()) for i in members}
            kinds = {ents[i]["type"] for i in members}
            kind = "organization" if "organization" in kinds else "person"
            target = min((i for i in members if ents[i]["type"] == kind),
                         key=lambda i: (len(ents[i]["name"].split()) < 2 if kind == "person" else False, -total[i], i))
            target_of[find(target)] = target
            counts: dict[str, int] = {}
            for i in members:
                for form, n in forms.get(i, {}).items():
                    counts[form] = counts.get(form, 0) + n
                counts.setdefault(ents[i]["name"], 0)
            cands = counts
            if kind == "person":
                cands = {}
                for f, n in counts.items():
                    f = strip_honorific(f)
                    if len(f.split()) >= 2 and f.split()[0] not in honorifics():
                        cands[f] = cands.get(f, 0) + n
                cands = cands or counts
            name = max(cands, key=lambda f: _name_score(f, cands[f], kind == "organization"))
            for i in sorted(members):
                if i != target:
                    _apply_merge(c, i, target)
                    merged += 1
            c.execute(sql("UPDATE mentions SET type = :t WHERE entity_id = :i AND type != :t"),
                      {"t": kind, "i": target})
            row = c.execute(sql("SELECT name, aliases FROM entities WHERE id = :i"), {"i": target}).first()
            if row and row[0] != name:
                aliases = [a for a in json.loads(row[1] or "[]") if a != name] + [row[0]]
                c.execute(sql("UPDATE entities SET name = :n, aliases = :a, type = :t WHERE id = :i"),
                          {"n": name, "a": json.dumps(aliases, ensure_ascii=False), "t": kind, "i": target})
            elif row:
                c.execute(sql("UPDATE entities SET type = :t WHERE id = :i"), {"t": kind, "i": target})
        # an organisation named after a country's demonym ("the Estonian Defence Investments Centre", "British
        # Royal Navy"): the mention keeps the country apart for facts, the entity gets the whole form as alias
        rows = c.execute(sql('''SELECT o.entity_id, k.text || ' ' || o.text FROM mentions o JOIN mentions k
                               ON k.doc_id = o.doc_id AND k."end" + 1 = o.start AND k.type = 'country'
                               WHERE o.type = 'organization' AND o.text LIKE '% %'
                               AND (o.norm IS NULL OR o.norm NOT LIKE 'ministry:%')''')).fetchall()
        extra: dict[str, list[str]] = {}
        for eid, form in rows:
            if fold(form.split()[0]) in countries().demonyms:
                extra.setdefault(eid, []).append(form)
        for eid, new in sorted(extra.items()):
            row = c.execute(sql("SELECT name, aliases FROM entities WHERE id = :i"), {"i": eid}).first()
            if row is None:
                continue
            aliases = json.loads(row[1] or "[]")
            add = [a for a in dict.fromkeys(new) if a not in aliases and a != row[0]]
            if add:
                c.execute(sql("UPDATE entities SET aliases = :a WHERE id = :i"),
                          {"a": json.dumps(aliases + add, ensure_ascii=False), "i": eid})
        # a surname no other person has is an alias of the person ("Pistorius")
        for key, ids in surnames.items():
            if len(ids) != 1:
                continue
            i = next(iter(ids))
            i = target_of.get(find(i), i)
            row = c.execute(sql("SELECT name, aliases FROM entities WHERE id = :i"), {"i": i}).first()
            if row is None:
                continue
            surname = row[0].split()[-1]
            aliases = json.loads(row[1] or "[]")
            if surname not in aliases and len(surname) > 2:
                c.execute(sql("UPDATE entities SET aliases = :a WHERE id = :i"),
                          {"a": json.dumps(aliases + [surname], ensure_ascii=False), "i": i})
    return merged
