"""Near-duplicate detection with MinHash LSH over word shingles (datasketch).

Exact duplicates need nothing here: a document's id is a hash of its body. A near-duplicate (the same
story re-published with a changed line or two) is recorded against the article it repeats and not
stored as a second article. Signatures are stored, so detection holds across runs.
"""

from __future__ import annotations

import re
import zlib
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


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the word 5-shingles, combined from per-word CRC32s (no string joins)."""
    words = _WORD.findall(text.lower())
    wh = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    if len(wh) < SHINGLE_WORDS:
        return np.array([int(np.bitwise_xor.reduce(wh)) if len(wh) else 0], dtype=np.uint64)
    n = len(wh) - SHINGLE_WORDS + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):  # a polynomial hash over the five words, wrapped to 32 bits
        h = (h * np.uint64(1_000_003) + wh[k:k + n]) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


def _identity(x: int) -> int:
    return x


def signature(text: str) -> LeanMinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)
    mh.update_batch(shingle_hashes(text).tolist())
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
