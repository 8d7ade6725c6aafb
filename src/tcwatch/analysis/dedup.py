"""Near-duplicate documents (syndicated copies of one wire story) by MinHash.

A document's :func:`signature` is a MinHash (``datasketch``) over its word
3-shingles (lowercased ``\\w+`` tokens; texts shorter than three words use their
words). :class:`NearDuplicateIndex` keeps signatures in a ``MinHashLSH`` and
:meth:`~NearDuplicateIndex.query` returns the documents whose estimated Jaccard
similarity reaches the threshold (0.8 by default), most similar first.

Shingles are hashed with CRC-32 (stable across processes and several times
cheaper than datasketch's default SHA-1; MinHash needs a uniform hash, not a
cryptographic one), into 64 permutations: enough to tell a syndicated copy
(similarity near 1) from a related story (well under 0.8).

Signatures serialise to bytes with :func:`encode` (and back with
:func:`decode`): a 4-byte magic ``TCM2``, the seed and the number of
permutations (two little-endian uint32), then the hash values (uint32 each, datasketch's ``affine32`` scheme).
The store keeps these bytes; bytes of another layout are refused with ValueError.
"""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"  # datasketch's 32-bit permutation scheme (hash values are uint32)
SHINGLE = 3
DEFAULT_THRESHOLD = 0.8

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_MAGIC = b"TCM2"
_HEADER = struct.Struct("<4sII")
_PERMUTATIONS: dict[tuple[int, int], object] = {}


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The word ``size``-shingles of ``text`` (lowercased), as bytes."""
    words = _WORD_RE.findall((text or "").lower())
    if len(words) < size:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def _minhash(num_perm: int, seed: int) -> MinHash:
    perms = _PERMUTATIONS.get((num_perm, seed))
    if perms is None:
        m = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME, hashfunc=_crc32)
        _PERMUTATIONS[(num_perm, seed)] = m.permutations
        return m
    return MinHash(num_perm=num_perm, seed=seed, permutations=perms, scheme=SCHEME, hashfunc=_crc32)


def signature(text: str, num_perm: int = NUM_PERM, seed: int = SEED) -> LeanMinHash:
    """The MinHash signature of a text (word 3-shingles)."""
    m = _minhash(num_perm, seed)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return LeanMinHash(m)


def encode(sig) -> bytes:
    """A signature as bytes (see the module doc for the layout)."""
    if isinstance(sig, (bytes, bytearray, memoryview)):
        return bytes(sig)
    values = np.asarray(sig.hashvalues, dtype="<u4")
    return _HEADER.pack(_MAGIC, int(sig.seed), len(values)) + values.tobytes()


def decode(data) -> LeanMinHash:
    """A signature back from :func:`encode` bytes."""
    if isinstance(data, LeanMinHash):
        return data
    if isinstance(data, MinHash):
        return LeanMinHash(data)
    data = bytes(data)
    if len(data) < _HEADER.size:
        raise ValueError("not a signature: too short")
    magic, seed, n = _HEADER.unpack_from(data)
    if magic != _MAGIC or len(data) != _HEADER.size + 4 * n:
        raise ValueError("not a signature: bad header or length")
    values = np.frombuffer(data, dtype="<u4", offset=_HEADER.size, count=n).astype(np.uint32)
    return LeanMinHash(seed=seed, hashvalues=values, scheme=SCHEME)


def similarity(a, b) -> float:
    """Estimated Jaccard similarity of two signatures (or their bytes)."""
    a, b = decode(a), decode(b)
    return float(a.jaccard(b))


def _is_empty(sig) -> bool:
    return bool(sig.is_empty())


class NearDuplicateIndex:
    """Signatures of seen documents; finds the ones a new document nearly duplicates."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold {threshold} is not in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, LeanMinHash] = {}

    # serialisation, so that callers holding an index need not import the module functions
    encode = staticmethod(encode)
    decode = staticmethod(decode)

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._sigs

    def add(self, doc_id: str, sig) -> None:
        """Index a document's signature (a signature or its bytes); a known id is left as it is."""
        sig = decode(sig)
        if doc_id in self._sigs:
            return
        if len(sig.hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(sig.hashvalues)} permutations, index wants {self.num_perm}")
        self._sigs[doc_id] = sig
        if not _is_empty(sig):
            self._lsh.insert(doc_id, sig)

    def remove(self, doc_id: str) -> None:
        sig = self._sigs.pop(doc_id, None)
        if sig is not None and not _is_empty(sig):
            self._lsh.remove(doc_id)

    def query(self, sig, threshold: float | None = None) -> list[str]:
        """Ids of indexed documents at least ``threshold`` similar, most similar first."""
        return [doc_id for doc_id, _ in self.query_scored(sig, threshold)]

    def query_scored(self, sig, threshold: float | None = None) -> list[tuple[str, float]]:
        sig = decode(sig)
        if _is_empty(sig) or len(sig.hashvalues) != self.num_perm:
            return []
        limit = self.threshold if threshold is None else threshold
        scored = []
        for doc_id in self._lsh.query(sig):
            score = float(self._sigs[doc_id].jaccard(sig))
            if score >= limit:
                scored.append((doc_id, score))
        scored.sort(key=lambda item: (-item[1], str(item[0])))
        return scored

    def add_text(self, doc_id: str, text: str) -> list[str]:
        """Query with a text's signature, then index it; returns its near-duplicates."""
        sig = signature(text, num_perm=self.num_perm)
        found = self.query(sig)
        self.add(doc_id, sig)
        return found


__all__ = [
    "DEFAULT_THRESHOLD",
    "NUM_PERM",
    "NearDuplicateIndex",
    "decode",
    "encode",
    "shingles",
    "signature",
    "similarity",
]
