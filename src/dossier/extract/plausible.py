"""Last checks on a draft whose trigger and roles are found: what ordinary English says with a fact word but
no analyst would record ("two officers met again", "the group regularly meets", "a strong partnership is
critical", "made a big deal about", "consumers buy fewer goods")."""

from __future__ import annotations

from ..gazetteer import companies, defence_words, fold
from .lexicon import DEFENCE_WORDS
from .mentions import items_in

RELEVANT_AT = 3  # defence words (named equipment and defence companies count, up to two) a document needs for facts

# "meets regularly": a habit, not an event
HABITUAL = {"regularly", "routinely", "usually", "often", "frequently", "periodically", "normally", "typically",
            "generally", "always", "never", "sometimes", "occasionally"}
# "The agreement is worth EUR 1 billion" and "the deal is due to be signed" describe a fact; "the partnership is
# critical" judges one
STATING_ADJECTIVES = {"worth", "valid", "due", "effective", "subject", "expected", "set", "scheduled", "ready",
                      "available", "open", "binding", "final", "complete", "signed", "pending", "underway"}
# Nouns whose infinitive says what they are for ("the initiative to supply Kyiv with ammunition")
# (not "plan" or "bid": "Poland's plan to buy 96 Apaches" is news of a purchase planned)
PURPOSE_NOUNS = {"initiative", "programme", "program", "effort", "efforts", "mechanism", "coalition", "scheme", "fund",
                 "project", "campaign", "mission"}
# "made a big deal about", "a great deal of": idioms
IDIOM_DEAL = {"big", "great", "good", "huge", "whole"}


def _purpose_of_a_plan(verb) -> bool:
    """An infinitive saying what an initiative or a plan is for, attached to the noun or (as the small model
    often parses it) to the verb whose object the noun is."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "acl" or verb.dep_ == "relcl" and infinitive:
        return verb.head.lemma_.lower() in PURPOSE_NOUNS
    return verb.dep_ == "advcl" and infinitive and any(
        c.dep_ == "dobj" and c.lemma_.lower() in PURPOSE_NOUNS and c.i < verb.i for c in verb.head.children)


class Plausibility:
    """Mixin of DocFacts."""

    def plausible(self, d) -> bool:
        if d.type == "meeting" and not self._meeting_plausible(d):
            return False
        if d.type == "agreement" and d.trigger.pos_ != "VERB" and not self._agreement_noun_plausible(d.trigger):
            return False
        if d.type in ("aid", "procurement", "funding") and not d.amount and _purpose_of_a_plan(d.trigger):
            return False  # "the Czech initiative to provide ammunition for Ukraine": what the initiative is for
        if d.trigger.pos_ != "VERB" and d.trigger.dep_ == "attr" and d.trigger.head.lemma_ == "be" and any(
                c.dep_ == "nsubj" and c.pos_ == "PRON" for c in d.trigger.head.children):
            return False  # "it was the largest military purchase since independence": a judgement of a fact told
        if d.type == "procurement" and not (d.roles.get("supplier") or d.amount) and not (
                items_in(self.text, d.sent.start_char, d.sent.end_char) or DEFENCE_WORDS.search(d.sent.text)):
            return False  # "consumers may buy fewer goods": a purchase with neither seller, sum nor arms
        return True

    @staticmethod
    def _meeting_plausible(d) -> bool:
        people = [f for v in d.roles.values() for f in v]
        if not any(f.country or f.type in ("organization", "country") for f in people):
            return False  # "two officers met again": no state, body or firm takes part
        verb = d.trigger if d.trigger.pos_ == "VERB" else d.trigger.head
        return not any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in verb.children)

    @staticmethod
    def _agreement_noun_plausible(noun) -> bool:
        if noun.lemma_.lower() == "deal" and any(c.dep_ == "amod" and c.lower_ in IDIOM_DEAL for c in noun.children):
            return False
        head = noun.head
        if noun.dep_ == "nsubj" and head.lemma_ == "be":
            return not any(c.dep_ == "acomp" and c.lemma_.lower() not in STATING_ADJECTIVES for c in head.children)
        return True


def defence_relevant(text: str, mentions, sentences: int) -> bool:
    """Whether a document is about defence or security at all: RELEVANT_AT words of data/defence_words.txt,
    with up to two pieces of named equipment or defence companies counted among them (airliners, rockets and
    their makers appear in civil news too). Game-console deals, record contracts and trade talks yield no facts.
    A short text shows less of its topic: one word in three sentences is asked, none of one or two."""
    need = min(RELEVANT_AT, sentences // 3)
    named = sum(1 for f in mentions if f.type == "equipment" or (
        f.type == "organization" and fold(f.name or f.text) in companies()))
    n = min(named, 2)
    for _ in defence_words().finditer(text):
        if n >= need:
            break
        n += 1
    return n >= need
