"""Roles a document supplies when a sentence leaves them out: the recipient its other aid names, the giver its
other aid or funding names ("NOK 335 million will be allocated to strengthen Ukraine's air defence")."""

from __future__ import annotations

from .lexicon import AID_NOUNS
from .mentions import Found


def implicit_recipients(drafts: list, mentions: list[Found]) -> None:
    """Aid or funding stated with a sum but no recipient ("The Baltic country has provided 910 million euros in
    military support") goes to the recipient the document's other aid names (for funding, else the place its
    production facts are built in), else to the country the
    document names most after the donor; such a fact's confidence is lowered."""
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for f in mentions:
        if f.type == "country":
            counts[f.key] = counts.get(f.key, 0) + 1
            first.setdefault(f.key, f)
    for d in drafts:
        role = {"aid": "recipient", "funding": "recipient"}.get(d.type)
        giver = {"aid": "donor", "funding": "funder"}.get(d.type)
        if not role or d.roles.get(role) or not (d.amount or d.share) or not d.roles.get(giver):
            continue
        donors = {f.country for f in d.roles[giver]}
        known = [f for o in drafts if o is not d and o.type in ("aid", "funding") for f in o.roles.get("recipient", [])
                 if f.country not in donors]
        if d.type == "funding" and not known:  # money put into the plant the document is about
            known = [f for o in drafts if o.type == "production" for f in o.roles.get("location", [])]
        if known:
            d.roles[role] = [known[0]]
        elif d.type == "aid" and any(t.lemma_.lower() in AID_NOUNS for t in d.sent):
            ranked = sorted((k for k in counts if k not in donors), key=lambda k: -counts[k])
            if ranked and counts[ranked[0]] >= 2:
                d.roles[role] = [first[ranked[0]]]
            else:
                continue
        d.confidence = max(0.3, d.confidence - 0.2)


def implicit_givers(drafts: list) -> None:
    """Aid or funding stated in the passive with a sum or named equipment and a recipient but no giver ("NOK 335
    million will be allocated to strengthen Ukraine's air defence", "aircraft to be provided to Ukraine - 30 F-16s")
    comes from the giver the document's other such facts name most; its confidence is lowered."""
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for d in drafts:
        for f in d.roles.get("donor", []) + d.roles.get("funder", []):
            counts[f.key] = counts.get(f.key, 0) + 1
            first.setdefault(f.key, f)
    for d in drafts:
        giver = {"aid": "donor", "funding": "funder"}.get(d.type)
        if not giver or d.roles.get(giver) or not (d.amount or d.items) or not d.roles.get("recipient"):
            continue
        taken = {f.key for f in d.roles["recipient"]}
        ranked = sorted((k for k in counts if k not in taken), key=lambda k: -counts[k])
        if ranked:
            d.roles[giver] = [first[ranked[0]]]
            d.confidence = max(0.3, d.confidence - 0.2)


def implicit_parties(drafts: list) -> list:
    """Sums of aid or funding stated with neither giver nor receiver (the parts of a package: "The first is budget
    support of NOK 135 million"; "the total value of the investment amounts to half a billion euros") take the
    giver and receiver the document's other facts of that type name most; without them they are dropped. Their
    confidence is lowered."""
    named = {t: [d for d in drafts if d.type == t and not d.orphan] for t in ("aid", "funding")}
    out = []
    for d in drafts:
        if not d.orphan:
            out.append(d)
            continue
        if d.by_agreement:
            if _roles_from_agreement(d, [o for o in out if o.type == "agreement"]):
                out.append(d)
            continue
        giver = "donor" if d.type == "aid" else "funder"
        donor, recipient = _most_named(named[d.type], giver), _most_named(named[d.type], "recipient")
        if donor is None or recipient is None or (d.type == "aid" and donor.key == recipient.key):
            continue
        d.roles = {giver: [donor], "recipient": [recipient]}
        d.confidence = max(0.3, d.confidence - 0.25)
        out.append(d)
    return out


def _most_named(drafts: list, role: str):
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for d in drafts:
        for f in d.roles.get(role, []):
            counts[f.key] = counts.get(f.key, 0) + 1
            first.setdefault(f.key, f)
    return first[max(counts, key=counts.get)] if counts else None


def _roles_from_agreement(d, agreements: list) -> bool:
    """"The agreement provides funding of NOK 1 billion": the last agreement before it gives and receives it, the
    state side giving (or buying), the firms receiving (or supplying)."""
    from .types import is_company

    if not agreements:
        return False
    parties = agreements[-1].roles.get("parties", [])
    firms = [f for f in parties if is_company(f)]
    states = [f for f in parties if not is_company(f)]
    if not states or not firms:
        return False
    giver, taker = {"aid": ("donor", "recipient"), "funding": ("funder", "recipient"),
                    "procurement": ("buyer", "supplier")}[d.type]
    d.roles = {giver: states, taker: firms}
    d.confidence = max(0.3, d.confidence - 0.2)
    return True
