"""A draft's roles from its sentence: the actor and the prepositional roles by fact type, sums attached to the
nearest fact, lists with one giver per sum, contracts that are purchases, priced plants that are funding."""

from __future__ import annotations

import copy
import re
from typing import Optional

from ..model import Amount
from .lexicon import (
    AID_NOUNS, DELIVERY_NOUNS, FAMILY, RECEIVE_VERBS, SELECT_VERBS, SELL_WORDS, SITE_NOUNS, TAKE_VERBS, UNSETTLED, WIN_VERBS,
)
from .mentions import Found
from .types import equipment_homes, is_company, settle_type
from .draft import ACTOR_ROLE, Draft, _as_actor, _clean_roles, _near

# Between a giver and its sum: "Latvia at least €10m", "Denmark will provide €125 million", "Sweden's €20m" (up to
# three verbs or auxiliaries, no preposition or article that would make the name part of another phrase)
OWNER_GAP = re.compile(r"(?:['’]s)?[\s,]*(?:(?!(?:to|for|from|of|in|on|with|by|the|a|an|its|their|and|or|but|while|"
                       r"that|which|who)\b)[a-z]+\s+){0,3}")
JOINT_WORDS = {"joint", "common", "collective", "shared"}  # "joint procurement": the signers buy together
SIGN_VERBS = {"sign", "conclude", "ink", "seal", "award"}
DELIVER_VERBS = {"deliver", "supply", "provide", "send", "ship", "transfer"}


def _maker_state_sells(p: Draft) -> None:
    """"France and Ukraine signed a letter of intent for the purchase of 100 Rafale jets": of signers named
    together as buyers, the state that makes the equipment sells it."""
    if p.roles.get("supplier") or len(p.roles.get("buyer", [])) < 2:
        return
    homes = equipment_homes(p)
    sellers = [f for f in p.roles["buyer"] if f.country in homes]
    rest = [f for f in p.roles["buyer"] if f.country not in homes]
    if sellers and rest:
        p.roles["buyer"], p.roles["supplier"] = rest, sellers


class RoleFilling:
    """Mixin of DocFacts: fills drafts' roles and sums (needs SentenceSyntax and TriggerWords)."""

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
        elif t == "procurement" and lem in SELL_WORDS:
            r["supplier"] = actor + slots.get("from", [])
            r["buyer"] = slots.get("to", [])
        elif t == "procurement" and pred is not None and pred.lemma_.lower() in WIN_VERBS and d.trigger.pos_ != "VERB":
            r["supplier"] = actor  # "Rheinmetall won a €300 million order from the Bundeswehr"
            r["buyer"] = slots.get("from", [])
        elif t == "procurement" and lem == "award" and passive:
            # "Lockheed Martin Corp., Grand Prairie, Texas, has been awarded a contract ... for the Army"
            r["supplier"] = self._named_subject(pred)
            r["buyer"] = slots.get("by", []) + [f for f in slots.get("for", []) if f.type == "country" or (
                f.source == "gazetteer" and not is_company(f))]
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
                    self.trigger_type(pred) not in (None, "production") or financed) and not (
                    actor and all(is_company(f) for f in actor)):  # (a firm investing in a plant runs it)
                actor = slots.get("poss", [])  # "NL allocated funds to finance the production of drones": NL funds, not produces
            r["producer"] = (actor if not passive else slots.get("by", [])) + \
                [f for f in slots.get("mod", []) if f.type in ("country", "organization")] + slots.get("with", []) + \
                [f for f in slots.get("at", []) if is_company(f)]  # "new production facilities at Tatra Defence"
            r["location"] = slots.get("in", []) + slots.get("at", []) + slots.get("near", []) or \
                self._site_subject_place(d.trigger)
        elif t == "meeting":
            if pred is None and d.trigger.pos_ != "VERB" and not actor:
                actor = self._clause_actor(d.trigger)
            r["participants"] = actor + slots.get("with", []) + slots.get("obj", []) + slots.get("between", []) + \
                (slots.get("to", []) if lem == "visit" else []) + \
                [f for f in slots.get("mod", []) if f.type == "country"]
        elif t == "policy":
            r["actor"] = actor
        d.roles = _clean_roles(r, t)

    def _named_subject(self, verb) -> list[Found]:
        """The mentions that name a passive subject itself, not its address ("Lockheed Martin Corp., Grand
        Prairie, Texas"): the head's compounds and conjuncts."""
        out = []
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                heads = [c] + [x for x in c.children if x.dep_ == "conj"]
                for h in heads:
                    out += [f for f, tok in self.entities_under(h) if tok.i == h.i or tok.head.i == h.i and tok.dep_ in (
                        "compound", "flat")]
        return out

    def _site_subject_place(self, verb) -> list[Found]:
        """"The plant in Jonava is expected to produce shells": the place of the site that produces."""
        while verb.dep_ == "xcomp" and verb.head.i != verb.i:
            verb = verb.head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in SITE_NOUNS]
        return [f for s in subj for f, tok in self.entities_under(s) if self._slot(tok, s) in ("in", "at", "near")]

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

    @staticmethod
    def _each(drafts: list[Draft]) -> list[Draft]:
        """"Norway and Denmark will each contribute NOK 500 million": one sum per giver, a fact each."""
        out = []
        for d in drafts:
            role = ACTOR_ROLE.get(d.type)
            actors = d.roles.get(role, []) if role else []
            if d.amount is None or len(actors) < 2 or not any(
                    c.lower_ == "each" and c.dep_ in ("advmod", "npadvmod", "dep", "appos") for c in _and_subjects(d.trigger)):
                out.append(d)
                continue
            for a in actors:
                one = copy.copy(d)
                one.roles = {**d.roles, role: [a]}
                out.append(one)
        return out

    def _owner_of_amount(self, amount: Amount, sent) -> Optional[Found]:
        """The mention written just before a sum ("Latvia at least €10m") or just after it with "from"/"by"."""
        near = [f for f in self.mentions if sent.start_char <= f.start < sent.end_char
                and f.type in ("country", "organization", "person")]
        for f in near:
            gap = self.text[amount.end:f.start]
            if f.start >= amount.end and re.fullmatch(r"\s*(?:\([^)]*\)\s*)?(?:from|by)\s+(?:the\s+)?", gap):
                return _as_actor(f)
        before = [f for f in near if f.end <= amount.start and OWNER_GAP.fullmatch(self.text[f.end:amount.start])]
        return _as_actor(before[-1]) if before else None

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
                if p.trigger.pos_ != "VERB" and any(c.lower_ in JOINT_WORDS for c in p.trigger.children):
                    if p in out:  # "signed an agreement with Norway on joint procurement of ammunition": an
                        out.remove(p)  # agreement between buyers, not a purchase from the other signer
                    continue
                p.roles["buyer"], p.roles["supplier"] = _buyers_and_sellers(a, p)
                _maker_state_sells(p)
                p.amount = p.amount or a.amount
                p.trigger = a.trigger  # the signing dates it and gives its status
                p.by_document = a.trigger.pos_ != "VERB" and not any(
                    c.lemma_.lower() in UNSETTLED for c in a.trigger.children if c.dep_ in ("amod", "compound"))
                if a in out:
                    out.remove(a)
            for p in drafts:  # "signed a Letter of Intent with Rheinmetall, outlining plans for a new plant"
                if p.type == "production" and not p.roles.get("producer") and a.trigger in p.trigger.ancestors:
                    p.roles["producer"] = list(a.roles.get("parties", []))
        return _fold_deliveries(out)

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


def _and_subjects(verb) -> list:
    """The verb's dependents and its subject's ("Norway and Denmark each pledged": "each" hangs from Norway)."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return list(verb.children) + [c for s in subj for c in s.children]


def _buyers_and_sellers(a: Draft, p: Draft) -> tuple[list[Found], list[Found]]:
    """Who buys and who sells in a purchase `p` that the signing `a` is for. The signer named before "signed"
    buys ("X signed an agreement with Germany to purchase ..."), unless the purchase is a sale ("X signed an
    agreement with Indonesia to export drones", "IAI signed a deal with India to supply air defence systems") or
    the document was won ("Elbit won a contract to supply artillery to a European country": the winner sells,
    the buyer may go unnamed)."""
    signers = a.roles.get("parties", [])
    first = [f for f in signers if f.start < a.trigger.idx]
    buyers, sellers = p.roles.get("buyer", []), p.roles.get("supplier", [])
    if a.trigger.head.lemma_.lower() in WIN_VERBS and a.trigger.dep_ == "dobj":
        return buyers, sellers or first
    if first and (p.trigger.lemma_.lower() in SELL_WORDS or (
            p.trigger.lemma_.lower() in DELIVER_VERBS and all(is_company(f) for f in first))):
        return buyers or [f for f in signers if f not in first], first  # ("IAI signed a deal with India to supply")
    if not buyers or (first and all(f.start > a.trigger.idx and f.key in {s.key for s in signers} for f in buyers)):
        buyers = first or signers[:1]
    keys = {f.key for f in buyers}
    return buyers, sellers or [f for f in signers if f.key not in keys]


def _fold_deliveries(drafts: list[Draft]) -> list[Draft]:
    """"The Ministry signed a contract with Thales to deliver missiles to Ukraine": a purchase signed by its buyer
    is one fact; the delivery it is for names where the goods go, not another buyer."""
    out = list(drafts)
    for a in drafts:
        if a.type != "procurement" or a.trigger.lemma_.lower() not in SIGN_VERBS or not a.roles.get("buyer"):
            continue
        for p in drafts:
            if p is not a and p in out and p.type == "procurement" and p.trigger.pos_ == "VERB" and \
                    p.trigger.lemma_.lower() in DELIVER_VERBS and _purpose_of(p.trigger, a.trigger):
                a.roles["supplier"] = a.roles.get("supplier") or p.roles.get("supplier", [])
                a.amount = a.amount or p.amount
                out.remove(p)
    return out


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


def _topic_of(noun, trig) -> bool:
    """True when the purchase noun is what the signed document is for: "signed an agreement with South Korea for
    the purchase of 180 tanks", "signed a deal ... on the procurement of F-35A fighters"."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("for", "on", "regarding", "concerning", "covering"):
        return False
    docs = {trig.i} | {c.i for c in trig.children if c.dep_ in ("dobj", "nsubjpass")}
    return noun.head.head.i in docs or (trig.pos_ == "VERB" and noun.head.head.i == trig.i)
