"""Facts from parsed sentences: a trigger word, its roles from the dependency parse, an amount or a share of
GDP, the equipment named, a date, a status and the sentence as evidence.

Stages per sentence, in order:
1. triggers: verbs and nouns of each fact type (data/triggers.tsv); a noun counts only as an event
   (governed by a verb of data/light_verbs.txt, or carrying an amount), not as a description
2. nesting: a trigger inside another of the same family adds nothing ("invested ... in purchasing weapons")
3. roles: the actor is the subject (climbing xcomp/conj/relcl, resolving pronouns and "the Baltic country");
   other roles come from the preposition nearest each entity ("to Ukraine", "with Ukraine's minister")
4. amounts and shares attach to the nearest trigger; conversions in brackets are skipped
5. status (extract.status), date (values.dates), items (equipment named in the sentence)
6. within a document, restatements of one fact are merged
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Optional

from ..gazetteer import countries, fold
from ..model import Amount
from ..values.dates import resolve_dates
from ..values.money import CROWN_OF, find_money, find_shares
from .lexicon import (
    AGREEMENT_HEADS, AID_MODIFIERS, AID_NOUNS, BUILD_VERBS, CUMULATIVE_RE, DEFENCE_WORDS, FAMILY, FIRM_NOUNS, GOV_ROLES,
    MEET_NOT_OBJECTS, MODAL_VERBS, SELECT_VERBS, SPEND_WORDS,
    NSUBJ_EVENT_VERBS, PARTITIVES, PERSON_ROLES, POLICY_VERBS, PRODUCTION_OBJECTS, QUOTES, RECEIVE_VERBS,
    SELL_NOUNS, STOP_DEPS, TALK_WORDS, light_verbs, triggers,
)
from .mentions import Found, items_in
from .implicit import implicit_givers, implicit_parties, implicit_recipients
from .status import classify, stated_tense
from .types import fill_supplier, funding_recipient, is_company, settle_type, supplier_from_items


@dataclass
class Draft:
    type: str
    trigger: object  # spaCy token
    sent: object  # spaCy span
    roles: dict[str, list[Found]] = field(default_factory=dict)
    amount: Optional[Amount] = None
    share: Optional[float] = None
    items: list[str] = field(default_factory=list)
    date: Optional[str] = None
    date_source: Optional[str] = None
    cumulative: bool = False
    status: str = "planned"
    confidence: float = 0.5
    anaphoric: bool = False  # "under the agreement": refers back to a fact already stated
    head: str = ""  # the fact's noun ("agreement", "letter") for telling restatements from new facts
    by_document: bool = False  # a purchase an existing contract provides for ("The contract will see X buy")
    orphan: bool = False  # a sum of aid whose sentence names neither giver nor receiver

    def countries(self) -> set[str]:
        return {f.country for fs in self.roles.values() for f in fs if f.country}


class DocFacts:
    """Fact extraction over one parsed document and its mentions."""

    def __init__(self, doc, text: str, published: Optional[str], mentions: list[Found]):
        self.doc, self.text, self.published = doc, text, published
        self.mentions = mentions
        self.by_token: dict[int, Found] = {}
        for f in mentions:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.by_token.setdefault(t.i, f)
        self.refs: list[Found] = []  # mentions made by resolving references ("the Baltic country")
        self._chunks = None
        self._subjects: Optional[set[int]] = None
        self._money: dict[int, list] = {}
        self.home = _crown_home(mentions)
        self._shares: dict[int, list] = {}

    @property
    def subject_starts(self) -> set[int]:
        """Where the mentions that stand in a clause's subject start: "the country" refers back to one of them
        rather than to the last country named."""
        if self._subjects is None:
            self._subjects = {f.start for t in self.doc if t.dep_ in ("nsubj", "nsubjpass")
                              for x in t.subtree if (f := self.by_token.get(x.i)) is not None}
        return self._subjects

    @property
    def chunks(self) -> list:
        if self._chunks is None:
            self._chunks = list(self.doc.noun_chunks)
        return self._chunks

    def money(self, sent) -> list:
        if sent.start not in self._money:
            self._money[sent.start] = find_money(self.text[sent.start_char:sent.end_char], self.home)
        return self._money[sent.start]

    def shares(self, sent) -> list:
        if sent.start not in self._shares:
            found = find_shares(self.text[sent.start_char:sent.end_char])
            if any(x.of_gdp for x in found) or self._gdp_context(sent, found):
                for x in found:  # "spends 3.45% of its GDP ... and plans to reach 5% by 2028"
                    x.of_gdp = True
            self._shares[sent.start] = found
        return self._shares[sent.start]

    def _gdp_context(self, sent, found) -> bool:
        """A bare percentage right after a sentence about defence spending as a share of GDP is one too ("...to
        reach 2% of GDP. This year, Spain spent only 1.28%.")"""
        if not found or sent.start == 0:
            return False
        prev = self.doc[sent.start - 1].sent
        s = self.text[sent.start_char:sent.end_char]
        return bool(re.search(r"\b(?:GDP|gross domestic product)\b", prev.text)) and bool(SPEND_WORDS.search(s)) \
            and not re.search(r"\b(?:inflation|growth|interest|rate|vote|poll|unemployment|tax)\b", s, re.I)

    # -- references --------------------------------------------------------------------------------------
    def _before(self, pos: int, pred) -> Optional[Found]:
        for f in reversed(self.mentions + self.refs):
            if f.start < pos and pred(f):
                return f
        return None

    def _previous_sentence_start(self, tok) -> int:
        sent = tok.sent
        return self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char

    def _clause_subject(self, tok) -> Optional[Found]:
        """The country or organisation that is the subject of the clause a possessive stands in ("Czechia has
        delivered shells under its initiative" -> Czechia)."""
        verb = tok.head
        while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
            verb = verb.head
        for _ in range(3):  # "Finland's package ..., bringing its total aid to ...": climb to a clause with a subject
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and tok.i not in {t.i for t in c.subtree}:
                    for t in c.subtree:
                        f = self.by_token.get(t.i)
                        if f and (f.type in ("country", "organization")):
                            return f
                    return None
            if verb.dep_ not in ("advcl", "xcomp", "conj", "acl", "pcomp", "prep", "ccomp") or verb.head.i == verb.i:
                return None
            if verb.dep_ == "ccomp" and verb.i < verb.head.i:
                return None  # a quote before its speaker ("'They need a place ...,' the minister said")
            verb = verb.head
            while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
                verb = verb.head
        return None

    def resolve(self, tok) -> list[Found]:
        """Mentions a pronoun or a definite description stands for ("she", "the Baltic country", "the two nations")."""
        low = tok.lower_
        c = countries()
        if tok.pos_ == "PRON":
            if low in ("he", "she", "him", "her", "his"):
                since = self._previous_sentence_start(tok)  # a pronoun reaches back one sentence at most
                f = self._before(tok.idx, lambda f: f.type == "person" and f.start >= since)
            elif low in ("it", "its", "their", "they"):
                f = self._clause_subject(tok) or (self._before(
                    tok.idx, lambda f: f.type == "country" or f.key.startswith("ministry:")) if low != "they" else None)
            else:
                f = None
            return [f] if f else []
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        det = [ch for ch in tok.children if ch.dep_ == "det" and ch.lower_ in ("the", "this", "both")]
        nums = [ch for ch in tok.children if ch.dep_ == "nummod" and ch.lower_ in ("two", "both")] + \
            [ch for ch in tok.children if ch.lower_ == "both"]
        if not det and not nums:
            return []
        if low in ("country", "nation", "state", "republic", "government"):
            mods = " ".join(ch.lower_ for ch in tok.children if ch.dep_ in ("amod", "compound"))
            region = next((r for r in c.regions if r in mods), None)
            ok = lambda f: f.type == "country" and (region is None or f.country in c.regions[region])  # noqa: E731
            f = self._before(tok.idx, lambda f: ok(f) and f.start in self.subject_starts) or self._before(tok.idx, ok)
            if f:
                span = self.doc[tok.left_edge.i: tok.i + 1]
                ref = Found(span.start_char, span.end_char, span.text, "country", f.key, f.country, name=f.name,
                            source="reference")
                self.refs.append(ref)
                return [ref]
        if low in ("nations", "countries", "sides", "states", "governments") and nums:
            mods = " ".join(ch.lower_ for ch in tok.children if ch.dep_ in ("amod", "compound"))
            region = next((r for r in c.regions if r in mods), None)  # "the two Baltic nations"
            seen: list[Found] = []
            for f in reversed(self.mentions):
                if region is not None and f.country not in c.regions[region]:
                    continue
                if f.start < tok.idx and f.type == "country" and f.country not in {s.country for s in seen}:
                    seen.append(f)
                if len(seen) == 2:
                    break
            return seen if len(seen) == 2 else []
        if low in FIRM_NOUNS:  # "the company invested nearly €500 million in the site"
            f = self._before(tok.idx, is_company)
            return [f] if f else []
        if low in ("ministry", "department"):
            f = self._before(tok.idx, lambda f: f.key.startswith("ministry:"))
            return [f] if f else []
        if low in ("minister", "president", "official"):
            f = self._before(tok.idx, lambda f: f.type == "person" and bool(f.role))
            return [f] if f else []
        return []

    # -- entities under a token ----------------------------------------------------------------------------
    def entities_under(self, tok, skip=None) -> list[tuple[Found, object]]:
        """Mentions in tok's subtree, not crossing into clauses of their own; with the token found at."""
        out: list[tuple[Found, object]] = []
        seen = set()
        pending_refs: list[tuple[Found, object]] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            if skip is not None and t.i == skip.i:
                continue
            f = self.by_token.get(t.i)
            if f is not None:
                if id(f) not in seen:
                    seen.add(id(f))
                    out.append((f, t))
            else:
                pending_refs.extend((r, t) for r in self.resolve(t))
            for ch in t.children:
                if ch.dep_ in STOP_DEPS and ch.i != tok.i:
                    continue
                if ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX"):
                    continue
                stack.append(ch)
        for r, t in pending_refs:  # a pronoun adds its antecedent only when not named directly here
            if id(r) not in seen and not any(o.key == r.key and o.type == r.type for o, _ in out):
                seen.add(id(r))
                out.append((r, t))
        return out

    # -- triggers -------------------------------------------------------------------------------------------
    def trigger_type(self, tok) -> Optional[str]:
        trig = triggers()
        lem = tok.lemma_.lower()
        if tok.pos_ in ("VERB",):
            t = trig.get((lem, "verb"))
            if t == "policy" and lem == "set" and not any(c.lower_ == "up" for c in tok.children):
                return None
            if t == "agreement" and lem == "agree" and any(c.dep_ == "xcomp" for c in tok.children):
                return None  # "agreed to buy": the buying is the fact
            if t == "agreement" and (any(c.dep_ in ("ccomp", "prt") for c in tok.children) or (
                    lem in ("conclude", "ratify", "ink") and not any(
                        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in AGREEMENT_HEADS | {"contract", "letter"}
                        for c in tok.children))):
                return None  # "concluded that ...", "sign up", "concluded the talks"
            if lem in MODAL_VERBS and any(c.dep_ == "xcomp" or (c.dep_ == "prep" and any(
                    g.pos_ == "VERB" or g.tag_ == "VBG" for g in c.children)) for c in tok.children):
                return None  # "committed to prioritising", "pledged to contribute": the verb below is the fact
            if lem in BUILD_VERBS and not any(c.dep_ in ("dobj", "nsubjpass") and (
                    c.lemma_.lower() in PRODUCTION_OBJECTS or items_in(self.text, c.idx, c.idx + len(c)))
                    for c in tok.children):
                return None
            if lem in ("leave", "join", "exit") and not any(self.by_token.get(c.i) for c in tok.subtree):
                return None
            return self._verb_object_check(tok, lem, t)
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.by_token:
            if trig.get((lem, "noun")) == "policy" and lem not in ("withdrawal", "ban") and \
                    tok.head.lemma_.lower() not in POLICY_VERBS:
                return None  # a strategy, a law or a board counts when adopted, approved, set up: not when named
            if lem == "letter" and not re.match(r"letters? of intent", self.text[tok.idx: tok.idx + 20], re.I):
                return None
            if lem in ("plant", "site", "hub", "facility") and not self._industrial(tok):
                return None
            if tok.dep_ == "compound" and tok.head.lemma_.lower() in BODY_NOUNS:
                return None  # "the defense procurement agency", "the aid commission": a body's name, not an event
            if trig.get((lem, "noun")) == "policy" and tok.dep_ in ("nsubj", "appos", "compound"):
                return None  # "the agency signed ...": the body acts, it is not being set up
            return trig.get((lem, "noun")) or trig.get((tok.lower_, "noun"))
        return None

    def _verb_object_check(self, tok, lem: str, t: Optional[str]) -> Optional[str]:
        """Verbs whose object decides whether they announce a fact at all."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
        if t == "meeting" and any(c.lemma_.lower() in MEET_NOT_OBJECTS for c in objs):
            return None  # "to meet the needs of"
        if t == "policy" and any(self._other_fact_noun(c) for c in objs):
            return None  # "establishes a joint venture", "set up a factory": the noun's own fact
        if lem in SELECT_VERBS and not any(
                items_in(self.text, c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) or any(
                    self.by_token.get(x.i) and self.by_token[x.i].type == "organization" for x in c.subtree)
                for c in objs):
            return None  # "chose to", "picked up": only choosing a system or a supplier is a procurement
        return t

    def _other_fact_noun(self, tok) -> bool:
        if re.match(r"joint[\s-]+venture", self.text[tok.left_edge.idx: tok.right_edge.idx + len(tok.right_edge)], re.I):
            return True
        t = triggers().get((tok.lemma_.lower(), "noun"))
        return t is not None and t != "policy"

    def _industrial(self, tok) -> bool:
        words = {c.lemma_.lower() for c in tok.subtree} | {tok.head.lemma_.lower()}
        return bool(words & {"production", "manufacturing", "ammunition", "explosive", "explosives", "shell", "drone",
                             "weapon", "factory", "defence", "defense", "military", "arms", "powder", "missile",
                             "assembly", "munition", "rdx", "tnt"}) or any(
            t.pos_ == "NOUN" and t.lemma_.lower() in ("ammunition", "explosive", "drone", "shell") for t in tok.lefts)

    def governor(self, tok):
        """The verb a noun trigger depends on, through prepositions and event nominalisations; None if the noun
        is only described ("its production gives it an advantage")."""
        verbs, nominal = light_verbs()
        cur = tok
        for _ in range(6):
            head = cur.head
            if head.i == cur.i:
                return None
            if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in ("regard", "concern", "involve") \
                    and head.tag_ == "VBG":
                cur = head  # "regarding the purchase" reads as a preposition
                continue
            if head.pos_ in ("VERB", "AUX"):
                if cur.dep_ in ("nsubj",) and head.lemma_.lower() not in NSUBJ_EVENT_VERBS:
                    return None
                taken = cur.lemma_.lower() in DELIVERY_NOUNS and head.lemma_.lower() in TAKE_VERBS  # "took delivery"
                return head if head.lemma_.lower() in verbs or taken or self.trigger_type(head) else None
            if head.pos_ in ("ADP", "NUM") or head.lemma_.lower() in nominal or cur.dep_ in ("conj", "compound", "pobj"):
                cur = head  # through prepositions and sums: "announced C$500 million in military assistance"
                continue
            if cur.lower_ == "of" and head.lemma_.lower() in PARTITIVES:
                cur = head  # "part of the funding will go to ..."
                continue
            if head.lemma_.lower() in ("discussion", "discussions", "talk", "talks", "negotiation", "negotiations", "plan",
                                       "plans", "agreement", "deal", "contract", "memorandum", "letter"):
                cur = head
                continue
            return None
        return None

    def subject(self, verb) -> list[Found]:
        """Entities of the verb's subject, climbing to the governing verb for xcomp/conj/relcl/acl."""
        for _ in range(5):
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
            agent = [c for c in verb.children if c.dep_ == "agent"]
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if agent:
                return [f for f, _ in self.entities_under(agent[0])]
            if subj:
                return [f for f, _ in self.entities_under(subj[0])]
            if passive and not agent:
                ents = [f for f, _ in self.entities_under(passive[0])]
                if ents and verb.dep_ not in ("xcomp",):
                    return []  # the passive subject is the theme, not the actor
            if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
                noun = verb.head
                giver = noun.head if noun.dep_ == "dobj" and noun.head.lemma_.lower() in GIVE_VERBS else None
                given = [c for c in giver.children if c.dep_ in ("dative", "nsubjpass")] if giver is not None else []
                if given:  # "awarded Lockheed Martin a contract to produce", "BAE has been awarded a contract
                    return [f for f, _ in self.entities_under(given[0])]  # by the MoD to build": the awardee does it
                found = [f for f, _ in self.entities_under(noun, skip=verb)]
                infinitive = verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                up = noun  # the verb whose object holds the noun ("signed a deal worth 3 billion zlotys to supply")
                while up.head.i != up.i and up.pos_ not in ("VERB", "AUX") and up.dep_ not in ("nsubj", "nsubjpass"):
                    up = up.head
                if found or not infinitive or up.pos_ != "VERB" or up.i == noun.i:
                    return found
                verb = up  # "announced a project to build a factory": who announced it builds it
                continue
            controller = [c for c in verb.head.children if c.dep_ == "dobj"] \
                if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in OBJECT_CONTROL else []
            if controller:  # "forcing the country to look abroad", "asked Germany to send": the object acts
                return [f for f, _ in self.entities_under(controller[0])]
            if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") and verb.head.i != verb.i:
                given = [c for c in verb.head.children if c.dep_ == "nsubjpass"] \
                    if verb.dep_ == "advcl" and verb.head.lemma_.lower() in GIVE_VERBS else []
                if given:  # "BAE has been awarded a contract by the MoD to build frigates": BAE builds them
                    return [f for f, _ in self.entities_under(given[0])]
                verb = verb.head
                if verb.pos_ not in ("VERB", "AUX"):
                    while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
                        verb = verb.head
                continue
            return []
        return []

    def slots(self, trig, pred) -> dict[str, list[Found]]:
        """Entities under the predicate (or the trigger noun) by the preposition nearest each of them."""
        out: dict[str, list[Found]] = {}
        roots = [pred] if pred is not None else [trig]
        if pred is not None and trig.i != pred.i:
            roots.append(trig)
        seen = set()
        for root in roots:
            for f, t in self.entities_under(root):
                if id(f) in seen:
                    continue
                if t.dep_ in ("nsubj", "nsubjpass", "csubj") and t.head.i == root.i:
                    continue  # subjects are read by subject()
                if any(a.dep_ in ("nsubj", "nsubjpass") and a.head.i == root.i for a in t.ancestors if a.i != root.i) \
                        and not (root.i == trig.i):
                    continue
                seen.add(id(f))
                out.setdefault(self._slot(t, root), []).append(f)
        return out

    def _slot(self, t, root) -> str:
        cur = t
        if cur.dep_ in ("poss",) and cur.head.i == root.i:
            return "poss"
        if cur.dep_ in ("amod", "compound", "nmod") and cur.head.i == root.i:
            return "mod"
        while cur.i != root.i and cur.head.i != cur.i:
            if cur.pos_ == "ADP" or cur.dep_ == "prep":
                return cur.lower_
            if cur.dep_ == "agent":
                return "by"
            if cur.dep_ in ("dobj", "dative", "attr", "oprd") and cur.head.i == root.i:
                return "obj"
            cur = cur.head
            if cur.pos_ == "ADP" or cur.dep_ == "prep":
                return cur.lower_
        return "other"

    # -- facts ----------------------------------------------------------------------------------------------
    def sentence_facts(self, sent) -> list[Draft]:
        drafts: list[Draft] = []
        for tok in sent:
            ftype = self.trigger_type(tok)
            if not ftype:
                continue
            pred = tok if tok.pos_ == "VERB" else self.governor(tok)
            if tok.pos_ != "VERB" and pred is None:
                if not (self._has_amount_near(tok, sent) or (ftype == "meeting" and self._met_with(tok))):
                    continue
            if tok.pos_ != "VERB" and pred is not None and self.trigger_type(pred) == ftype:
                continue  # "signed an agreement": the verb's fact covers the noun
            d = Draft(ftype, tok, sent)
            noun = tok if tok.pos_ != "VERB" else next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                                                         and c.pos_ in ("NOUN", "PROPN")), None)
            if noun is None and tok.pos_ == "VERB" and tok.dep_ in ("acl", "relcl") and tok.head.pos_ == "NOUN":
                noun = tok.head  # "the agreement, signed by ..."
            head = noun.lemma_.lower() if noun is not None else tok.lemma_.lower()
            d.head = "agreement" if head in AGREEMENT_HEADS else head
            if tok.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) \
                    and not any(c.dep_ in ("amod", "compound", "nummod") for c in tok.children) \
                    and not self._has_amount_near(tok, sent):
                d.anaphoric = True
            drafts.append(d)
        drafts = self._drop_nested(drafts)
        # "will purchase X under a contract worth €60 million": the contract is the purchase's instrument
        drafts = [d for d in drafts if not (d.type == "agreement" and d.trigger.pos_ != "VERB" and any(
            o.type in ("procurement", "aid", "funding") and o.trigger.pos_ == "VERB" and o.trigger in d.trigger.ancestors
            for o in drafts))]
        # "in talks with Korea about the purchase of submarines": the talks are the purchase's status, not a meeting
        drafts = [d for d in drafts if not (d.type == "meeting" and d.trigger.lemma_.lower() in TALK_WORDS and any(
            o is not d and d.trigger in o.trigger.ancestors for o in drafts))]
        # "met ... to discuss drone production": the production is the meeting's topic, not a fact of its own
        drafts = [d for d in drafts if d.type == "meeting" or not any(
            o.type == "meeting" and o.trigger in d.trigger.ancestors and o.trigger.pos_ == "VERB"
            and not _coordinated(d.trigger, o.trigger) for o in drafts)]
        self._attach_amounts(drafts, sent)
        kept = []
        for d in drafts:
            pred = d.trigger if d.trigger.pos_ == "VERB" else self.governor(d.trigger)
            self._roles(d, pred)
        self._gapped_actors(drafts, sent)
        drafts = self._fold_instruments(drafts)
        in_sent = [f for f in self.mentions if sent.start_char <= f.start < sent.end_char]
        for d in drafts:
            if d.type == "aid" and not d.roles.get("recipient") and any(o.type == "funding" for o in drafts):
                # "partners will invest €400 million, and the Romanian side will contribute 120 million"
                d.type, d.roles = "funding", {"funder": d.roles.get("donor", [])}
            settle_type(d)
            fill_supplier(d, in_sent)
            funding_recipient(d, in_sent)
            if self._keep(d):
                kept.append(d)
        kept += self._investment_twins(kept)
        # "decided to allocate 0.25% of its GDP to military aid": the aid with the share is the fact; the
        # allocation without a sum of its own restates it
        with_sum = [d for d in kept if FAMILY[d.type] == "money" and (d.amount or d.share)]
        return [d for d in kept if not (FAMILY[d.type] == "money" and not (d.amount or d.share) and any(
            o.countries() & d.countries() for o in with_sum))]

    def _investment_twins(self, kept: list[Draft]) -> list[Draft]:
        """A plant or project with a price ("a new €550 million ammunition plant in Romania") is also money put into
        it: a funding fact by its producers into its location carries the sum, the production fact none."""
        out = []
        for d in kept:
            if d.type != "production" or d.amount is None or any(
                    o.type in ("funding", "procurement", "aid") and o.amount and o.amount.value == d.amount.value
                    for o in kept):
                continue
            twin = Draft("funding", d.trigger, d.sent, amount=d.amount, head=d.head)
            twin.roles = {k: v for k, v in (("funder", d.roles.get("producer", [])),
                                            ("recipient", d.roles.get("location", []))) if v}
            d.amount = None
            out.append(twin)
        return out

    def _fold_instruments(self, drafts: list[Draft]) -> list[Draft]:
        """A contract signed to buy something is the purchase ("signed a contract to buy 46 tanks from KNDS",
        "signed an agreement with Germany to purchase ..."): one procurement fact, with the signing's status, its
        signer as buyer and its other party as supplier; the agreement is not a fact of its own."""
        out = list(drafts)
        for d in drafts:
            settle_type(d)  # "signed a deal to supply howitzers to Australia", by a firm: a sale
        for a in drafts:
            if a.type != "agreement":
                continue
            for p in drafts:
                if p.type != "procurement" or not (
                        _purpose_of(p.trigger, a.trigger) if p.trigger.pos_ == "VERB" else _topic_of(p.trigger, a.trigger)):
                    continue
                signers = a.roles.get("parties", [])
                buyers = p.roles.get("buyer") or [f for f in signers if f.start < a.trigger.idx] or signers[:1]
                keys = {f.key for f in buyers}
                p.roles["buyer"] = buyers
                p.roles["supplier"] = p.roles.get("supplier") or [f for f in signers if f.key not in keys]
                p.amount = p.amount or a.amount
                p.trigger = a.trigger  # the signing dates it and gives its status
                p.by_document = a.trigger.pos_ != "VERB" and not any(
                    c.lemma_.lower() in UNSETTLED for c in a.trigger.children if c.dep_ in ("amod", "compound"))
                if a in out:
                    out.remove(a)
            for p in drafts:  # "signed a Letter of Intent with Rheinmetall, outlining plans for a new plant"
                if p.type == "production" and not p.roles.get("producer") and a.trigger in p.trigger.ancestors:
                    p.roles["producer"] = list(a.roles.get("parties", []))
        return out

    def _makers_below(self, tok) -> list[Found]:
        """Who built what was delivered: "took delivery of two corvettes built by Hyundai Heavy Industries"."""
        return [f for t in tok.subtree if t.dep_ == "agent" for f, _ in self.entities_under(t)]

    def _met_with(self, tok) -> bool:
        """A meeting noun that names who met ("after a meeting with President Zelenskyy", "at a press conference
        with ...") reports a meeting even where no verb governs it."""
        return any(c.dep_ == "prep" and c.lower_ in ("with", "between") and any(
            self.by_token.get(t.i) is not None and self.by_token[t.i].type in ("person", "country", "organization")
            for t in c.subtree) for c in tok.children)

    def _clause_actor(self, tok) -> list[Found]:
        """People or states that are the subject of the verb a phrase hangs from ("Merz said at a conference")."""
        verb = tok.head
        while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        return [f for f in self.subject(verb) if f.type in ("person", "country")]

    def _gapped_actors(self, drafts: list[Draft], sent) -> None:
        """Several sums under one trigger, each with its own giver ("€125m from Denmark and €20m from Sweden",
        "Lithuania allocated €3m, and Latvia at least €10m"): each sum's fact takes the country or organisation
        written right beside that sum as its actor."""
        by_trigger: dict[int, list[Draft]] = {}
        for d in drafts:
            if d.amount is not None and d.type in ACTOR_ROLE:
                by_trigger.setdefault(d.trigger.i, []).append(d)
        for group in by_trigger.values():
            if len(group) < 2:
                continue
            owners = [self._owner_of_amount(d.amount, sent) for d in group]
            if None in owners or len({o.key for o in owners}) < len(group):
                continue
            for d, o in zip(group, owners):
                role = ACTOR_ROLE[d.type]
                d.roles[role] = [o]
                for other in d.roles:  # the owner is no longer also a recipient of its own sum
                    if other != role:
                        d.roles[other] = [f for f in d.roles[other] if f.key != o.key]

    def _owner_of_amount(self, amount: Amount, sent) -> Optional[Found]:
        """The mention written just before a sum ("Latvia at least €10m") or just after it with "from"/"by"."""
        near = [f for f in self.mentions if sent.start_char <= f.start < sent.end_char
                and f.type in ("country", "organization", "person")]
        for f in near:
            gap = self.text[amount.end:f.start]
            if f.start >= amount.end and re.fullmatch(r"\s*(?:\([^)]*\)\s*)?(?:from|by)\s+(?:the\s+)?", gap):
                return _as_actor(f)
        before = [f for f in near if f.end <= amount.start and
                  re.fullmatch(r"[\s,]*(?:(?:has|have|had|will|would|is|are|was|were|also|allocated|pledged|"
                               r"provided|gave|contributed|committed|added|announced)\s+){0,3}",
                               self.text[f.end:amount.start])]
        return _as_actor(before[-1]) if before else None

    def _has_amount_near(self, tok, sent) -> bool:
        pos = tok.idx - sent.start_char
        for m in self.money(sent):
            if not m.conversion and abs(m.amount.start - pos) < 60:
                return True
        return False

    def _drop_nested(self, drafts: list[Draft]) -> list[Draft]:
        out = []
        for d in drafts:
            nested = False
            for other in drafts:
                if other is d:
                    continue
                if other.trigger in d.trigger.ancestors and FAMILY[other.type] == FAMILY[d.type]:
                    if not _coordinated(d.trigger, other.trigger):
                        nested = True
                # a verb that only lends modality: "pledged to contribute" keeps "contribute"
                if d.trigger in other.trigger.ancestors and d.trigger.pos_ == "VERB" and \
                        d.trigger.lemma_.lower() in MODAL_VERBS and other.trigger.dep_ == "xcomp":
                    nested = True
            if not nested:
                out.append(d)
        return out

    def _attach_amounts(self, drafts: list[Draft], sent) -> None:
        if not drafts:
            return
        base = sent.start_char
        money = [copy.deepcopy(m) for m in self.money(sent) if not m.conversion]
        shares = [x for x in self.shares(sent) if x.of_gdp]
        # a sum goes to a money fact of the sentence when it has one ("awarded X a $1.2 billion contract to
        # produce ...": the award's), else to an agreement or a production
        money_types = [d for d in drafts if d.type in ("aid", "funding", "procurement")] or \
            [d for d in drafts if d.type in ("agreement", "production")]
        for m in money:
            pool = money_types or drafts
            best = min(pool, key=lambda d: abs(d.trigger.idx - base - m.amount.start) + (0 if d.amount is None else 1000))
            if best.amount is None:
                m.amount.start += base
                m.amount.end += base
                best.amount = m.amount
            elif best.amount.value != m.amount.value:
                extra = Draft(best.type, best.trigger, sent)
                m.amount.start += base
                m.amount.end += base
                extra.amount = m.amount
                drafts.append(extra)
        for sh in shares:
            aid_ctx = _near(sent, sh.start, sh.end, AID_NOUNS | {"contribute", "donate"})
            if aid_ctx:
                pool = [d for d in drafts if d.type == "aid"] or [Draft("aid", min(drafts, key=lambda d: abs(d.trigger.idx - base - sh.start)).trigger, sent)]
            else:
                pool = []
            if pool:
                best = min(pool, key=lambda d: abs(d.trigger.idx - base - sh.start))
                if best not in drafts:
                    drafts.append(best)
                best.share = sh.value
                if best.amount is None:
                    continue
        # spending targets are built separately (they need no trigger word)

    def _roles(self, d: Draft, pred) -> None:
        subj = self.subject(pred) if pred is not None else []
        slots = self.slots(d.trigger, pred)
        if d.trigger.pos_ != "VERB":
            head = d.trigger  # "military aid package": the phrase's head noun carries its own roles
            while head.dep_ in ("compound", "amod") and head.head.i != head.i and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            own = self.slots(head, None)
            in_subject = pred is not None and any(
                c.dep_ in ("nsubj", "nsubjpass") and head.i in {t.i for t in c.subtree} for c in pred.children)
            if in_subject:
                # the fact noun is itself the subject ("Sweden's aid package to Ukraine includes ..."): its own
                # possessor and prepositions are the roles, not everything in the subject
                subj = []
                for k in ("to", "for", "from", "with", "in"):
                    if own.get(k):
                        slots[k] = own[k]
            for k in ("poss", "mod"):
                if own.get(k):
                    slots.setdefault(k, []).extend(x for x in own[k] if x not in slots.get(k, []))
        t = d.type
        r: dict[str, list[Found]] = {}
        passive = pred is not None and any(c.dep_ == "nsubjpass" for c in pred.children)
        actor = subj + slots.get("by", []) + slots.get("poss", [])
        if t == "aid" and not actor and d.trigger.pos_ != "VERB":
            # "Lithuania's support for Ukraine remains ..., with total assistance now exceeding €1 billion":
            # the sum's roles are those of another aid noun in the sentence
            for other in d.sent:
                if other.i != d.trigger.i and other.lemma_.lower() in AID_NOUNS and other.pos_ == "NOUN":
                    o = self.slots(other, None)
                    if o.get("poss"):
                        actor = o["poss"]
                        for k in ("for", "to"):
                            slots.setdefault(k, []).extend(o.get(k, []))
                        break
        lem = d.trigger.lemma_.lower()
        if t in ("aid", "funding") and pred is not None and not (slots.get("to") or slots.get("for")):
            # a purpose clause names the recipient: "will provide £1.6 billion to buy missiles for Ukraine"
            for c in pred.children:
                if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB":
                    for f, tok in self.entities_under(c):
                        sl = self._slot(tok, c)
                        if sl in ("for", "to") or (sl == "obj" and f.type == "country"):
                            slots.setdefault("for" if sl == "obj" else sl, []).append(f)
        taken = lem in DELIVERY_NOUNS and pred is not None and pred.lemma_.lower() in TAKE_VERBS
        if t == "aid" and (lem in RECEIVE_VERBS or taken):  # "received ...", "took delivery of ... built by X"
            if taken:
                slots.setdefault("from", []).extend(slots.get("by", []) + self._makers_below(d.trigger))
            r["donor"] = slots.get("from", [])
            r["recipient"] = actor
        elif t == "aid":
            r["donor"] = actor + (slots.get("from", []) if d.trigger.pos_ != "VERB" else []) + \
                [f for f in slots.get("mod", []) if f.type == "country"]
            r["recipient"] = slots.get("to", []) + slots.get("for", []) + \
                [f for f in slots.get("obj", []) if f.type == "country"]
        elif t == "funding":
            r["funder"] = actor + [f for f in slots.get("mod", []) if f.type == "country"]
            r["recipient"] = slots.get("in", []) + slots.get("into", []) + slots.get("to", []) + \
                slots.get("for", []) + [f for f in slots.get("obj", []) if f.type in ("country", "organization")]
        elif t == "agreement":
            r["parties"] = actor + slots.get("with", []) + slots.get("alongside", []) + slots.get("between", []) + \
                slots.get("mod", []) + slots.get("and", [])
        elif t == "procurement" and lem in SELL_NOUNS:
            r["supplier"] = actor + slots.get("from", [])
            r["buyer"] = slots.get("to", [])
        elif t == "procurement" and pred is not None and pred.lemma_.lower() in WIN_VERBS and d.trigger.pos_ != "VERB":
            r["supplier"] = actor  # "Rheinmetall won a €300 million order from the Bundeswehr"
            r["buyer"] = slots.get("from", [])
        elif t == "procurement" and lem == "award":  # "the UK awarded Babcock a contract", "awarded to X"
            r["buyer"] = actor
            r["supplier"] = slots.get("obj", []) + slots.get("to", [])
        elif t == "procurement":
            r["buyer"] = actor + [f for f in slots.get("mod", []) if f.type == "country"]
            buyers = {f.country for f in r["buyer"] if f.country}
            r["supplier"] = slots.get("from", []) + [  # "contracted with Rheinmetall", "selected BAE Systems' frigate"
                f for f in slots.get("with", []) + (slots.get("obj", []) if lem in SELECT_VERBS else [])
                if f.type == "organization" or (f.type == "country" and f.country not in buyers)]
        elif t == "production":
            financed = any(FAMILY.get(self.trigger_type(a) or "", "") == "money" for a in d.trigger.ancestors
                           if a.pos_ == "VERB")
            if d.trigger.pos_ != "VERB" and pred is not None and (
                    self.trigger_type(pred) not in (None, "production") or financed):
                actor = slots.get("poss", [])  # "NL allocated funds to finance the production of drones": NL funds, not produces
            r["producer"] = (actor if not passive else slots.get("by", [])) + \
                [f for f in slots.get("mod", []) if f.type in ("country", "organization")] + slots.get("with", [])
            r["location"] = slots.get("in", []) + slots.get("at", []) + slots.get("near", [])
        elif t == "meeting":
            if pred is None and d.trigger.pos_ != "VERB" and not actor:
                actor = self._clause_actor(d.trigger)
            r["participants"] = actor + slots.get("with", []) + slots.get("obj", []) + slots.get("between", []) + \
                (slots.get("to", []) if lem == "visit" else []) + \
                [f for f in slots.get("mod", []) if f.type == "country"]
        elif t == "policy":
            r["actor"] = actor
        d.roles = _clean_roles(r, t)

    def _keep(self, d: Draft) -> bool:
        if not any(d.roles.values()):
            # "The first is budget support of NOK 135 million", "NOK 3 billion will be provided to ...": a sum of
            # aid stated without giver or receiver takes the document's (implicit_parties), or is dropped there
            d.orphan = d.type == "aid" and d.amount is not None and (
                d.trigger.lemma_.lower() in AID_NOUNS or any(c.dep_ == "nsubjpass" for c in d.trigger.children))
            return d.orphan
        lem = d.trigger.lemma_.lower()
        # a fact stated as not happening ("no deal", "did not sign") is no fact
        pred = d.trigger if d.trigger.pos_ == "VERB" else self.governor(d.trigger)
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in d.trigger.children) or (
                pred is not None and any(c.dep_ == "neg" for c in pred.children)):
            return False
        if lem in RECEIVE_VERBS:
            heads = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
            objs = [t for c in heads for t in c.subtree]
            if not objs or not (items_in(self.text, min(t.idx for t in objs), max(t.idx + len(t) for t in objs))
                                or any(t.lemma_.lower() in AID_NOUNS | {"order", "contract"} for t in objs)
                                or any(h.pos_ in ("NUM", "SYM") or h.like_num for h in heads)):
                return False  # "chose to receive bids" is no aid
        if d.type == "aid" and lem in ("package", "tranche") and not (
                any(t.lemma_.lower() in AID_MODIFIERS for c in d.trigger.lefts for t in c.subtree)
                or items_in(self.text, d.sent.start_char, d.sent.end_char)):
            return False  # "the Disney+ package": a package is aid when it is military, financial, humanitarian ...
        if d.type == "aid" and d.trigger.pos_ == "VERB" and any(
                (c.dep_ == "nsubj" and c.lemma_.lower() in SITE_NOUNS) for c in d.trigger.children) or (
                d.trigger.dep_ == "relcl" and d.trigger.head.lemma_.lower() in SITE_NOUNS):
            return False  # "a facility that will supply rocket fuel": what a plant turns out is production
        if d.type == "aid" and lem in DELIVERY_NOUNS and not d.roles.get("donor") and pred is not None and \
                pred.lemma_.lower() in TAKE_VERBS:
            return False  # "Hungary will take delivery of 46 IFVs": the delivery of a purchase told elsewhere
        if d.type == "aid":
            scope = d.trigger if d.trigger.pos_ != "VERB" else None
            if scope is None:
                objs = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass", "prep", "dative")]
                toks = [t for c in objs for t in c.subtree]
            else:
                toks = list(scope.subtree)
            has_goods = bool(toks) and bool(items_in(self.text, min(t.idx for t in toks),
                                                     max(t.idx + len(t) for t in toks)))
            if d.trigger.pos_ == "VERB" and not (d.amount or d.share or has_goods or
                                                 any(t.lemma_.lower() in AID_NOUNS for t in toks)):
                return False
            if not (d.amount or d.share or has_goods or lem in AID_NOUNS - {"support", "help"}):
                return False
            if lem in ("support", "help") and not (d.amount or d.share):
                return False
            if not d.roles.get("recipient") and not (d.amount or d.share):
                return False
        if d.type == "funding" and not (d.amount or d.roles.get("recipient")):
            return False
        if d.type == "funding" and lem == "spend" and not d.amount:
            return False  # "a target of spending 2% of GDP on defence in ...": a budget level, not money put in
        if d.type == "procurement" and not (d.roles.get("buyer") or (d.roles.get("supplier") and d.amount)):
            return False
        if d.type == "production" and not (d.roles.get("producer") or d.roles.get("location")):
            return False
        if d.type == "policy" and lem in ("law", "strategy", "board", "agency", "command") and not d.roles.get("actor"):
            return False
        return True

    def spending_targets(self, sent) -> list[Draft]:
        """A defence budget as a share of GDP, stated for a country ("plans to allocate over 5% of its GDP to
        defence"), where no aid word makes it assistance to another country."""
        s = self.text[sent.start_char:sent.end_char]
        out = []
        for sh in self.shares(sent):
            if not sh.of_gdp or not DEFENCE_WORDS.search(s) or \
                    _near(sent, sh.start, sh.end, AID_NOUNS | {"contribute", "donate"}):
                continue
            span = self.doc.char_span(sent.start_char + sh.start, sent.start_char + sh.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            verb = tok
            while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
                verb = verb.head
            ents = self.subject(verb) if verb.pos_ in ("VERB", "AUX") else []
            if not [f for f in ents if f.country or f.source == "gazetteer"]:
                before = [f for f in self.mentions if sent.start_char <= f.start < sent.start_char + sh.start and f.country
                          and f.type in ("country", "person", "organization")]
                ents = before[-1:] if before else []
            if not ents:
                continue
            d = Draft("spending_target", verb if verb.pos_ in ("VERB", "AUX") else tok, sent)
            d.share = sh.value
            d.roles = _clean_roles({"country": ents}, "spending_target")
            if d.roles.get("country"):
                out.append(d)
        return out

    def run(self) -> list[Draft]:
        drafts: list[Draft] = []
        date_cache: dict = {}
        for sent in self.doc.sents:
            if len(sent) < 4:
                continue
            ds = self.sentence_facts(sent) + self.spending_targets(sent)
            if sent.text.lstrip()[:1] in QUOTES:  # direct speech: opinions and restatements, unless it names a sum
                ds = [d for d in ds if d.amount or d.share]
            s_text = self.text[sent.start_char:sent.end_char]
            for d in ds:
                st, _ = classify(d.trigger, d.type, s_text)
                fut = stated_tense(d.trigger)
                if fut is None:
                    fut = st == "planned"
                key = (sent.start, fut)
                if key not in date_cache:
                    date_cache[key] = resolve_dates(s_text, self.published, future=fut)
                dates = date_cache[key]
                if dates:
                    pos = d.trigger.idx - sent.start_char
                    d.date, _, _, d.date_source = min(dates, key=lambda x: abs(x[1] - pos))
                future = bool(d.date and self.published and d.date[:4] > self.published[:4])
                # a later year only changes the status the first reading gave when it is not "agreed"
                d.status = classify(d.trigger, d.type, s_text, future_date=True)[0] if future and st != "agreed" else st
                if d.by_document and d.status == "planned":
                    d.status = "agreed"
                d.cumulative = bool(d.amount and CUMULATIVE_RE.search(s_text))
                if d.date is None and self.published:  # reported as news and dated no other way
                    d.date, d.date_source = self.published[:10], "publication"
                if d.type in ("aid", "agreement", "production", "procurement", "funding"):
                    d.items = items_in(self.text, sent.start_char, sent.end_char, chunks=[
                    c for c in self.chunks if c.start_char < sent.end_char and c.end_char > sent.start_char])
                n_roles = sum(1 for v in d.roles.values() if v)
                d.confidence = min(0.95, 0.35 + 0.15 * n_roles + (0.15 if d.amount or d.share else 0)
                                   + (0.1 if d.trigger.pos_ == "VERB" else 0))
            drafts.extend(ds)
        drafts = merge_restatements(drafts)
        drafts = implicit_parties(drafts)
        implicit_recipients(drafts, self.mentions)
        implicit_givers(drafts)
        for d in drafts:
            settle_type(d)
            supplier_from_items(d)
        return drafts


ACTOR_ROLE = {"aid": "donor", "funding": "funder", "procurement": "buyer"}


def _as_actor(f: Found) -> Found:
    """A person or ministry stands for their country in a giver's role."""
    return _clean_roles({"actor": [f]}, "policy").get("actor", [f])[0]


def _crown_home(mentions: list[Found]) -> Optional[str]:
    """The crown-currency country (Norway, Denmark, Sweden, Iceland, Czechia) a document names most."""
    counts: dict[str, int] = {}
    for f in mentions:
        if f.country in CROWN_OF:
            counts[f.country] = counts.get(f.country, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _coordinated(low, high) -> bool:
    """True when the path from `low` up to `high` crosses a coordination ("provided X and pledged Y")."""
    cur = low
    while cur.i != high.i and cur.head.i != cur.i:
        if cur.dep_ == "conj":
            return True
        cur = cur.head
    return False


# Verbs whose subject is the seller of the order or contract they take ("won an order from the Bundeswehr").
WIN_VERBS = {"win", "secure", "land", "bag", "receive", "obtain", "get", "clinch"}
# Sites whose output is production, not a gift ("a facility that will supply rocket fuel to Ukraine").
SITE_NOUNS = {"facility", "plant", "factory", "site", "line", "shipyard", "works"}
# Nouns of bodies a fact noun can name without being an event ("procurement agency", "investment fund").
BODY_NOUNS = {"agency", "office", "department", "ministry", "administration", "committee", "commission", "authority",
              "bureau", "directorate", "center", "centre", "command", "council", "board", "service", "company", "firm",
              "fund", "bank", "corporation", "group", "unit", "division", "chief", "minister", "official", "officer"}
# "took delivery of": the subject receives what the delivery noun brings.
DELIVERY_NOUNS = {"delivery", "deliveries", "shipment", "shipments", "handover"}
TAKE_VERBS = {"take", "accept", "receive", "get", "await"}
# Verbs whose object, not subject, does what their infinitive says ("urged Germany to send more").
OBJECT_CONTROL = {"force", "ask", "urge", "allow", "enable", "help", "invite", "encourage", "require", "persuade",
                  "permit", "press", "push", "call", "authorize", "authorise", "oblige", "compel", "tell", "want"}
# Verbs whose indirect object receives what is given ("awarded Lockheed Martin a contract").
GIVE_VERBS = {"award", "grant", "give", "hand"}
def _topic_of(noun, trig) -> bool:
    """True when the purchase noun is what the signed document is for: "signed an agreement with South Korea for
    the purchase of 180 tanks", "signed a deal ... on the procurement of F-35A fighters"."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("for", "on", "regarding", "concerning", "covering"):
        return False
    docs = {trig.i} | {c.i for c in trig.children if c.dep_ in ("dobj", "nsubjpass")}
    return noun.head.head.i in docs or (trig.pos_ == "VERB" and noun.head.head.i == trig.i)


# Words that make a contract one still to come ("a future contract", "the proposed deal").
UNSETTLED = {"future", "proposed", "potential", "possible", "planned", "draft", "prospective", "expected", "new"}


def _purpose_of(verb, trig) -> bool:
    """True when `verb` is what the signing or the document `trig` is for: "signed a contract to buy", "signed ...
    to purchase", "signed a contract that will see Estonia procure", "The contract will see Estonia buy"."""
    docs = [trig] if trig.pos_ != "VERB" else [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
    above, cur = set(), verb  # the verbs and nouns above, not across a coordination ("signed X and will buy")
    while cur.head.i != cur.i and cur.dep_ != "conj":
        cur = cur.head
        above.add(cur.i)
    for n in docs:
        if n.pos_ not in ("NOUN", "PROPN"):
            continue
        gov = n.head
        while gov.head.i != gov.i and gov.pos_ not in ("VERB", "AUX"):
            gov = gov.head
        if n.i in above or (n.dep_ in ("nsubj", "dobj") and gov.i in above):
            return True  # "the contract will see X buy", "approved a framework deal to buy"
    cur = verb
    for _ in range(3):
        if cur.dep_ not in ("advcl", "acl", "xcomp", "relcl") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i == trig.i or (cur.head.i == trig.i and cur.dep_ in ("dobj", "nsubjpass")):
            return True
    return False


def _near(sent, start: int, end: int, words: set[str], window: int = 6) -> bool:
    """A word of `words` within `window` tokens of the characters start..end of the sentence."""
    toks = [t for t in sent if t.idx - sent.start_char < end and t.idx + len(t) - sent.start_char > start]
    if not toks:
        return False
    lo, hi = toks[0].i - window, toks[-1].i + window
    return any(t.lemma_.lower() in words for t in sent if lo <= t.i <= hi)


def _clean_roles(r: dict[str, list[Found]], ftype: str) -> dict[str, list[Found]]:
    """Government people and ministries stand for their country in country-level roles; people also go to
    signatories/persons; duplicates removed."""
    out: dict[str, list[Found]] = {}
    persons: list[Found] = []
    for role, fs in r.items():
        vals: list[Found] = []
        for f in fs:
            if f is None:
                continue
            if f.type == "equipment":
                continue
            if role in GOV_ROLES and (f.type == "person" or f.key.startswith("ministry:")):
                if f.type == "person":
                    persons.append(f)
                if f.country:
                    iso = f.country
                    f = Found(f.start, f.end, f.text, "country", iso, iso, name=countries().name(iso), source="via")
                elif f.type == "person":
                    continue
            if role == "location" and f.type not in ("place", "country"):
                continue
            if not any(v.key == f.key and v.type == f.type for v in vals):
                vals.append(f)
        if vals:
            out[role] = vals
    for giver, taker in (("donor", "recipient"), ("funder", "recipient"), ("buyer", "supplier")):
        gone = {f.key for f in out.get(giver, [])}
        rest = [f for f in out.get(taker, []) if f.key not in gone]
        if rest and len(rest) < len(out.get(taker, [])):  # a giver is not also its own gift's recipient, unless alone
            out[taker] = rest
    if persons and ftype in PERSON_ROLES:
        out[PERSON_ROLES[ftype]] = list({p.key: p for p in persons}.values())
    return out






def _sig(d: Draft) -> tuple:
    a = (round(d.amount.value), d.amount.currency) if d.amount else None
    return d.type, a, d.share


def merge_restatements(drafts: list[Draft]) -> list[Draft]:
    """One fact per statement: a later draft of the same type, amount and share whose countries are a subset
    of an earlier one's (or the reverse) and whose trigger word is the same is a restatement; its roles and
    items are added to the first."""
    out: list[Draft] = []
    for d in drafts:
        if d.anaphoric:
            prior = [o for o in out if o.type == d.type]
            if prior:
                o = prior[-1]
                for it in d.items:
                    if fold(it) not in {fold(x) for x in o.items}:
                        o.items.append(it)
                continue
        for o in out:
            if _sig(o) != _sig(d) or o.head != d.head and not (o.amount and d.amount):
                continue
            if o.date and d.date and o.date != d.date:
                continue
            a, b = o.countries(), d.countries()
            if a and b and not (a <= b or b <= a):
                continue
            if o.type == "production" and {f.key for f in o.roles.get("location", [])} != \
                    {f.key for f in d.roles.get("location", [])} and d.roles.get("location"):
                continue
            for role, fs in d.roles.items():
                cur = o.roles.setdefault(role, [])
                for f in fs:
                    if not any(c.key == f.key and c.type == f.type for c in cur):
                        cur.append(f)
            for it in d.items:
                if fold(it) not in {fold(x) for x in o.items}:
                    o.items.append(it)
            break
        else:
            out.append(d)
    return out
