"""The language of a document's body (ISO 639-1), so only English text reaches extraction.

English is told at a glance by its function words (`data/english_words.txt`): a text of which at least
ENGLISH_SHARE of the words are such words is English, and costs no model. Any other text is given to
langid, whose model ships inside its package; its answer counts only when it is sure (MIN_PROBABILITY).
A text too short to tell (under MIN_WORDS words) is taken for English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Under this many words the language cannot be told reliably; such a text is taken for English.
MIN_WORDS = 20
# English news prose has 30-45% function words of the list; German or French prose under 5%.
ENGLISH_SHARE = 0.15
# langid's normalised probability a non-English answer needs; below it the text is taken for English.
MIN_PROBABILITY = 0.95
# Only the opening of a long body is read: it is enough, and the cost stays flat.
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    text = resources.files("dossier").joinpath("data/english_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _identifier():
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language; 'en' when English or when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    toks = re.findall(r"[^\W\d_]+", sample.lower())
    if len(toks) < MIN_WORDS:
        return "en"
    english = _english_words()
    if sum(t in english for t in toks) >= ENGLISH_SHARE * len(toks):
        return "en"
    lang, prob = _identifier().classify(sample)
    return lang if lang != "en" and prob >= MIN_PROBABILITY else "en"
