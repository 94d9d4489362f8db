"""Extraction: mentions, amounts, dates, statuses and facts from a document's text.

Stages, in order, per batch of documents:
1. spaCy's pipeline with the gazetteer ruler (dossier.nlp), paragraphs as sentence breaks
2. mentions: ministries, titled people, countries, organisations, places (extract.mentions)
3. facts: triggers, roles, amounts, shares of GDP, dates, status, items (extract.facts, extract.status)
4. entities: mentions and fact roles resolved to stable entity ids (dossier.resolve)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..gazetteer import countries, fold
from ..model import Amount, Document, Entity, Fact, Mention, Span, make_id
from ..resolve import Resolver, country_entity
from ..values.money import to_eur
from .mentions import Found, lookup_place


@dataclass
class PlainDraft:
    """A fact draft without spaCy objects, so it can cross from a worker process."""

    type: str
    status: str
    roles: dict
    amount: object
    share: Optional[float]
    items: list
    date: Optional[str]
    date_source: Optional[str]
    cumulative: bool
    confidence: float
    sent_start: int
    sent_end: int
    trigger_i: int


@dataclass
class Analysis:
    founds: list
    drafts: list
    aliases: list


def analyse(doc: Document, parsed) -> Analysis:
    """Mentions and fact drafts of one parsed document (stages 2-3); picklable."""
    from .facts import DocFacts
    from .mentions import alias_mentions, find_mentions

    founds = find_mentions(parsed, doc.text)
    dfx = DocFacts(parsed, doc.text, doc.published, founds)
    drafts = [PlainDraft(d.type, d.status, d.roles, d.amount, d.share, d.items, d.date, d.date_source, d.cumulative,
                         d.confidence,
                         d.sent.start_char, d.sent.end_char, d.trigger.i) for d in dfx.run()]
    aliases = alias_mentions(doc.boilerplate + doc.teasers)
    dominant = _dominant_country(founds)
    for a in aliases:
        if a.key.startswith("ministry:") and not a.country:
            a.country = next((f.country for f in founds if f.key == a.key and f.country), dominant)
    return Analysis(founds + dfx.refs, drafts, aliases)


def _analyse_batch(docs: list[Document]) -> list[Analysis]:
    from ..nlp import PIECE_CHARS, load

    from .dateline import mask

    nlp = load()
    short = iter(nlp.pipe([mask(d.text) for d in docs if is_english(d) and len(d.text) <= PIECE_CHARS],
                          batch_size=16))
    return [None if not is_english(d) else analyse(d, next(short)) if len(d.text) <= PIECE_CHARS
            else _analyse_long(d, nlp) for d in docs]


def _analyse_long(doc: Document, nlp) -> Analysis:
    """A text too long to parse at once (see nlp.PIECE_CHARS), analysed piece by piece, with every offset
    (characters, tokens) moved to where the piece stands in the whole text."""
    from dataclasses import replace

    from ..nlp import pieces
    from .dateline import mask

    whole = Analysis([], [], [])
    chars = tokens = 0
    for n, piece in enumerate(pieces(doc.text)):
        part = replace(doc, text=piece, boilerplate=doc.boilerplate if n == 0 else [],
                       teasers=doc.teasers if n == 0 else [])
        parsed = nlp(mask(piece))
        a = _shifted(analyse(part, parsed), chars, tokens)
        whole.founds += a.founds
        whole.drafts += a.drafts
        whole.aliases += a.aliases
        chars += len(piece)
        tokens += len(parsed)
    return whole


def _shifted(a: Analysis, chars: int, tokens: int) -> Analysis:
    seen: set[int] = set()
    for f in [*a.founds, *(f for d in a.drafts for fs in d.roles.values() for f in fs)]:
        if id(f) not in seen:  # a mention can be both found and a fact's role: moved once
            seen.add(id(f))
            f.start += chars
            f.end += chars
    for d in a.drafts:
        d.sent_start += chars
        d.sent_end += chars
        d.trigger_i += tokens
    return a


def _known_system(text: str) -> Optional[str]:
    """The canonical name of the weapon system a mention is exactly an alias of (equipment_origin.tsv)."""
    from ..gazetteer import equipment_origins

    origins = equipment_origins()
    for form in (fold(text), re.sub(r"(?<=[a-z])(es|s)$", "", fold(text))):
        if form in origins:
            return origins[form].designation
    return None


def is_english(doc: Document) -> bool:
    """Only English text is extracted; a document stored before languages were told counts as English."""
    return doc.language in (None, "en")


def _warm(parent: int) -> None:
    """A worker's start: tied to its parent's life, then the pipeline loaded."""
    from ..nlp import load

    _die_with_parent(parent)
    load()


# How often (seconds) a worker's watch thread looks whether its parent is still there.
PARENT_CHECK_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """Ends this worker when `parent` ends, even by SIGKILL, which gives the parent no chance to stop its pool:
    Linux delivers SIGKILL at once (prctl PR_SET_PDEATHSIG); a thread watching getppid() covers the rest."""
    import os
    import signal
    import threading

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="dossier-parent-watch", daemon=True).start()


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


class Extractor:
    """Runs extraction over documents. With a store, entity ids are resolved against what it holds."""

    BATCH = 16

    def __init__(self, store=None, workers: int = 1):
        self.resolver = Resolver(store)
        self.workers = max(1, workers)
        self._pool = None
        self.names: dict[str, str] = {}
        if store is not None:
            for row in store.query("SELECT id, name FROM entities"):
                self.names[row["id"]] = row["name"]

    def process(self, docs: list[Document]) -> list[Extraction]:
        return self.collect(self.submit(docs), docs)

    def submit(self, docs: list[Document]):
        """Starts parsing and analysing `docs`: in the worker processes (returns at once) or here."""
        if self.workers > 1 and len(docs) > 1:
            if self._pool is None:
                import multiprocessing
                import os

                self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_warm,
                                                                      initargs=(os.getpid(),))
            size = -(-len(docs) // self.workers)
            return [self._pool.apply_async(_analyse_batch, (docs[i:i + size],)) for i in range(0, len(docs), size)]
        return _analyse_batch(docs)

    def collect(self, handle, docs: list[Document]) -> list[Extraction]:
        """Waits for `submit`'s work and resolves entities (here, where the store is)."""
        if handle and hasattr(handle[0], "get"):
            analyses = [a for h in handle for a in h.get()]
        else:
            analyses = handle
        return [self.build(d, a.founds, a.drafts, a.aliases) if a is not None else Extraction()
                for d, a in zip(docs, analyses)]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    # -- entities --------------------------------------------------------------------------------------------
    def entity_for(self, f: Found, full_people: dict[str, Found], ents: dict[str, Entity]) -> Optional[str]:
        if f.type == "country":
            e = country_entity(f.key)
        elif f.type == "organization":
            if f.key.startswith("ministry:"):
                eid = make_id("ent", "organization", f.key, f.country or "")
                name = self.names.get(eid) or _ministry_name(f.text, f.country)
                e = Entity(eid, "organization", name, country=f.country)
            else:
                eid = make_id("ent", "organization", f.key)
                e = Entity(eid, "organization", self.names.get(eid) or f.name or f.text, country=f.country)
        elif f.type == "person":
            full = full_people.get(f.key, f)
            if len(full.text.split()) >= 2:
                eid = self.resolver.person(full.text, full.country or f.country)
                rec = self.resolver.person_record(eid)
                name = rec.name if rec else full.text
                e = Entity(eid, "person", name, country=(rec.country if rec else None) or full.country)
            else:
                known = self.resolver.surname_only(f.text, f.country)
                rec = self.resolver.person_record(known) if known else None
                if rec:
                    eid = rec.id
                    e = Entity(eid, "person", rec.name, country=rec.country or f.country)
                else:
                    eid = make_id("ent", "person", fold(f.text), f.country or "")
                    e = Entity(eid, "person", self.names.get(eid) or f.text, country=f.country)
        elif f.type == "place":
            place = lookup_place(f.text, [f.country] if f.country else ())
            country = f.country or (place[0] if place else None)
            eid = make_id("ent", "place", f.key, country or "")
            e = Entity(eid, "place", self.names.get(eid) or f.name or f.text, country=country,
                       lat=place[1] if place else None, lon=place[2] if place else None)
        elif f.type == "equipment":
            key = re.sub(r"(?<=[a-z])(es|s)$", "", f.key)  # one entity for "drone" and "drones"
            system = _known_system(f.text)  # "High Mobility Artillery Rocket Systems" is HIMARS
            if system is not None:
                key = f"equipment:{fold(system)}"
            eid = make_id("ent", "equipment", key)
            e = Entity(eid, "equipment", self.names.get(eid) or system or f.text, country=None)
        else:
            return None
        if e.id in ents:
            old = ents[e.id]
            if e.type == "person" and e.name != old.name:
                old.name = e.name
            old.country = old.country or e.country
        else:
            ents[e.id] = e
        self.names.setdefault(e.id, e.name)
        return e.id

    def known_surnames(self, doc: Document, founds: list[Found]) -> list[Found]:
        """Bare surnames of people the corpus already knows by full name, where NER saw nobody
        ("Sakaliene said ..." in an article that never gives her first name)."""
        self.resolver.load()
        out = []
        # a bare name NER took for an organisation or a place may be a known person's surname
        for f in founds:
            if f.source == "ner" and f.type in ("organization", "place") and " " not in f.text.strip() \
                    and not lookup_place(f.text):
                pid = self.resolver.surname_only(f.text, None)
                rec = self.resolver.person_record(pid) if pid else None
                if rec and fold(rec.surname)[:3] == fold(f.text)[:3]:
                    f.type, f.key, f.country, f.source = "person", fold(rec.name), rec.country, "known"
        taken = [(f.start, f.end) for f in founds]
        for m in re.finditer(r"(?<![\w-])([A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž]{3,}(?:-[A-Z][a-z]+)?)(?:['’]s)?(?![\w-])", doc.text):
            w = m.group(1)
            if not self.resolver.persons.get(self.resolver.block(w)):
                continue
            if any(s < m.end(1) and m.start(1) < e for s, e in taken) or countries().lookup(w) or lookup_place(w):
                continue
            pid = self.resolver.surname_only(w, None)
            rec = self.resolver.person_record(pid) if pid else None
            if rec and fold(rec.surname)[:3] == fold(w)[:3]:
                out.append(Found(m.start(1), m.end(1), w, "person", fold(rec.name), rec.country, source="known"))
        return out

    def build(self, doc: Document, founds: list[Found], drafts, aliases: list[Found] = ()) -> Extraction:
        founds = founds + self.known_surnames(doc, founds)
        ents: dict[str, Entity] = {}
        full_people: dict[str, Found] = {}
        for f in founds:
            if f.type == "person" and len(f.text.split()) >= 2:
                cur = full_people.get(f.key)
                if cur is None or (f.source == "title" and cur.source != "title"):
                    full_people[f.key] = f
        mentions: list[Mention] = []
        seen_spans = set()
        for f in sorted(founds, key=lambda x: x.start):
            eid = self.entity_for(f, full_people, ents)
            if eid is None or (f.start, f.end) in seen_spans:
                continue
            seen_spans.add((f.start, f.end))
            mentions.append(Mention(doc=doc.id, start=f.start, end=f.end, text=doc.text[f.start:f.end],
                                    type=f.type, entity=eid, country=f.country, role=f.role, norm=f.key))
        for a in aliases:
            eid = self.entity_for(a, full_people, ents)
            if eid and a.text not in ents[eid].aliases and a.text != ents[eid].name:
                ents[eid].aliases.append(a.text)
        facts: list[Fact] = []
        for d in drafts:
            roles: dict[str, list[str]] = {}
            for role, fs in d.roles.items():
                ids = []
                for f in fs:
                    eid = self.entity_for(f, full_people, ents)
                    if eid and eid not in ids:
                        ids.append(eid)
                if ids:
                    roles[role] = ids
            ev_start, ev_end = d.sent_start, d.sent_end
            while ev_end > ev_start and doc.text[ev_end - 1].isspace():
                ev_end -= 1
            amount = d.amount
            eur = None
            if amount is not None:
                ref = d.date if d.date and len(d.date) >= 7 and (not doc.published or d.date <= doc.published) \
                    else doc.published
                eur = to_eur(amount.value, amount.currency, ref)
            fid = make_id("fact", doc.id, d.type, ev_start, amount.value if amount else "", d.share or "",
                          d.trigger_i)
            facts.append(Fact(id=fid, doc=doc.id, type=d.type, status=d.status, roles=roles,
                              evidence=Span(ev_start, ev_end, doc.text[ev_start:ev_end]),
                              amount=Amount(amount.value, amount.currency, amount.qualifier, high=amount.high)
                              if amount else None,
                              amount_eur=eur, share_of_gdp=d.share, items=d.items, date=d.date,
                              date_source=d.date_source, cumulative=d.cumulative,
                              confidence=d.confidence))
        return Extraction(mentions=mentions, facts=facts, entities=list(ents.values()))


def _dominant_country(founds: list[Found]) -> Optional[str]:
    counts: dict[str, int] = {}
    for f in founds:
        if f.type == "country":
            counts[f.key] = counts.get(f.key, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _ministry_name(surface: str, country: Optional[str]) -> str:
    s = re.sub(r"^(?:the\s+)", "", surface.strip(), flags=re.I)
    s = re.sub(r"\bMoD$", "Ministry of Defence", re.sub(r"\bDoD$", "Department of Defense", s))
    m = re.search(r"(?:Ministry|Department)\s+(?:of|for)\s+(.+?)(?:\s+of\s+(?:the\s+)?[A-Z][\w .’']+)?$", s)
    if m:
        func = m.group(1)
    else:
        m2 = re.search(r"([A-Z][\w ]+?)\s+(?:Ministry|Department)$", s)
        func = m2.group(1) if m2 else s
        words = func.split()
        if words and countries().lookup(words[0]):
            func = " ".join(words[1:])
        if func.endswith(("'s", "’s")):
            func = func[:-2]
    kind = "Department" if "Department" in s else "Ministry"
    name = f"{kind} of {func.strip()}"
    return f"{name} of {countries().name(country)}" if country else name
