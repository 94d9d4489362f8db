"""A fact's type settled once its roles are known.

A trigger word gives a first type ("allocate" is funding, "supply" is aid); who stands in the roles decides
the type an analyst records (the brief's definitions, eval/FORMAT.md):
- aid: a state or an international body gives money, equipment, training or services to another state
  ("Finland allocated a package of defence aid to Ukraine", "allocates €X for drones for Ukraine");
- funding: money put into a company, a site, a project or a programme (investments stay funding);
- procurement: a buyer orders or buys from a supplier ("allocated UAH 15.5 bn for the purchase of drones" by
  a state for itself; a company that "supplies" a state is its supplier; a company that "received a
  contract" from a state is the supplier, the state the buyer).
"""

from __future__ import annotations

import re
from typing import Optional

from ..gazetteer import companies, countries, fold, organizations, origin_of
from .lexicon import COMPANY_WORDS, FIRM_NOUNS, PURCHASE_NOUNS, SETTLED_AID_NOUNS, WIN_VERBS
from .mentions import Found

FIRM_WORDS = FIRM_NOUNS | {"stake", "share", "shares", "subsidiary", "business", "startup", "start-up"}

# role renames when a draft changes type: (from, to) -> {old role: new role}
ROLE_MAP = {
    ("funding", "aid"): {"funder": "donor", "recipient": "recipient"},
    ("funding", "procurement"): {"funder": "buyer"},
    ("aid", "procurement"): {"donor": "supplier", "recipient": "buyer"},
    ("aid", "funding"): {"donor": "funder", "recipient": "recipient"},
    ("aid", "procurement:received"): {"donor": "buyer", "recipient": "supplier"},
    ("procurement", "funding"): {"buyer": "funder", "supplier": "recipient"},
    ("agreement", "procurement"): {},  # parties split by firm: see _contract_roles
}
INDUSTRY_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:defen[cs]e|arms|drone|military)\s+)?(?:compan|firm|industr|"
                            r"manufacturer|producer|enterprise|maker|start-?up|business|plant|factor|shipyard)", re.I)
INVEST_LEMMAS = {"invest", "investment", "co-invest", "lend", "loan"}  # investments and loans stay funding
INDUSTRY_LEMMAS = {"production", "manufacturing", "industry", "factory", "plant", "capacity", "facility", "company",
                   "firm", "manufacturer", "producer", "shipyard", "research", "development"}
CONTRACT_NOUNS = {"contract", "order", "deal", "tender"}
# Words of a state body's name: "Defense" makes a firm's name ("Tatra Defence"), not an agency's ("Estonian Centre
# for Defence Investment", "Defense Security Cooperation Agency").
AGENCY_WORDS = {"agency", "center", "centre", "ministry", "department", "office", "command", "administration",
                "directorate", "authority", "inspectorate", "bureau", "council", "commission", "forces", "army",
                "navy"}
VENTURE_NOUNS = FIRM_WORDS | {"consortium", "project", "startup", "start-up", "venture", "enterprise", "manufacturer"}


def is_company(f) -> bool:
    """An organisation that is a firm: not a ministry, not an international body, not a government organ."""
    if f.type != "organization" or f.key.startswith("ministry:"):
        return False
    name = f.name or f.text
    co = companies().get(fold(name))
    if co is not None:
        return co.kind in ("company", "jv")
    if organizations().get(fold(name)) is not None:
        return False  # an international body
    words = set(fold(name).replace(".", "").split())
    return bool(words & COMPANY_WORDS) and not words & AGENCY_WORDS  # not "the Defense Investments Center"


def _doc_text(d) -> str:
    """The parsed document's text, built once (spaCy joins every token each time `doc.text` is read)."""
    doc = d.sent.doc
    text = doc.user_data.get("dossier_text")
    if text is None:
        text = doc.user_data["dossier_text"] = doc.text
    return text


def _lemmas_below(tok) -> set[str]:
    return {t.lemma_.lower() for t in tok.subtree if t.i != tok.i}


def _object_lemmas(tok) -> set[str]:
    return {t.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}


def _buys_a_firm(d) -> bool:
    """The object of a purchase ("acquisition of X", "acquired Italy's Piaggio Aerospace") is a firm, or a word
    for one."""
    if d.trigger.pos_ == "VERB":
        objs = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    else:
        objs = [o for p in d.trigger.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
    named = [f for fs in d.roles.values() for f in fs if is_company(f)]
    for obj in objs:
        if obj.lemma_.lower() in FIRM_WORDS or any(t.lemma_.lower() in FIRM_WORDS for t in obj.lefts) or any(
                f.start <= obj.idx < f.end for f in named):
            return True
    return False


def target_type(d) -> Optional[str]:
    """The type `d` should have given its roles, or None to keep it."""
    lem = d.trigger.lemma_.lower()
    if d.type == "funding" and lem == "spend" and _spent_on_goods(d):
        return "procurement"  # "will spend £1 billion on new air defence systems": a purchase for itself
    if d.type == "funding" and lem not in INVEST_LEMMAS:
        funders = d.roles.get("funder", [])
        if not funders or any(is_company(f) for f in funders):
            return None
        recips = d.roles.get("recipient", [])
        if any(is_company(f) or f.type == "place" for f in recips):
            return None
        own = {f.country for f in funders if f.country}
        text = _doc_text(d)
        foreign = [f for f in recips if f.type == "country" and f.country not in own and
                   not INDUSTRY_AFTER.match(text, f.end)]  # "to Ukrainian companies" is funding of industry
        below = _lemmas_below(d.trigger)
        if below & PURCHASE_NOUNS and not foreign:
            return "procurement"
        if below & INDUSTRY_LEMMAS:
            return None  # "to expand ammunition production": money into industry
        if foreign or below & SETTLED_AID_NOUNS:
            return "aid"
        return None
    if d.type == "agreement" and (_firm_contract(d) or _lone_buyer(d) or _won_by_firm(d)):
        return "procurement"
    if d.type == "procurement" and lem in ("award", "grant") and d.amount is not None and _awards_money(d):
        return "funding"  # "the Commission awarded €500 million to boost ammunition production": a grant
    if d.type == "procurement" and lem in PURCHASE_NOUNS and _buys_a_firm(d):
        return "funding"  # "its €1.2 billion acquisition of Spanish producer Expal": buying a company
    if d.type == "aid":
        if lem == "receive" and _object_lemmas(d.trigger) & CONTRACT_NOUNS:
            return "procurement:received"  # "Rheinmetall received an order from the Bundeswehr": the firm sells
        if lem == "receive" and _lemmas_below(d.trigger) & CONTRACT_NOUNS:
            return "procurement"  # "under the $3.5 billion deal, Poland will receive 96 helicopters": Poland buys
        if _to_a_venture(d) or _to_industry(d):
            return "funding"  # "granted €40 million to a consortium led by Leonardo", "Nammo received €40 million"
        donors = d.roles.get("donor", [])
        homes = {f.country for f in donors if is_company(f) and f.country}
        if homes and all(is_company(f) or (f.type == "country" and f.country in homes) for f in donors):
            return "procurement"  # a firm (with its home state: "South Korea's Hanwha") supplies
    return None


def _awards_money(d) -> bool:
    """What is awarded is a sum, not a contract or an order ("awarded €500 million under ASAP")."""
    from .mentions import items_in

    objs = [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs or any(t.lemma_.lower() in CONTRACT_NOUNS | {"agreement", "task", "framework"}
                       for c in objs for t in c.subtree):
        return False
    text = _doc_text(d)
    return not any(items_in(text, p.left_edge.idx, p.right_edge.idx + len(p.right_edge))
                   for p in d.trigger.subtree if p.dep_ == "prep" and p.lower_ == "for")  # "$1 billion for missiles"


def _deal_for_goods(d) -> bool:
    """"A $375 million deal for BrahMos missiles", "a deal for 11 frigates": a deal or an agreement for equipment,
    with a price or a number, is a contract of sale."""
    from .mentions import items_in

    noun = d.trigger if d.trigger.pos_ != "VERB" else next(
        (c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if noun is None or d.head not in ("deal", "agreement"):
        return False
    text = _doc_text(d)
    heads = [noun] + ([noun.head] if noun.head.pos_ == "VERB" else [])  # ("signed a deal | for 11 frigates")
    for p in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "for"):
        toks = list(p.subtree)
        if items_in(text, toks[0].idx, toks[-1].idx + len(toks[-1])) and (
                d.amount is not None or any(t.like_num and t.dep_ == "nummod" for t in toks)):
            return True
    return False


def _firm_contract(d) -> bool:
    """A contract or an order between a state side and a firm is a purchase from the firm ("signed a A$1.3 billion
    contract with Rheinmetall for Boxer vehicles")."""
    if d.head not in ("contract", "order") and not _framework(d) and not _deal_for_goods(d):
        return False  # ("deal" and "agreement" also name industrial cooperation, licences, joint production)
    parties = d.roles.get("parties", [])
    firms = [f for f in parties if is_company(f)]
    if not firms and _with_unnamed_firms(d):  # "signed contracts worth Rs 39,125 crore with domestic firms"
        return any(f.type in ("country", "organization") for f in parties)
    return bool(firms) and any(not is_company(f) and (f.type == "organization" or (f.type == "country" and not any(
        f.country == c for x in firms for c in _homes(x)))) for f in parties)  # a state's agency buys at home too


def _with_unnamed_firms(d) -> bool:
    """The document is signed "with" firms named by a common noun ("with domestic firms", "with two companies")."""
    verb = d.trigger if d.trigger.pos_ == "VERB" else d.trigger.head
    preps = [p for p in verb.children if p.dep_ == "prep"] + [p for c in verb.children if c.dep_ == "dobj"
                                                              for p in c.subtree if p.dep_ == "prep"]
    return any(p.lower_ == "with" and any(o.dep_ == "pobj" and o.lemma_.lower() in FIRM_NOUNS for o in p.children)
               for p in preps)



def _won_by_firm(d) -> bool:
    """"Hanwha wins $1 billion Australian howitzer deal": a deal or a contract a firm wins is a sale."""
    noun = d.trigger
    return noun.pos_ != "VERB" and noun.dep_ == "dobj" and noun.head.lemma_.lower() in WIN_VERBS and \
        noun.lemma_.lower() in CONTRACT_NOUNS and any(is_company(f) for f in d.roles.get("parties", []))


def _framework(d) -> bool:
    """"Signed a framework agreement with Nammo for 155mm ammunition": a framework agreement is a contract."""
    noun = d.trigger if d.trigger.pos_ != "VERB" else next(
        (c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return noun is not None and any(c.lower_ == "framework" for c in noun.children if c.dep_ in ("compound", "amod"))


def _lone_buyer(d) -> bool:
    """"Switzerland signed a contract worth CHF 6 billion for 36 F-35A jets", "Warsaw signed a contract with Seoul
    for 180 K2 tanks": a contract states sign for equipment made in one state is bought by the others (the
    supplier is the maker's state)."""
    parties = d.roles.get("parties", [])
    own = {f.country for f in parties}
    if d.head not in ("contract", "order") and not _deal_for_goods(d) or any(is_company(f) for f in parties):
        return False
    homes = equipment_homes(d)
    return len(homes) == 1 and bool(own - homes)  # not "France will sign the contract for frigates" alone


def equipment_homes(d) -> set[str]:
    """Home states of the makers of the equipment a draft's sentence names."""
    from .mentions import items_in

    text = _doc_text(d)
    return _maker_homes(items_in(text, d.sent.start_char, d.sent.end_char), text[d.sent.start_char:d.sent.end_char])


def _to_industry(d) -> bool:
    """Money whose receivers are all firms, or that goes to building a plant with no state receiving it."""
    recips = d.roles.get("recipient", [])
    if recips:
        return all(is_company(f) for f in recips)
    return d.amount is not None and bool(_lemmas_below(d.trigger) & INDUSTRY_LEMMAS)


def _to_a_venture(d) -> bool:
    """Money given to a firm, a consortium or a project is funding, not aid to a state."""
    return any(p.lower_ == "to" and any(o.dep_ == "pobj" and o.lemma_.lower() in VENTURE_NOUNS for o in p.children)
               for p in d.trigger.subtree if p.dep_ in ("prep", "dative"))


def _homes(f) -> tuple:
    co = companies().get(fold(f.name or f.text))
    return co.countries if co else ((f.country,) if f.country else ())


def _spent_on_goods(d) -> bool:
    """"spend £1 billion on air defence systems", for itself: no country other than the spender's named."""
    from .mentions import items_in

    own = {f.country for f in d.roles.get("funder", []) if f.country}
    if any(f.type == "country" and f.country not in own for f in d.roles.get("recipient", [])):
        return False
    text = _doc_text(d)
    for prep in (t for t in d.trigger.subtree if t.dep_ == "prep" and t.lower_ == "on"):
        toks = list(prep.subtree)
        if any(o.dep_ == "pobj" and o.lemma_.lower() in INDUSTRY_LEMMAS for o in prep.children):
            return False  # "spend £1.5 billion on six new munitions factories": money into industry
        if items_in(text, toks[0].idx, toks[-1].idx + len(toks[-1])):
            return True
    return False


def _contract_roles(d) -> dict:
    """Buyers are the state side, suppliers the firms; a firm's home state named beside it ("South Korean companies
    signed a contract with Poland") is the seller's side when another state buys."""
    parties = d.roles.get("parties", [])
    firms = [f for f in parties if is_company(f)]
    homes = {c for x in firms for c in _homes(x)} if firms else equipment_homes(d)
    if not firms:  # states only: the maker's state sells
        return {"buyer": [f for f in parties if f.country not in homes],
                "supplier": [f for f in parties if f.country in homes]}
    buyers = [f for f in parties if not is_company(f)]
    foreign = [f for f in buyers if f.type != "country" or f.country not in homes]
    return {"buyer": foreign or buyers, "supplier": firms}


def settle_type(d) -> None:
    """Changes `d`'s type (and renames its roles) where its roles show another type."""
    new = target_type(d)
    if not new:
        return
    if (d.type, new) == ("agreement", "procurement"):
        d.roles, d.type = {k: v for k, v in _contract_roles(d).items() if v}, new
        return
    mapping = ROLE_MAP[(d.type, new)]
    roles: dict = {}
    for old, fs in d.roles.items():
        if old in mapping:
            roles.setdefault(mapping[old], []).extend(fs)
    d.roles = roles
    d.type = new.split(":")[0]


def fill_supplier(d, sentence_mentions) -> None:
    """A purchase that names no seller takes the firm the sentence names ("approved the acquisition of CV90s
    from BAE Systems Hägglunds' line"), when there is exactly one."""
    if d.type != "procurement" or d.roles.get("supplier") or not d.roles.get("buyer"):
        return
    buyers = {f.key for f in d.roles["buyer"]}
    firms = {f.key: f for f in sentence_mentions if is_company(f) and f.key not in buyers}
    if len(firms) == 1:
        d.roles["supplier"] = list(firms.values())


def _country_at(tok, iso: str, source: str) -> Found:
    """A country inferred for a role rather than named, anchored at the fact's trigger word."""
    return Found(tok.idx, tok.idx + len(tok), tok.text, "country", iso, iso, name=countries().name(iso), source=source)


def _maker_homes(items: list[str], sentence: str) -> set[str]:
    """Home states of the makers of the equipment named: of the items, else of a system the sentence names
    ("36 F-35A fighter jets" is named as "fighter jets" by the taxonomy, as the F-35 by its maker)."""
    homes = {o.countries[0] for o in (origin_of(p) for p in items) if o is not None}
    if not homes:
        o = origin_of(sentence)
        homes = {o.countries[0]} if o is not None else set()
    return homes


def supplier_from_items(d) -> None:
    """A purchase that names no seller takes the home state of the maker of the system it buys ("Estonia will buy
    six HIMARS" -> the United States), when all the systems named come from one state other than the buyer's."""
    if d.type != "procurement" or d.roles.get("supplier") or not d.roles.get("buyer"):
        return
    buyers = {f.country for f in d.roles["buyer"] if f.country}
    homes = _maker_homes(d.items, d.sent.text)
    if len(homes) == 1 and not homes & buyers:
        d.roles["supplier"] = [_country_at(d.trigger, homes.pop(), "origin")]


def funding_recipient(d, sentence_mentions) -> None:
    """Money put in with no recipient named goes to the country it is put into: a place or country the sentence
    names besides the funder ("invest €400 million in Romania"), else the funding firm's own home state ("the
    company invested €500 million in the site")."""
    if d.type != "funding" or d.roles.get("recipient") or not d.roles.get("funder"):
        return
    funders = {f.key for f in d.roles["funder"]}
    homes = {f.country for f in d.roles["funder"] if f.country}
    where = [f for f in sentence_mentions if f.type in ("country", "place") and f.key not in funders
             and f.country and f.country not in homes]
    if where:
        d.roles["recipient"] = [where[0]]
    elif len(homes) == 1 and (all(is_company(f) for f in d.roles["funder"]) or _lemmas_below(d.trigger) & INDUSTRY_LEMMAS):
        # a firm's money, or a state's into production, goes into its own country ("investment in drone production")
        d.roles["recipient"] = [_country_at(d.trigger, next(iter(homes)), "home")]
