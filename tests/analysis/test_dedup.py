"""Near-duplicate documents with MinHash."""

from __future__ import annotations

import random
import time

import pytest

from tcwatch.analysis.dedup import NUM_PERM, NearDuplicateIndex, decode, encode, shingles, signature, similarity

WORDS = ("asylum seekers court ruling government minister deal transfer flight country policy "
         "refugee agency million pounds dollars migrants border camp judge appeal week said").split()


def text(seed: int, n: int = 120) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) + str(rnd.randint(0, 50)) for _ in range(n))


def test_shingles():
    assert shingles("One two three four") == {b"one two three", b"two three four"}
    assert shingles("Hi there") == {b"hi", b"there"}
    assert shingles("") == set()


def test_signature_roundtrip():
    sig = signature(text(1))
    data = encode(sig)
    assert isinstance(data, bytes) and len(data) == 12 + 4 * NUM_PERM
    back = decode(data)
    assert similarity(sig, back) == 1.0
    assert encode(back) == data
    with pytest.raises(ValueError):
        decode(b"nonsense")
    with pytest.raises(ValueError):
        decode(data[:-4])


def test_copies_are_found_and_others_not():
    base = text(1)
    words = base.split()
    copy = " ".join(words[:-3])  # a syndicated copy with a trimmed tail
    different = text(2)
    idx = NearDuplicateIndex(threshold=0.8)
    idx.add("a", signature(base))
    idx.add("b", encode(signature(different)))  # bytes are accepted too
    assert idx.query(signature(copy)) == ["a"]
    assert idx.query(signature(text(3))) == []
    assert len(idx) == 2 and "a" in idx
    scored = idx.query_scored(signature(copy))
    assert scored[0][0] == "a" and scored[0][1] >= 0.8


def test_index_methods_used_by_ingest():
    idx = NearDuplicateIndex(threshold=0.8)
    sig = signature(text(5))
    idx.add("x", idx.decode(idx.encode(sig)))
    assert idx.query(sig) == ["x"]
    idx.add("x", sig)  # known ids are left alone
    assert len(idx) == 1
    idx.remove("x")
    assert idx.query(sig) == []


def test_empty_text_matches_nothing():
    idx = NearDuplicateIndex()
    idx.add("empty", signature(""))
    assert idx.query(signature("")) == []
    assert idx.add_text("d1", text(9)) == []
    assert idx.add_text("d2", text(9)) == ["d1"]


def test_bad_threshold():
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0)


def test_fast_enough():
    """2,000 documents well within a second or two; 20k scale linearly."""
    idx = NearDuplicateIndex()
    docs = [text(i, 80) for i in range(2000)]
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        sig = signature(doc)
        idx.query(sig)
        idx.add(str(i), sig)
    assert time.perf_counter() - start < 5.0


def test_old_layout_is_refused():
    """Bytes of another signature layout are refused, so a store never compares unlike signatures."""
    data = encode(signature(text(1)))
    with pytest.raises(ValueError):
        decode(b"TCM1" + data[4:])
