"""Who is who in a parsed sentence: references ("she", "the Baltic country", "the company"), the entities under a
token, the verb that governs a fact noun, a clause's subject (climbing xcomp, conj, relcl, object control) and
the preposition each entity stands behind."""

from __future__ import annotations

from typing import Optional

from ..gazetteer import countries
from .lexicon import (
    DELIVERY_NOUNS, FIRM_NOUNS, GIVE_VERBS, MEMBER_NOUNS, NSUBJ_EVENT_VERBS, OBJECT_CONTROL, PARTITIVES, SPEECH_VERBS,
    STATE_HEADS, STOP_DEPS, TAKE_VERBS,
    light_verbs,
)
from .mentions import Found
from .types import is_company

SPEAKER_REACH = 600  # characters back to the person a quote's "she said" stands for


class SentenceSyntax:
    """Mixin of DocFacts: reads roles off the dependency parse (needs self.doc, self.text, self.mentions,
    self.by_token, self.refs)."""

    @property
    def subject_starts(self) -> set[int]:
        """Where the mentions that stand in a clause's subject start: "the country" refers back to one of them
        rather than to the last country named."""
        if self._subjects is None:
            self._subjects = {f.start for t in self.doc if t.dep_ in ("nsubj", "nsubjpass")
                              for x in t.subtree if (f := self.by_token.get(x.i)) is not None}
        return self._subjects

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
                    # "The company said ... its planned investment": the subject stands for a firm named before
                    refs = self.resolve(c) if c.pos_ == "NOUN" else []
                    return refs[0] if len(refs) == 1 and refs[0].type in ("country", "organization") else None
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
            elif low in ("we", "our", "us"):
                f = self._speaker_country(tok)
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
        if low in ("nations", "countries", "states", "governments") and not nums:
            return self._region_members(tok)  # "the Baltic states pledged to raise defence spending to 5% of GDP"
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

    def _region_members(self, tok) -> list[Found]:
        """Every state of the region an adjective names ("the Baltic states", "the Nordic countries")."""
        c = countries()
        mods = " ".join(ch.lower_ for ch in tok.children if ch.dep_ in ("amod", "compound"))
        region = next((r for r in c.regions if r in mods), None)
        if region is None:
            return []
        span = self.doc[tok.left_edge.i: tok.i + 1]
        refs = [Found(span.start_char, span.end_char, span.text, "country", iso, iso, name=c.name(iso),
                      source="reference") for iso in sorted(c.regions[region])]
        self.refs.extend(refs)
        return refs

    def speakers(self, sent) -> list[Found]:
        """Who says a sentence, where its root is a verb of speech with a named subject ("..., the Finnish
        finance ministry said")."""
        return self._speech_subjects(sent.root) if sent.root.lemma_.lower() in SPEECH_VERBS else []

    def _speech_subjects(self, verb) -> list[Found]:
        return [f for c in verb.children if c.dep_ == "nsubj" for f, _ in self.entities_under(c) if f.country]

    def _speaker_country(self, tok) -> Optional[Found]:
        """The country of whoever says "we" or "our": the subject of the verb of speech the clause hangs from
        ('"We will spend 3% of GDP," the Latvian minister said'), when that speaker has a country."""
        verb = tok.head
        while verb.head.i != verb.i and verb.lemma_.lower() not in SPEECH_VERBS:
            verb = verb.head
        if verb.lemma_.lower() in SPEECH_VERBS and verb.i != tok.head.i:
            speakers = self._speech_subjects(verb)
            pronoun = any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in verb.children)
        else:  # the sentence is a quote's middle: its speaker is named before it opened
            speakers, pronoun = [], self._in_quote(tok)
        if not speakers and pronoun:
            # a quote runs over sentences: its speaker is named at its start, or the text before it is about the
            # speaker's country ("Poland is preparing the 46th package, the minister said. 'We will train ...'")
            near = tok.idx - SPEAKER_REACH
            f = self._before(tok.idx, lambda f: f.type == "person" and bool(f.country) and f.start > near) or \
                self._before(tok.idx, lambda f: f.type == "country" and f.start in self.subject_starts and f.start > near)
            speakers = [f] if f else []
        if not speakers:
            return None
        f = speakers[0]
        ref = Found(tok.idx, tok.idx + len(tok), tok.text, "country", f.country, f.country,
                    name=countries().name(f.country), source="reference")
        self.refs.append(ref)
        return ref

    def _in_quote(self, tok) -> bool:
        """Whether tok stands inside a quotation opened earlier in its paragraph."""
        start = self.text.rfind("\n", 0, tok.idx) + 1
        before = self.text[start:tok.idx]
        return before.count("“") > before.count("”") or before.count('"') % 2 == 1

    # -- entities under a token ----------------------------------------------------------------------------
    def _listed_state(self, t, ch) -> bool:
        """"South Korea, Poland agree ...": a state in apposition to a state is the next item of a list."""
        a, b = self.by_token.get(t.i), self.by_token.get(ch.i)
        return ch.dep_ == "appos" and a is not None and b is not None and a.type == b.type == "country" and \
            a.key != b.key

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
            if f is not None and f.type == "organization" and t.dep_ in ("compound", "nmod", "amod") and \
                    t.head.lemma_.lower() in MEMBER_NOUNS and t.head.i not in self.by_token:
                f = None  # "NATO member Romania": the alliance describes the state, it does not act
            if f is not None:
                if id(f) not in seen:
                    seen.add(id(f))
                    out.append((f, t))
            else:
                pending_refs.extend((r, t) for r in self.resolve(t))
            for ch in t.children:
                if ch.dep_ in STOP_DEPS and ch.i != tok.i and not (
                        ch.dep_ == "appos" and t.i not in self.by_token and t.pos_ == "NOUN") and not \
                        self._listed_state(t, ch):
                    continue  # (a description's named apposition counts: "the defence company Nammo")
                if ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX"):
                    continue
                if ch.dep_ == "prep" and ch.lower_ == "according":
                    continue  # "according to the Netherlands": who says it, not who takes part
                stack.append(ch)
        for r, t in pending_refs:  # a pronoun adds its antecedent only when not named directly here
            if id(r) not in seen and not any(o.key == r.key and o.type == r.type for o, _ in out):
                seen.add(id(r))
                out.append((r, t))
        return out

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
                # "production will take place in Lithuania"
                place = head.lemma_.lower() == "take" and any(c.lower_ == "place" for c in head.children)
                return head if head.lemma_.lower() in verbs or taken or place or self.trigger_type(head) else None
            if head.lemma_.lower() in ("signing", "conclusion") and cur.dep_ == "pobj" or \
                    cur.lower_ == "of" and head.lemma_.lower() in ("signing", "conclusion"):
                return head  # "following the signing of a contract with X": the signing is the event
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
                infinitive = verb.tag_ in ("VB", "VBG") or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
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
            if cur.lower_ == "of" and cur.head.lemma_.lower() in STATE_HEADS and cur.head.i != root.i:
                cur = cur.head  # "to the Government of Norway": Norway stands where its government does
            elif cur.pos_ == "ADP" or cur.dep_ == "prep":
                return cur.lower_
        return "other"

    def _clause_actor(self, tok) -> list[Found]:
        """People or states that are the subject of the verb a phrase hangs from ("Merz said at a conference")."""
        verb = tok.head
        while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        return [f for f in self.subject(verb) if f.type in ("person", "country")]

    def _makers_below(self, tok) -> list[Found]:
        """Who built what was delivered: "took delivery of two corvettes built by Hyundai Heavy Industries"."""
        return [f for t in tok.subtree if t.dep_ == "agent" for f, _ in self.entities_under(t)]

    def _met_with(self, tok) -> bool:
        """A meeting noun that names who met ("after a meeting with President Zelenskyy", "at a press conference
        with ...") reports a meeting even where no verb governs it."""
        return any(c.dep_ == "prep" and c.lower_ in ("with", "between") and any(
            self.by_token.get(t.i) is not None and self.by_token[t.i].type in ("person", "country", "organization")
            for t in c.subtree) for c in tok.children)
