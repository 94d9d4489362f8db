"""Words that announce a fact (data/triggers.tsv), and the checks that tell an event from a description: a
noun counts when a verb governs it, a verb when its object fits."""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import (
    AGREEMENT_HEADS, ATTACK_VERBS, BODY_NOUNS, BUILD_VERBS, DEAL_NOUNS, EQUIP_VERBS, HOLD_VERBS, DECISION_VERBS,
    MODAL_VERBS,
    POLICY_VERBS, PRODUCTION_OBJECTS, SELECT_VERBS, TROOP_NOUNS, triggers,
)
from ..gazetteer import fold, trade_fairs
from .mentions import items_in
from .objects import ObjectFit
from .types import is_company


def under_a_named_one(noun) -> bool:
    """"Under the agreement", "under this contract": a document named before, as the frame of what follows."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "under" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in noun.children)


def _participle(tok) -> bool:
    """A past participle with no auxiliary of its own or of the verb it is coordinated with: it describes."""
    if tok.tag_ != "VBN":
        return False
    if tok.dep_ in ("acl", "amod"):
        return True
    own = [tok] + ([tok.head] if tok.dep_ == "conj" else [])
    return not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for v in own for c in v.children) or (
        tok.dep_ == "conj" and tok.head.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in tok.children))


class TriggerWords(ObjectFit):
    """Mixin of DocFacts: the fact type a token announces, or None."""

    def _built_by_firm(self, verb) -> bool:
        """"These will be built by Naval Group": a firm as the agent of a passive build verb makes it production,
        whatever the subject ("these", "the first two")."""
        return any(c.dep_ == "agent" and any(
            (f := self.by_token.get(t.i)) is not None and is_company(f) for t in c.subtree) for c in verb.children)

    def _hosts_a_guest(self, verb) -> bool:
        """The object is a person, or a counterpart or a delegation."""
        return any(c.dep_ == "dobj" and (getattr(self.by_token.get(c.i), "type", None) == "person" or
                                          c.lemma_.lower() in ("counterpart", "delegation", "minister", "president"))
                   for c in verb.children)

    def _with_goods(self, verb) -> bool:
        """The verb has an object and a "with" phrase naming equipment or a sum ("help Ukraine with €50 million")."""
        return any(c.dep_ == "dobj" for c in verb.children) and self._phrase_of_goods(verb, "with", number=False)

    def _output_of(self, noun) -> bool:
        """An "of" phrase with a number of pieces of equipment ("capacity of 200,000 shells a year")."""
        return self._phrase_of_goods(noun, "of", number=True)

    def _phrase_of_goods(self, tok, prep: str, number: bool) -> bool:
        """A `prep` phrase under tok naming equipment (with a number when `number`), or a sum when not."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == prep:
                has_number = any(t.like_num or t.pos_ == "NUM" for t in c.subtree)
                goods = items_in(self.text, c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                if (goods and has_number) if number else (goods or has_number):
                    return True
        return False

    # -- triggers -------------------------------------------------------------------------------------------
    def trigger_type(self, tok) -> Optional[str]:
        if tok.pos_ == "VERB":
            return self._verb_type(tok, tok.lemma_.lower())
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.by_token:
            return self._noun_type(tok, tok.lemma_.lower())
        return None

    def _verb_type(self, tok, lem: str) -> Optional[str]:
        t = triggers().get((lem, "verb"))
        if lem in ("receive", "welcome") and self._hosts_a_guest(tok):
            return "meeting"  # "Merz received Zelensky in Berlin", "welcomed his Ukrainian counterpart"
        if t is None and lem in EQUIP_VERBS and self._with_goods(tok):
            return "aid"  # "would support Ukraine with 180,000 rounds", "equip the brigade with tanks"
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
                for c in tok.children) and not self._built_by_firm(tok):
            return None
        if t == "policy" and any(c.dep_ == "nsubj" and (items_in(self.text, c.left_edge.idx, c.idx + len(c)) or
                                                         c.lemma_.lower() in TROOP_NOUNS) for c in tok.children):
            return None  # "the frigate joined the task force", "troops leave Syria": a deployment, not a decision
        if t == "procurement" and _participle(tok):
            return None  # "systems used by or contracted for the Ukrainian army": what the systems are
        if t == "policy" and tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
            return None  # "the fund established by the UN", "its recently introduced charger": a description
        if t == "production" and tok.tag_ == "VBN" and tok.dep_ == "acl" and \
                any(c.dep_ == "agent" for c in tok.children) and not any(c.dep_ == "prep" for c in tok.children):
            return None  # "IRIS-T systems produced by Diehl": who makes the equipment, not news of making it
            # ("drones manufactured in Ukraine" that a state will finance stay production)
        return self._verb_object_check(tok, lem, t)

    def _noun_type(self, tok, lem: str) -> Optional[str]:
        trig = triggers()
        if trig.get((lem, "noun")) == "policy" and lem not in ("withdrawal", "ban") and \
                tok.head.lemma_.lower() not in POLICY_VERBS:
            return None  # a strategy, a law or a board counts when adopted, approved, set up: not when named
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.i > tok.sent.start and \
                trig.get((lem, "noun")) in ("production", "policy") and self.doc[tok.i - 1].text[:1].isupper():
            return None  # "the Turkish Exporters Assembly", "the National Security Council": a body's name
        if lem in ("letter", "statement") and not re.match(r"(?:letter|statement)s? of intent",
                                                           self.text[tok.idx: tok.idx + 23], re.I):
            return None
        if lem == "statement":
            return "agreement"  # "a statement of intent was signed"
        if lem == "venture" and tok.i > 0 and self.doc[tok.i - 1].lower_ == "joint":
            return "agreement"  # "formally unveiled a new joint venture": two firms' agreement
        if lem in ("plant", "site", "hub", "facility") and not self._industrial(tok):
            return None
        if lem == "capacity":  # "an annual capacity of 1.5 million artillery shells": an output to make
            return "production" if self._output_of(tok) else None
        if trig.get((lem, "noun")) == "production" and tok.dep_ == "dobj" and \
                tok.head.lemma_.lower() in HOLD_VERBS | ATTACK_VERBS:
            return None  # "where Diehl has a factory", "Russia targeted arms factories": no production told
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in BODY_NOUNS:
            return None  # "the defense procurement agency", "the aid commission": a body's name, not an event
        if tok.dep_ == "compound" and trig.get((lem, "noun")) == "procurement" and \
                tok.head.lemma_.lower() not in DEAL_NOUNS | {"programme", "program"}:
            return None  # "the sale price", "the order book": what describes another noun is no purchase
        if under_a_named_one(tok):
            return None  # "Under the agreement, COMLOG will expand production": the frame of what follows
        if trig.get((lem, "noun")) == "meeting" and self._at_a_fair(tok):
            return None  # "signed at the Eurosatory conference": a trade fair, not a meeting of the parties
        if self._joined(tok) or tok.dep_ == "compound" and self._joined(tok.head):
            return None  # "left the treaty", "suspended military aid": the leaving, the suspending is the fact
        if trig.get((lem, "noun")) == "policy" and tok.dep_ in ("nsubj", "appos", "compound"):
            return None  # "the agency signed ...": the body acts, it is not being set up
        return trig.get((lem, "noun")) or trig.get((tok.lower_, "noun"))

    @staticmethod
    def _at_a_fair(tok) -> bool:
        """The meeting noun is named for a defence trade fair (data/trade_fairs.txt): "the DSEI 2025 conference"."""
        name = " ".join(c.text for c in tok.lefts if c.dep_ in ("compound", "nmod", "amod") and not c.like_num)
        return bool(name) and fold(name) in trade_fairs()

    @staticmethod
    def _joined(tok) -> bool:
        """The noun is what a verb of joining, leaving or stopping takes ("left the treaty", "withdrew from the pact",
        "paused deliveries")."""
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        return tok.dep_ in ("dobj", "pobj", "attr") and verb.lemma_.lower() in DECISION_VERBS

    def _verb_object_check(self, tok, lem: str, t: Optional[str]) -> Optional[str]:
        """Verbs whose object decides whether they announce a fact at all."""
        if t is not None and not self.object_fits(tok):
            return None  # "hosting websites", "joined the fight", "produces movies" (data/trigger_objects.tsv)
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
        if t == "policy" and lem not in DECISION_VERBS and any(self._other_fact_noun(c) and c.i not in self.by_token
                                                               for c in objs):
            return None  # "establishes a joint venture", "set up a factory": the noun's own fact
        if lem in SELECT_VERBS and not any(
                items_in(self.text, c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) or any(
                    self.by_token.get(x.i) and self.by_token[x.i].type == "organization" for x in c.subtree)
                for c in objs):
            return None  # "chose to", "picked up": only choosing a system or a supplier is a procurement
        return t

    def _other_fact_noun(self, tok) -> bool:
        if re.search(r"\bjoint[\s-]+venture", self.text[tok.left_edge.idx: tok.idx + len(tok)], re.I):
            return True
        t = triggers().get((tok.lemma_.lower(), "noun"))
        return t is not None and t != "policy"

    def _industrial(self, tok) -> bool:
        words = {c.lemma_.lower() for c in tok.subtree} | {tok.head.lemma_.lower()}
        return bool(words & {"production", "manufacturing", "ammunition", "explosive", "explosives", "shell", "drone",
                             "weapon", "factory", "defence", "defense", "military", "arms", "powder", "missile",
                             "assembly", "munition", "rdx", "tnt"}) or any(
            t.pos_ == "NOUN" and t.lemma_.lower() in ("ammunition", "explosive", "drone", "shell") for t in tok.lefts)
