"""Near-duplicate detection with MinHash LSH over word shingles (datasketch).

Exact duplicates need nothing here: a document's id is a hash of its body. A near-duplicate (the same
story re-published with a changed line or two) is recorded against the article it repeats and not
stored as a second article. Signatures are stored, so detection holds across runs.
"""

from __future__ import annotations

import re
from typing import Optional

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
# Word 5-grams: short enough that an edited sentence changes few shingles, long enough that two
# different stories on one topic share few.
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)})


def signature(text: str) -> LeanMinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(shingles(text))
    return LeanMinHash(mh)


def to_bytes(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicates:
    """An LSH index of the stored documents' signatures."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, LeanMinHash] = {}

    def load(self, pairs) -> "NearDuplicates":
        for doc_id, data in pairs:
            self.add(doc_id, from_bytes(data))
        return self

    def add(self, doc_id: str, sig: LeanMinHash) -> None:
        if doc_id not in self.sigs:
            self.sigs[doc_id] = sig
            self.lsh.insert(doc_id, sig)

    def find(self, sig: LeanMinHash) -> Optional[tuple[str, float]]:
        """The stored document this one repeats, with the estimated similarity, or None."""
        best = None
        for cand in self.lsh.query(sig):
            sim = sig.jaccard(self.sigs[cand])
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (cand, sim)
        return best
