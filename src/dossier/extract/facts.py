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

DocFacts runs these stages; it reads the parse through three mixins, a module each: syntax.py (references,
subjects, prepositional slots), triggers.py (which words announce a fact), roles.py (roles and sums by fact
type). draft.py holds the Draft being built and the steps every draft goes through alike.
"""

from __future__ import annotations

import re
from typing import Optional

from ..values.dates import resolve_dates
from ..values.money import CROWN_OF, DOLLAR_OF, GDP_WORD, LEVEL_MAX, TARGET_AFTER, a_change, find_money, find_shares
from .lexicon import (
    FUNDING_NOUNS,
    AGREEMENT_HEADS, AID_MODIFIERS, AID_NOUNS, CUMULATIVE_RE, DEAL_NOUNS, DEFENCE_WORDS, DELIVERY_NOUNS, FAMILY,
    MODAL_VERBS,
    QUOTES, RECEIVE_VERBS, REFUSE_VERBS, SITE_NOUNS, SPEND_WORDS, TAKE_VERBS, TALK_WORDS,
)
from .mentions import Found, items_in
from .implicit import implicit_givers, implicit_parties, implicit_recipients
from .status import classify, stated_tense
from .types import fill_supplier, funding_recipient, is_company, settle_type, supplier_from_items
from .draft import Draft, _clean_roles, _coordinated, _near, carry_back_worth, merge_restatements
from .plausible import Plausibility, defence_relevant
from .roles import RoleFilling
from .syntax import SentenceSyntax
from .triggers import TriggerWords, under_a_named_one


OF_A_BUDGET = re.compile(r"\s+of\s+(?:the|its|their|this\s+year's)\s+(?:\w+\s+)?budget", re.I)
# between a country and its share: "Estonia 3.4%", "Italy, at 1.5%", "Canada: 1.4%"
SHARE_GAP = re.compile(r"[\s,:(\u2013-]*(?:at|with|on)?[\s(]*")
GDP_OWNER = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w.-]*(?:\s[A-Z][\w-]*)*)(?:'s|’s)\s+(?:GDP|gross\s+domestic|economic)")


class DocFacts(SentenceSyntax, TriggerWords, RoleFilling, Plausibility):
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
        self.home = _currency_home(mentions)
        self._shares: dict[int, list] = {}


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
            s = self.text[sent.start_char:sent.end_char]
            found = find_shares(s)
            stated = any(x.of_gdp for x in found)
            if stated or self._gdp_context(sent, found):
                for x in found:  # "spends 3.45% of its GDP ... and plans to reach 5% by 2028"
                    if x.of_gdp or x.value <= LEVEL_MAX / 100 and not OF_A_BUDGET.match(s, x.end) and \
                            not a_change(s, x.start, x.end):  # (not "62% of the budget", not "up 7.5 percent")
                        x.from_context = x.from_context or not (stated or x.of_gdp)
                        x.of_gdp = True
            self._shares[sent.start] = found
        return self._shares[sent.start]

    def _gdp_context(self, sent, found) -> bool:
        """A bare percentage right after a sentence about defence spending as a share of GDP is one too ("...to
        reach 2% of GDP. This year, Spain spent only 1.28%.")"""
        if not found or sent.start == 0:
            return False
        before, start = [], sent.start
        for _ in range(2):  # the sentence before, or the one before that ("...to reach 2% of GDP. It is a big
            if start == 0:  # leap. This year, Spain spent only 1.28%.")
                break
            prev = self.doc[start - 1].sent
            before.append(prev.text)
            start = prev.start
        s = self.text[sent.start_char:sent.end_char]
        return any(GDP_WORD.search(b) for b in before) and \
            bool(SPEND_WORDS.search(s) or any(TARGET_AFTER.match(s, x.end) for x in found)) and \
            not re.search(r"\b(?:inflation|growth|interest|rate|vote|poll|unemployment|tax)\b", s, re.I)


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
            if noun is None and tok.pos_ == "VERB":  # "agree on a contract"
                noun = next((o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("on", "upon", "to")
                             for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() in DEAL_NOUNS), None)
            head = noun.lemma_.lower() if noun is not None else tok.lemma_.lower()
            d.head = "agreement" if head in AGREEMENT_HEADS else head
            d.noun = head
            if tok.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) \
                    and not any(c.dep_ in ("amod", "compound", "nummod") for c in tok.children) \
                    and not self._has_amount_near(tok, sent):
                d.anaphoric = True
            drafts.append(d)
        drafts = self._drop_nested(drafts)
        # "opened a plant ... with a capacity of 350,000 shells a year": the capacity is the plant's
        drafts = [d for d in drafts if not (d.type == "production" and d.trigger.lemma_.lower() == "capacity" and any(
            o.type == "production" and o is not d for o in drafts))]
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
        drafts = self._each(drafts)
        drafts = self._fold_instruments(drafts)
        _funded_producers(drafts)
        in_sent = [f for f in self.mentions if sent.start_char <= f.start < sent.end_char]
        for d in drafts:
            if d.type == "aid" and d.trigger.pos_ == "VERB" and any(c.dep_ == "dobj" and (
                    c.lemma_.lower() in FUNDING_NOUNS or any(t.lemma_.lower() in FUNDING_NOUNS and t.head.lower_ == "in"
                                                             for t in c.subtree)) for c in d.trigger.children):
                d.type = "funding"  # "provides funding of NOK 1 billion", "granted a loan", "€150 billion in loans"
                d.roles = {"funder": d.roles.get("donor", []), "recipient": d.roles.get("recipient", [])}
            if d.type == "aid" and not d.roles.get("recipient") and any(o.type == "funding" for o in drafts):
                # "partners will invest €400 million, and the Romanian side will contribute 120 million"
                d.type, d.roles = "funding", {"funder": d.roles.get("donor", [])}
            settle_type(d)
            fill_supplier(d, in_sent)
            funding_recipient(d, in_sent)
            if self._keep(d):
                kept.append(d)
                d.priced_deal = any(d.roles.values()) and (d.amount is not None and (
                    self._definite_deal(d.trigger) or self._deal_subject(d.trigger)) or self._under_a_told_deal(d.trigger))
        kept += self._investment_twins(kept)
        # "decided to allocate 0.25% of its GDP to military aid": the aid with the share is the fact; the
        # allocation without a sum of its own restates it
        with_sum = [d for d in kept if FAMILY[d.type] == "money" and (d.amount or d.share)]
        kept = [d for d in kept if not (FAMILY[d.type] == "money" and not (d.amount or d.share) and any(
            o.countries() & d.countries() for o in with_sum))]
        # "Nammo will be investing in a new production line": with no sum, a firm's investment in what it makes is
        # the production fact
        made = {f.key for d in kept if d.type == "production" for f in d.roles.get("producer", [])}
        return [d for d in kept if not (d.type == "funding" and d.amount is None and d.roles.get("funder") and all(
            is_company(f) and f.key in made for f in d.roles["funder"]))]


    @staticmethod
    def _definite_deal(tok) -> bool:
        """"The deal, worth ...", "This contract is valued at ...": a deal named before, not a new one."""
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in DEAL_NOUNS and \
            any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) and \
            not any(c.dep_ in ("compound", "nummod", "poss") or c.dep_ == "amod" and c.lower_ not in ("worth", "valued")
                    for c in tok.children)

    @staticmethod
    def _under_a_told_deal(tok) -> bool:
        """"Under the deal, the company will deliver 20 K9 units": what a deal named before provides for."""
        return tok.pos_ == "VERB" and any(o.lemma_.lower() in DEAL_NOUNS and under_a_named_one(o)
                                          for c in tok.children if c.dep_ == "prep" for o in c.children)

    def _deal_subject(self, tok) -> bool:
        """"The agreement was signed ... and involved what officials said was the sale of €1 billion worth of
        IRIS-T": a clause above the sum has a deal named before as its subject."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and self._definite_deal(c)
                   for v in [tok, *tok.ancestors] if v.pos_ in ("VERB", "AUX") for c in v.children)

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

        # spending targets are built separately (they need no trigger word)


    def _keep(self, d: Draft) -> bool:
        if not any(d.roles.values()):
            return self._unattributed(d)
        lem = d.trigger.lemma_.lower()
        # a fact stated as not happening ("no deal", "did not sign") is no fact
        pred = d.trigger if d.trigger.pos_ == "VERB" else self.governor(d.trigger)
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in d.trigger.children) or (
                pred is not None and any(c.dep_ == "neg" or (c.dep_ == "nsubj" and any(
                    x.dep_ == "preconj" and x.lower_ == "neither" for x in c.children)) for c in pred.children)):
            return False
        if _hypothetical(d.trigger):
            return False  # "it would need to invest an additional 10 billion euros": an estimate, not a plan
        if lem in RECEIVE_VERBS and d.type != "meeting":
            heads = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
            objs = [t for c in heads for t in c.subtree]
            if not objs or not (items_in(self.text, min(t.idx for t in objs), max(t.idx + len(t) for t in objs))
                                or any(t.lemma_.lower() in AID_NOUNS | {"order", "contract"} for t in objs)
                                or any(h.pos_ in ("NUM", "SYM") or h.like_num for h in heads)):
                return False  # "chose to receive bids" is no aid
        if d.type == "aid" and not self._aid_kept(d, lem, pred):
            return False
        if d.type == "funding" and not (d.amount or d.roles.get("recipient") and d.roles.get("funder")):
            return False
        if d.type == "funding" and lem == "spend" and not d.amount:
            return False  # "a target of spending 2% of GDP on defence in ...": a budget level, not money put in
        if d.type == "procurement" and not (d.roles.get("buyer") or (d.roles.get("supplier") and d.amount)):
            return False
        if d.type == "production" and not (d.roles.get("producer") or d.roles.get("location")):
            return False
        if d.type == "policy" and lem in ("law", "strategy", "board", "agency", "command") and not d.roles.get("actor"):
            return False
        return self.plausible(d)

    def _unattributed(self, d: Draft) -> bool:
        """"The first is budget support of NOK 135 million", "NOK 3 billion will be provided to ...": a sum of aid
        stated without giver or receiver takes the document's (implicit_parties), or is dropped there."""
        d.by_agreement = FAMILY[d.type] == "money" and d.amount is not None and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in AGREEMENT_HEADS | {"contract", "deal"} and
            any(x.dep_ == "det" and x.lower_ in ("the", "this", "that") for x in c.children)
            for c in d.trigger.children)  # "The agreement provides funding of NOK 1 billion"
        d.orphan = d.by_agreement or d.type in ("aid", "funding") and d.amount is not None and (
            d.trigger.lemma_.lower() in AID_NOUNS | FUNDING_NOUNS or
            any(c.dep_ == "nsubjpass" for c in d.trigger.children))
        d.worth_of_prior = not d.orphan and d.amount is not None and (
            self._definite_deal(d.trigger) or self._deal_subject(d.trigger))
        return d.orphan or d.worth_of_prior

    def _aid_kept(self, d: Draft, lem: str, pred) -> bool:
        """Aid needs a sum, a share, goods, training or a settled aid word, and a receiver or a sum."""
        if d.roles.get("donor") and {f.country for f in d.roles["donor"]} == {
                f.country for f in d.roles.get("recipient", [])} and None not in {f.country for f in d.roles["donor"]}:
            return False  # a giver that is its own receiver is a misreading
        if lem in ("package", "tranche") and not (
                any(t.lemma_.lower() in AID_MODIFIERS for c in d.trigger.children
                    if c.i < d.trigger.i or (c.dep_ == "prep" and c.lower_ == "of") for t in c.subtree)
                or items_in(self.text, d.sent.start_char, d.sent.end_char)):
            return False  # "the Disney+ package": a package is aid when it is military, financial, humanitarian ...
            # (before it or in its "of" phrase: "a package of military aid")
        if d.trigger.pos_ == "VERB" and any(
                (c.dep_ == "nsubj" and c.lemma_.lower() in SITE_NOUNS) for c in d.trigger.children) or (
                d.trigger.dep_ == "relcl" and d.trigger.head.lemma_.lower() in SITE_NOUNS):
            return False  # "a facility that will supply rocket fuel": what a plant turns out is production
        if lem in DELIVERY_NOUNS and not d.roles.get("donor") and pred is not None and \
                pred.lemma_.lower() in TAKE_VERBS:
            return False  # "Hungary will take delivery of 46 IFVs": the delivery of a purchase told elsewhere
        if d.trigger.pos_ == "VERB":
            objs = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass", "prep", "dative")]
            toks = [t for c in objs for t in c.subtree]
        else:
            toks = list(d.trigger.subtree)
        has_goods = bool(toks) and bool(items_in(self.text, min(t.idx for t in toks),
                                                 max(t.idx + len(t) for t in toks)))
        if d.trigger.pos_ == "VERB" and not (d.amount or d.share or has_goods or lem == "train" or
                                             any(t.lemma_.lower() in AID_NOUNS for t in toks)):
            return False
        if not (d.amount or d.share or has_goods or lem in AID_NOUNS - {"support", "help"} | {"train"}):
            return False
        if lem in ("support", "help") and d.trigger.pos_ != "VERB" and not (d.amount or d.share):
            return False  # the nouns are vague without a sum; the verbs came with goods (EQUIP_VERBS)
        if not d.roles.get("recipient") and not (d.amount or d.share):
            return False
        return not (lem == "train" and not d.roles.get("donor"))  # "sites instrumental in training Iraqi forces"

    def spending_targets(self, sent) -> list[Draft]:
        """A defence budget as a share of GDP, stated for a country ("plans to allocate over 5% of its GDP to
        defence"), where no aid word makes it assistance to another country."""
        s = self.text[sent.start_char:sent.end_char]
        out = []
        shares = [sh for sh in self.shares(sent) if sh.of_gdp]
        if not shares:
            return out
        about_defence = DEFENCE_WORDS.search(s) or (sent.start > 0 and DEFENCE_WORDS.search(self.doc[sent.start - 1].sent.text))
        for sh in shares:
            if not (about_defence or sh.from_context) or \
                    _near(sent, sh.start, sh.end, AID_NOUNS | {"contribute", "donate"}):
                continue
            span = self.doc.char_span(sent.start_char + sh.start, sent.start_char + sh.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            verb = tok
            while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
                verb = verb.head
            ents = self._share_owner(sent, s, sh) or self._spender(sent, sh, verb)
            if not ents:
                continue
            d = Draft("spending_target", verb if verb.pos_ in ("VERB", "AUX") else tok, sent)
            d.share = sh.value
            d.roles = _clean_roles({"country": ents}, "spending_target")
            if d.roles.get("country"):
                out.append(d)
        return out

    def _share_owner(self, sent, s: str, sh) -> list[Found]:
        """The country a share is stated for by its place: right before it ("Latvia 3.1% and Estonia 3.4%",
        "Italy at 1.5%") or as the owner of the GDP after it ("2.1% of Turkey's GDP")."""
        base = sent.start_char
        for f in self.mentions:
            if f.type == "country" and base <= f.start and f.end <= base + sh.start and \
                    SHARE_GAP.fullmatch(s[f.end - base:sh.start]):
                return [f]
        after = GDP_OWNER.match(s, sh.end)
        if after:
            return [f for f in self.mentions if f.type == "country" and f.start == base + after.start(1)][:1]
        return []

    def _spender(self, sent, sh, verb) -> list[Found]:
        """Whoever spends: the subject of the share's verb, else the last state or person with a country named
        before the share, else who says the sentence ("..., the Finnish ministry said")."""
        ents = self.subject(verb) if verb.pos_ in ("VERB", "AUX") else []
        if [f for f in ents if f.country or f.source == "gazetteer"]:
            return ents
        before = [f for f in self.mentions if sent.start_char <= f.start < sent.start_char + sh.start and f.country
                  and f.type in ("country", "person", "organization")]
        if before or self.speakers(sent):
            return before[-1:] or self.speakers(sent)[:1]
        if any(f.type == "country" for f in self.mentions if sent.start_char <= f.start < sent.end_char):
            return []
        # no state named at all ("It will reach 2% of GDP by 2032", "Defence spending will rise to 3%, the prime
        # minister said"): the state a sentence just before had as its subject
        near = self._previous_sentence_start(sent[0])
        f = self._before(sent.start_char, lambda f: f.type == "country" and f.start in self.subject_starts and
                         f.start >= near)
        return [f] if f else []

    def run(self) -> list[Draft]:
        drafts: list[Draft] = []
        if not defence_relevant(self.text, self.mentions, sum(1 for _ in self.doc.sents)):
            return drafts
        date_cache: dict = {}
        for sent in self.doc.sents:
            if len(sent) < 4:
                continue
            ds = self.sentence_facts(sent) + self.spending_targets(sent)
            if sent.text.lstrip()[:1] in QUOTES:  # direct speech: opinions and restatements, unless it names a sum;
                end = _quote_end(sent.text)  # what follows the quote ("..., Merz said at a press conference
                ds = [d for d in ds if d.amount or d.share or d.trigger.idx - sent.start_char > end]  # with X") counts
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
                if d.by_document and d.status == "planned" or d.by_agreement and d.status == "completed":
                    d.status = "agreed"  # what a signed contract or agreement provides is agreed, not yet done
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
        drafts = merge_restatements(carry_back_worth(drafts))
        implicit_recipients(drafts, self.mentions)  # first: the sums without giver or receiver copy their roles
        drafts = implicit_parties(drafts)
        implicit_givers(drafts)
        for d in drafts:
            settle_type(d)
            supplier_from_items(d)
        return drafts


def _lemmas(tok) -> set[str]:
    """The lemma and the word less an inflection: the small model lemmatises "hopes" as "hop"."""
    low = tok.lower_
    return {tok.lemma_.lower(), low, low[:-1] if low.endswith(("s", "d")) else low, low[:-2] if low.endswith(
        ("ed", "es")) else low, low[:-3] if low.endswith("ing") else low}


def _hypothetical(tok) -> bool:
    """Under "would/could need to" or "would have to": what it would take, not what is done or planned; under
    "whether": a question ("declined to say whether Germany will supply Taurus missiles"); under a refusal or a
    wish ("refused to supply", "has no plans to send", "hopes to receive")."""
    for a in list(tok.ancestors)[:4]:
        if _lemmas(a) & REFUSE_VERBS or (a.lemma_.lower() in ("plan", "intention") and any(
                c.dep_ == "det" and c.lower_ == "no" for c in a.children)):
            return True
    for a in [tok] + list(tok.ancestors)[:4]:
        if a.lemma_.lower() in ("need", "have") and any(
                c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "'d") for c in a.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in a.children):
            return True
        if a.dep_ not in ("xcomp", "ccomp", "advcl", "conj") and a is not tok:
            break
    return False


def _funded_producers(drafts: list[Draft]) -> None:
    """"A loan to CSG for an ammunition plant": whoever pays for the plant does not make what it makes; whoever
    gets the money does ("awarded General Dynamics $1.5 billion to expand shell production")."""
    for d in (d for d in drafts if d.type == "production"):
        above = {t.i for t in d.trigger.ancestors}
        for o in drafts:
            if o.type in ("funding", "aid") and (o.trigger.i in above or o.trigger.head.i in above):
                givers = {f.key for f in o.roles.get("funder", []) + o.roles.get("donor", []) if not is_company(f)}
                firms = [f for f in o.roles.get("recipient", []) if is_company(f)]
                if givers & {f.key for f in d.roles.get("producer", [])}:  # (a firm investing in its production
                    d.roles["producer"] = list(o.roles.get("recipient", []))  # makes)
                elif not d.roles.get("producer") and firms:
                    d.roles["producer"] = firms


def _quote_end(text: str) -> int:
    """Where the quotation that opens `text` closes (its closing mark's offset), or the end of `text`."""
    body = text.lstrip()
    lead = len(text) - len(body)
    m = re.search(r'[”"’](?=[\s,.;:]|$)', body[1:])
    return lead + 1 + m.start() if m else len(text)


def _currency_home(mentions: list[Found]) -> Optional[str]:
    """The state whose currency a document's unqualified crowns or bare "$" are: of the crown-currency countries
    (Norway, Denmark, Sweden, Iceland, Czechia) and the dollar countries (Canada, Australia, ...) named at least
    twice and more often than the United States, the one it names most."""
    counts: dict[str, int] = {}
    for f in mentions:
        if f.country:
            counts[f.country] = counts.get(f.country, 0) + 1
    homes = [c for c in counts if c in CROWN_OF or (
        c in DOLLAR_OF and counts[c] >= 2 and counts[c] > counts.get("US", 0))]
    return max(homes, key=counts.get) if homes else None


