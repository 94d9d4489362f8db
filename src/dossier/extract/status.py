"""Status from modality and tense: discussed, planned, agreed or completed.

Reads the trigger, the verb that governs it and the verbs above that one (xcomp chains: "plans to acquire"),
with their auxiliaries and modifiers. Cues are ordered: talks and considerations first (nothing decided), then
plans and pledges, then weak modals, then signatures, then tense.
"""

from __future__ import annotations

DISCUSS = {"discuss", "discussion", "negotiate", "negotiation", "talk", "talks", "consider", "explore", "study",
           "examine", "mull", "weigh", "propose", "proposal", "suggest", "call", "urge", "dialogue", "contact",
           "possibility", "option", "idea", "eye", "evaluate", "assess", "debate", "seek"}
PLAN = {"will", "shall", "'ll", "plan", "planned", "intend", "aim", "expect", "schedule", "scheduled", "set",
        "prepare", "pledge", "promise", "commit", "announce", "want", "hope", "ready", "going", "future", "upcoming",
        "target", "envisage", "intention", "would", "should", "must", "need", "decide", "approve", "unveil",
        "earmark", "allocate", "forthcoming", "next", "new", "to-be", "due", "poised", "determine", "agree"}
WEAK = {"could", "might", "may", "possible", "potential", "potentially", "likely", "consider"}
AGREE = {"sign", "agree", "conclude", "ink", "ratify", "seal", "finalize", "finalise", "award", "contract"}
ORDER_VERBS = {"order", "contract", "award", "select", "choose", "pick", "clinch", "commission"}
WIN_VERBS = {"receive", "win", "secure", "land", "bag", "get", "obtain"}
SIGN = {"sign", "conclude", "ink", "seal", "ratify"}
# Verbs that approve a plan of someone else's: what they approve is agreed ("approved a framework deal to buy")
APPROVE = {"approve", "back", "clinch", "strike", "close", "authorize", "authorise", "clear", "endorse", "greenlight", "sign", "conclude", "ink",
           "finalize", "finalise", "award", "seal"}
MONEY_TYPES = {"aid", "funding", "procurement"}
# Verbs that report a site finished: what they open is done, however new
OPEN_VERBS = {"open", "inaugurate", "complete", "commission", "finish"}
AGREEMENT_NOUNS = {"agreement", "deal", "contract", "memorandum", "letter", "accord", "treaty", "document", "declaration",
                   "protocol", "arrangement", "roadmap"}
# Verbs that state what an investment comes to, in the present: its size, not money spent ("amounts to").
MEASURE_VERBS = {"amount", "total", "come"}
CUMULATIVE = {"total", "already", "so far", "to date", "since", "overall", "cumulative", "in total"}


def chain(tok) -> list:
    """The trigger and the words above it within its clause: through prepositions and nouns to the verb, and
    up xcomp chains ("is currently in discussions regarding the purchase", "plans to acquire")."""
    out = [tok]
    cur = tok
    while cur.head.i != cur.i and len(out) < 12:
        if cur.dep_ in ("advcl", "ccomp", "parataxis", "relcl", "acl", "csubj"):
            break
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            break
        cur = cur.head
        out.append(cur)
    return out


def classify(tok, fact_type: str, sentence_text: str, future_date: bool = False) -> tuple[str, list[str]]:
    """(status, cues) for a trigger token."""
    words = []
    toks = chain(tok)
    for t in toks:
        words.append(t.lemma_.lower())
        for c in t.children:
            if c.dep_ in ("aux", "auxpass", "neg", "advmod", "amod", "acomp") and c.i < t.i + 3:
                words.append(c.lemma_.lower())
                words.append(c.lower_)
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
    main = verbs[0] if verbs else None
    for c in (tok.children if tok.pos_ != "VERB" else []):
        if c.dep_ in ("amod", "compound"):
            words.append(c.lemma_.lower())
    wset = set(words)
    settled = _settled_by_document(tok, fact_type)
    if settled:
        return settled, ["signed or approved document"]
    top = toks[-1]
    if fact_type == "meeting" and tok.pos_ == "NOUN" and tok.head.lower_ in ("after", "following", "since") \
            and not wset & {"will", "'ll", "shall"}:
        return "completed", ["after a meeting"]
    if fact_type == "meeting" and tok.pos_ == "NOUN" and tok.head.lower_ in ("at", "during", "on") and \
            any(_past(a) for a in tok.ancestors if a.pos_ in ("VERB", "AUX")):
        return "completed", ["the occasion of a past act"]  # "was signed at a meeting of defence ministers"
    if fact_type != "agreement" and main is not None and main.i != tok.i and main.lemma_.lower() in SIGN and any(
            c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in AGREEMENT_NOUNS for c in main.children):
        return "planned", ["what a signed document is on"]  # "a document was signed on the joint production"
    if fact_type != "agreement" and (
            any(t.pos_ == "NOUN" and t.lemma_.lower() in AGREEMENT_NOUNS for t in toks[1:])
            or (top.dep_ in ("relcl", "acl") and top.head.lemma_.lower() in AGREEMENT_NOUNS)):
        return "planned", ["under an agreement"]  # "an agreement on joint production", "a memorandum which includes
        # investment": what a document provides for is still to come
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and stated_tense(tok.head) is True:
        return "planned", ["participle in a future clause"]  # "will finance drones manufactured in the UK"
    if tok.lemma_.lower() in ("talk", "talks", "negotiation", "consultation") and fact_type != "meeting":
        return "discussed", ["talks"]
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for t in toks for c in t.children):
        return "discussed", ["conditional"]  # "if a deal is reached"
    if fact_type in ("procurement", "agreement") and any(t.lemma_.lower() in ("signing", "conclusion") for t in toks[1:]) \
            and not future_date:
        return "agreed", ["signing"]  # "will arrive following the signing of a contract": the contract is signed
    if fact_type == "agreement" and tok.lemma_.lower() == "venture" and main is not None and _past(main) and \
            not wset & {"will", "plan", "shall", "'ll", "would"}:
        return "agreed", ["joint venture formed"]  # "unveiled a new joint venture": it exists
    hits = wset & DISCUSS
    if fact_type == "meeting" and tok.lemma_.lower() in ("meet", "visit", "host", "hold", "convene"):
        hits = set()
    elif fact_type == "meeting":  # "after holding talks": talks that were held are a meeting, not a discussion
        hits -= {tok.lemma_.lower(), tok.lower_, "talk", "talks", "discussion", "consultation", "dialogue"}
    if hits - {"seek"}:
        return "discussed", sorted(hits)
    if fact_type == "meeting" and main is not None and _past(main) and not wset & {"will", "plan", "schedule", "expect",
                                                                                   "scheduled", "set"}:
        return "completed", ["met"]
    if main is not None and main.lemma_.lower() in OPEN_VERBS and _past(main) and not wset & {"will", "'ll", "shall"}:
        return "completed", ["opened"]  # "opened a new ammunition plant": new, and running
    if wset & {"decide", "authorize", "authorise"} and _past(next(t for t in toks if t.lemma_.lower() in (
            "decide", "authorize", "authorise"))):
        return "agreed", ["decided"]
    if wset & PLAN - {"agree", "approve", "allocate", "earmark", "decide"} or future_date or "seek" in hits:
        if not (fact_type == "agreement" and wset & AGREE and not wset & {"will", "plan", "shall", "expect", "'ll", "would", "ready"}):
            return "planned", sorted(wset & PLAN) or ["future date"]
    if wset & WEAK:
        return "discussed", sorted(wset & WEAK)
    deciders = [t for t in toks if t.lemma_.lower() in ("agree", "approve", "decide", "authorize", "authorise")]
    if deciders and fact_type != "agreement":
        return ("agreed" if _past(deciders[0]) else "planned"), ["agreed"]
    if fact_type == "meeting" and main is not None and _past(main) and not wset & {"will", "plan", "schedule", "expect"}:
        return "completed", ["met"]
    if wset & {"allocate", "earmark"} and fact_type in MONEY_TYPES:
        return "planned", ["allocate"]  # money set aside, not yet spent
    if fact_type == "agreement" or tok.lemma_.lower() in SIGN:  # a purchase stated by its contract's signing
        if main is None or _past(main) or wset & AGREE:
            return "agreed", ["signed"]
        return "planned", []
    if fact_type in MONEY_TYPES and main is not None and main.lemma_.lower() == "be" and \
            not any(w in sentence_text.lower() for w in CUMULATIVE):
        return "planned", ["stated as what a package is"]  # "The first part is budget support of NOK 135 million"
    if fact_type == "funding" and main is not None and main.lemma_.lower() in MEASURE_VERBS and \
            main.tag_ in ("VBZ", "VBP") and not any(w in sentence_text.lower() for w in ("already", "so far", "to date")):
        return "planned", ["stated as what it amounts to"]  # "the total value of the investment amounts to €500m";
        # aid that "amounts to" a sum is a total given to date, and stays completed
    if main is None:
        low = sentence_text.lower()
        return ("completed", ["cumulative"]) if any(w in low for w in CUMULATIVE) else ("planned", [])
    won = tok.lemma_.lower() in WIN_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in ("order", "contract", "deal")
                                                  for c in tok.children) or (
        tok.dep_ == "dobj" and tok.head.lemma_.lower() in WIN_VERBS and tok.lemma_.lower() in ("order", "contract", "deal"))
    if fact_type == "procurement" and (tok.lemma_.lower() in ORDER_VERBS or won) and (
            _past(main) or main.tag_ in ("VBZ", "VBP")):
        return "agreed", ["ordered"]  # an order placed (or won) is agreed, also in a headline's present ("Norway
        # orders 54 tanks"); the delivery completes it
    if _past(main) or main.tag_ in ("VBZ", "VBP", "VBG"):
        return "completed", [main.tag_]
    return "planned", []


def stated_tense(tok) -> "bool | None":
    """True when the clause of `tok` is grammatically future ("will allocate"), False when past ("allocated",
    "has allocated"), None when the grammar does not say."""
    verbs = [t for t in chain(tok) if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return None
    v = verbs[0]
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "shall", "'ll", "wo"}:
        return True
    if v.tag_ == "VBD" or (v.tag_ == "VBN" and auxes & {"has", "have", "had", "was", "were"}):
        return False
    return None


def _settled_by_document(tok, fact_type: str):
    """"approved a framework deal to buy", "the contract, signed in Poland": agreed when the document is past."""
    if fact_type == "agreement" and tok.pos_ == "NOUN":
        if any(c.dep_ == "acl" and c.lemma_.lower() in APPROVE and c.tag_ == "VBN" for c in tok.children):
            return "agreed"
    if fact_type in MONEY_TYPES and tok.pos_ == "VERB" and tok.dep_ in ("acl", "xcomp") and \
            tok.head.lemma_.lower() in AGREEMENT_NOUNS | {"bid", "plan", "request", "proposal"}:
        verb = tok.head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in APPROVE and _past(verb):
            return "agreed"
    return None


def _past(v) -> bool:
    if v is None:
        return False
    if v.tag_ == "VBD":
        return True
    if v.tag_ == "VBN":
        if any(c.dep_ == "aux" and c.lower_ in ("to", "will", "shall", "would") for c in v.children):
            return False  # "frigates to be built by MHI", "will be delivered"
        return any(c.lemma_ in ("have", "be") and c.dep_ in ("aux", "auxpass") for c in v.children) or v.dep_ in ("acl", "amod")
    return False
