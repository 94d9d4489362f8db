"""The words extraction reads: fact triggers and light verbs (data files), and the small closed word sets the
rules use, each with the reason it exists."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

FAMILY = {"aid": "money", "funding": "money", "procurement": "money", "agreement": "agreement",
          "production": "production", "meeting": "meeting", "policy": "policy"}
# Verbs that only lend modality to a fact verb below them ("pledged to contribute", "agreed to buy").
MODAL_VERBS = {"agree", "plan", "decide", "aim", "intend", "pledge", "promise", "want", "seek", "hope", "commit",
               "expect", "prepare", "continue", "try", "need", "consider", "offer", "threaten", "vow", "start", "begin"}
# The Ukrainian and other capitals as actors are governments; a capital after "in" is a place, kept as country.
STOP_DEPS = {"relcl", "advcl", "ccomp", "parataxis", "acl", "csubj", "appos"}
# A fact noun as the active subject is a description ("its production gives it an advantage"), except
# with these verbs of happening ("production will begin next year").
NSUBJ_EVENT_VERBS = {"begin", "start", "resume", "commence", "open", "launch", "expand", "increase", "double",
                     "triple", "grow", "take", "be", "remain", "go", "continue", "reach", "exceed", "total",
                     "amount", "enter", "come", "cover", "include", "involve", "focus", "aim", "go", "flow"}
# Verbs that are aid only with a "with" phrase of equipment or money ("support Ukraine with 180,000 shells",
# "equip the army with tanks"), not alone ("support the proposal").
EQUIP_VERBS = {"support", "help", "assist", "equip", "arm", "back", "reinforce", "strengthen"}
# A plant or a factory as the object of these is no production news: owned ("Diehl has a factory there") or
# attacked ("Russia targeted arms factories").
HOLD_VERBS = {"have", "own", "possess"}
ATTACK_VERBS = {"target", "attack", "strike", "hit", "bomb", "shell", "destroy", "damage", "raid", "sabotage"}
# Verbs of building count as production only with an industrial object ("build a plant", not "build up
# capabilities").
BUILD_VERBS = {"build", "construct", "develop", "co-develop"}
# Verbs and nouns whose grammatical actor is the receiving side ("Ukraine received tanks from Denmark",
# "the sale of jets to Romania" by the seller).
RECEIVE_VERBS = {"receive"}
SELL_WORDS = {"sale", "sell", "export", "resell", "re-export"}
PRODUCTION_OBJECTS = {"plant", "factory", "facility", "line", "site", "hub", "cluster", "workshop", "shipyard",
                      "ship", "vessel", "drone", "tank", "vehicle", "missile", "shell", "weapon", "ammunition",
                      "frigate", "submarine", "corvette", "launcher", "howitzer", "system"}
DEFENCE_WORDS = re.compile(r"\b(defen[cs]e|military|armed forces|army|security|spending|spenders?|budget|NATO|"
                           r"alliance)\b", re.I)
SPEND_WORDS = re.compile(r"\b(spen[dt]|spending|budget|expenditure|allocat\w+|defen[cs]e)\b", re.I)
AID_NOUNS = {"aid", "assistance", "support", "package", "donation", "contribution", "help", "tranche"}
GOV_ROLES = {"donor", "recipient", "funder", "parties", "buyer", "supplier", "producer", "participants", "actor",
             "country"}
PERSON_ROLES = {"agreement": "signatories", "meeting": "persons"}
# Nouns that name one and the same kind of document when an article restates it; letters of intent and
# contracts stay apart, being different documents more often than not.
AGREEMENT_HEADS = {"agreement", "memorandum", "mou", "accord", "treaty", "pact", "declaration", "arrangement",
                   "protocol", "partnership", "deal", "framework", "roadmap"}
# The documents of a deal: an agreement's words and the contract or order a purchase is made by
DEAL_NOUNS = AGREEMENT_HEADS | {"contract", "order"}
POLICY_VERBS = {"adopt", "approve", "pass", "publish", "unveil", "establish", "create", "set", "form", "announce",
                "launch", "introduce", "impose", "lift", "sign", "enact", "ratify", "propose", "present", "plan",
                "decide", "agree", "build", "raise", "disband", "abolish", "reorganize", "reorganise"}
AID_MODIFIERS = {"military", "aid", "assistance", "support", "defence", "defense", "security", "humanitarian",
                 "financial", "economic", "budget", "macro-financial", "arms", "weapons", "energy", "winter",
                 "reconstruction", "recovery", "emergency", "relief", "sanctions", "materiel", "equipment", "drawdown", "pda"}
PARTITIVES = {"part", "share", "half", "portion", "rest", "most", "some", "majority", "bulk", "first", "second",
              "third", "remainder", "all", "each"}
TALK_WORDS = {"talk", "talks", "negotiation", "consultation", "consultations", "discussion"}
# Words that make an organisation's name a firm's ("Hanwha Aerospace", "Rheinmetall AG"), where the companies
# file does not know it.
COMPANY_WORDS = {"group", "systems", "system", "industries", "industry", "aerospace", "dynamics", "technologies",
                 "technology", "ag", "gmbh", "ltd", "limited", "inc", "plc", "sa", "spa", "s.p.a", "corp", "corporation",
                 "company", "co", "holding", "holdings", "manufacturing", "works", "electronics", "munitions",
                 "armaments", "shipyard", "shipbuilding", "motors", "aviation", "aircraft", "oy", "oyj", "ab", "asa",
                 "as", "a/s", "nv", "bv", "llc", "kg", "se", "defense", "vehicles"}
# "the company", "the manufacturer": a firm named before
FIRM_NOUNS = {"company", "firm", "manufacturer", "maker", "producer", "contractor", "group", "concern", "supplier",
              "shipbuilder", "shipyard", "gunmaker", "carmaker"}
# A funding verb over these nouns is a purchase ("allocated UAH 15 bn for the purchase of drones") or aid
# ("allocated a package of defence aid to Ukraine").
PURCHASE_NOUNS = {"purchase", "procurement", "acquisition", "buy", "procure", "acquire"}
SETTLED_AID_NOUNS = {"aid", "assistance", "package", "donation", "tranche"}
# Nouns that stand for the state named after them: "the Government of Norway", "the Republic of Korea"
STATE_HEADS = {"government", "republic", "kingdom", "people", "authorities", "administration", "cabinet", "leadership"}
# Soldiers as a clause's subject: what they join or leave is a deployment ("troops leave Syria")
TROOP_NOUNS = {"troop", "troops", "force", "forces", "soldier", "soldiers", "unit", "units", "military", "army",
               "marine", "marines", "personnel", "servicemen", "contingent", "ship", "ships", "warship", "warships"}
# Verbs of a decision about something told by a fact word: joining or leaving ("left the treaty"), stopping or
# resuming ("suspended military aid", "paused deliveries"). What they take is the decision's object, not a fact.
DECISION_VERBS = {"join", "leave", "exit", "withdraw", "quit", "become", "suspend", "pause", "halt", "freeze",
                  "resume", "stop"}
# Verbs of choosing a supplier or a system ("Norway selects the Type 26 frigate")
SELECT_VERBS = {"select", "pick", "choose"}
# Cues that an amount is a total to date, never to be added to the amounts it contains.
CUMULATIVE_RE = re.compile(
    r"\b(?:in total|so far|to date|thus far|altogether|cumulative(?:ly)?|in all|has already|have already|"
    r"since (?:the (?:start|beginning|outbreak)|russia|the full|(?:early |late )?(?:january |february |march |april |"
    r"may |june |july |august |september |october |november |december )?20\d\d)|"
    r"total (?:value|amount|volume|sum|cost) of (?:its |the |all |their |[a-z]+(?:'s|’s) )?(?:[a-z]+ ){0,2}"
    r"(?:aid|support|assistance|help|contributions?)|(?:bringing|brings|bring|brought) (?:its|the|their|[a-z]+(?:'s|’s)) "
    r"(?:total|overall|cumulative)|overall (?:aid|support|assistance|contribution))", re.I)
QUOTES = {'"', "“", "”", "«", "'", "‘"}


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], str]:
    """(lemma, 'verb'|'noun') -> fact type."""
    out: dict[tuple[str, str], str] = {}
    text = resources.files("dossier").joinpath("data/triggers.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        t, pos, lemmas = line.split("\t")
        for lem in lemmas.split(","):
            out.setdefault((lem.strip().lower(), pos), t)
    return out


@lru_cache(maxsize=1)
def light_verbs() -> tuple[set[str], set[str]]:
    verbs, nominal = set(), set()
    text = resources.files("dossier").joinpath("data/light_verbs.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        (nominal if w.startswith("*") else verbs).add(w.lstrip("*"))
    return verbs, nominal

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
                  "permit", "press", "push", "call", "authorize", "authorise", "oblige", "compel", "tell", "want",
                  "select", "choose", "pick", "commission", "hire", "task", "contract", "award"}


# Verbs whose indirect object receives what is given ("awarded Lockheed Martin a contract").
GIVE_VERBS = {"award", "grant", "give", "hand"}


# Words that make a contract one still to come ("a future contract", "the proposed deal").
UNSETTLED = {"future", "proposed", "potential", "possible", "planned", "draft", "prospective", "expected", "new"}
# "NATO member Romania", "EU member state Poland": the body names what the state belongs to.
MEMBER_NOUNS = {"member", "ally", "partner", "state", "country", "nation", "candidate"}
# Nouns that make money given a funding, whatever the verb ("provides funding", "granted a loan").
FUNDING_NOUNS = {"funding", "financing", "investment", "loan", "subsidy", "co-financing", "cofinancing"}


# Verbs that report speech: in '"We will spend 3%," the minister said', "we" is the speaker's country.
SPEECH_VERBS = {"say", "tell", "add", "state", "note", "stress", "announce", "declare", "explain", "emphasise",
                "emphasize", "write", "insist", "confirm", "underline", "assure", "reply", "answer", "comment"}


# Verbs above a fact verb that say it does not happen or is only wished for ("refused to supply weapons",
# "rejected a proposal to buy", "hopes to receive F-16s").
REFUSE_VERBS = {"refuse", "reject", "decline", "deny", "oppose", "veto", "block", "hope", "wish", "urge", "ask",
                "call", "appeal", "demand", "beg", "plead"}
