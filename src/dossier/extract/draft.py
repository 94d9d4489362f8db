"""A fact being built from a sentence (Draft), and what every stage does to drafts alike: roles cleaned to the
level of states, restatements of one fact merged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..gazetteer import countries, fold, organizations, people
from ..model import Amount
from .lexicon import GOV_ROLES, PERSON_ROLES
from .mentions import Found


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
    noun: str = ""  # the fact's noun as written ("deal", "memorandum")
    by_document: bool = False  # a purchase an existing contract provides for ("The contract will see X buy")
    orphan: bool = False  # a sum of aid whose sentence names neither giver nor receiver
    by_agreement: bool = False  # a sum "the agreement" provides: its parties give and receive it
    worth_of_prior: bool = False  # "The deal, worth €8.4 billion, also includes ...": the sum of a deal told before
    priced_deal: bool = False  # the same, where the sentence names the parties again ("The contract worth €200
    # million will see Estonia buy six HIMARS", "Under the deal, the company will deliver 20 K9 units to the
    # Vietnamese army"): a restatement when a fact of theirs came before

    def countries(self) -> set[str]:
        return {f.country for fs in self.roles.values() for f in fs if f.country}


ACTOR_ROLE = {"aid": "donor", "funding": "funder", "procurement": "buyer"}


def _as_actor(f: Found) -> Found:
    """A person or ministry stands for their country in a giver's role."""
    return _clean_roles({"actor": [f]}, "policy").get("actor", [f])[0]


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
                    f = _body_of_person(f)  # "Rutte met Zelensky": NATO's Secretary General speaks for NATO
                    if f is None:
                        continue
            if role == "location" and f.type not in ("place", "country"):
                continue
            if not any(v.key == f.key and v.type == f.type for v in vals):
                vals.append(f)
            body = _body_of(f) if role in GOV_ROLES else None
            if body is not None and not any(v.key == body.key for v in vals):
                vals.append(body)  # "the NSPA awarded ...": NATO buys through its agency
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


def _body_of_person(f: Found) -> Optional[Found]:
    """NATO or the EU, for a person of people.tsv who speaks for it; None for anyone else."""
    known = people().get(fold(f.text))
    if known is None or known.body is None:
        return None
    org = organizations().get(fold(known.body))
    name = org.name if org else known.body
    return Found(f.start, f.end, f.text, "organization", f"org:{fold(name)}", org.country if org else None, name=name,
                 source="via")


def _body_of(f: Found) -> Optional[Found]:
    """The international body an agency belongs to (organizations.tsv: the European Defence Agency, the EU), as
    a reference at the agency's place; None for anything else."""
    if f.type != "organization" or not f.key.startswith("org:"):
        return None
    org = organizations().get(fold(f.name or f.text))
    if org is None or not org.part_of:
        return None
    body = organizations().get(fold(org.part_of))
    return Found(f.start, f.end, f.text, "organization", f"org:{fold(org.part_of)}", body.country if body else None,
                 name=org.part_of, source="via")


def _sig(d: Draft) -> tuple:
    a = (round(d.amount.value), d.amount.currency) if d.amount else None
    return d.type, a, d.share


# How far back (characters) "the deal, worth ..." looks for the deal it prices: a few sentences.
WORTH_REACH = 600
# The facts such a sum can price.
PRICED_TYPES = ("procurement", "agreement", "aid", "funding")


def carry_back_worth(drafts: list[Draft]) -> list[Draft]:
    """"Finland signed a deal with Lockheed Martin on F-35s. ... The deal, worth €8.4 billion, includes ...": the
    sum goes to the latest deal, purchase, gift or investment before it that has none (within WORTH_REACH); the
    sentence is no fact of its own."""
    out: list[Draft] = []
    for d in drafts:
        if not (d.worth_of_prior or d.priced_deal):
            out.append(d)
            continue
        prior = [o for o in out if (o.amount is None or d.amount is None) and o.share is None and o.type in PRICED_TYPES
                 and 0 < d.trigger.idx - o.trigger.idx <= WORTH_REACH and o.sent.start != d.sent.start]
        if d.priced_deal:  # "The contract worth over €200 million will see Estonia buy ...": the purchase told
            a = d.countries()  # before, by the same states
            prior = [o for o in prior if o.type == d.type and o.countries() and a and (
                o.countries() <= a or a <= o.countries())]
        if prior:
            o = prior[-1]
            o.amount = o.amount or d.amount
            o.items += [it for it in d.items if fold(it) not in {fold(x) for x in o.items}]
        elif d.priced_deal:
            out.append(d)
    return out


SIGNING_STAGE = {"discussed": 0, "planned": 1, "agreed": 2}


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
            if o.date and d.date and o.date != d.date and "publication" not in (o.date_source, d.date_source):
                continue  # (a date the text states replaces the publication date a headline got)
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
            if o.date_source == "publication" and d.date and d.date_source != "publication":
                o.date, o.date_source = d.date, d.date_source
            if o.type == "agreement" and SIGNING_STAGE.get(d.status, 0) > SIGNING_STAGE.get(o.status, 0):
                o.status = d.status  # "to sign a memorandum" (headline), "signed a memorandum" (body): signed
            break
        else:
            out.append(d)
    return out


def _coordinated(low, high) -> bool:
    """True when the path from `low` up to `high` crosses a coordination ("provided X and pledged Y")."""
    cur = low
    while cur.i != high.i and cur.head.i != cur.i:
        if cur.dep_ == "conj":
            return True
        cur = cur.head
    return False


def _near(sent, start: int, end: int, words: set[str], window: int = 6) -> bool:
    """A word of `words` within `window` tokens of the characters start..end of the sentence."""
    toks = [t for t in sent if t.idx - sent.start_char < end and t.idx + len(t) - sent.start_char > start]
    if not toks:
        return False
    lo, hi = toks[0].i - window, toks[-1].i + window
    return any(t.lemma_.lower() in words for t in sent if lo <= t.i <= hi)
