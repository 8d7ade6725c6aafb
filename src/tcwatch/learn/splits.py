"""How the gold documents are split for honest measurement.

- The **lockbox**: one fifth of ``train/gold.jsonl``, drawn once at random with a fixed
  seed (:data:`LOCKBOX_SEED`).  Its ids are listed in ``lockbox-ids.txt`` beside this
  module so that the split does not move when the gold file grows; nothing trains or is
  scored on them except :func:`tcwatch.learn.crossval.score_lockbox`.
- **Groups** for cross-validation: documents of one outlet in one month form a group,
  and near-duplicate texts (syndicated copies, MinHash Jaccard >= 0.5 over word
  3-shingles) join their groups, so that no copy of a story sits on both sides of a fold.
- **Folds**: groups are dealt to K folds, largest first, each to the fold with the fewest
  gold facts so far (ties: fewest documents), in an order fixed by the seed.
"""

from __future__ import annotations

import hashlib
import json
import random
from importlib import resources
from pathlib import Path

LOCKBOX_SEED = 8  # the issue that asked for it
LOCKBOX_SHARE = 0.2


def lockbox_ids() -> frozenset[str]:
    """The ids held out in the lockbox (shipped with the package)."""
    text = resources.files(__package__).joinpath("lockbox-ids.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def draw_lockbox(train_ids: list[str], seed: int = LOCKBOX_SEED, share: float = LOCKBOX_SHARE) -> list[str]:
    """One fifth of ``train_ids``, drawn with ``seed`` (sorted; how ``lockbox-ids.txt`` was made)."""
    ids = sorted(set(train_ids))
    k = round(len(ids) * share)
    return sorted(random.Random(seed).sample(ids, k))


def _shingles(text: str) -> set[bytes]:
    words = text.lower().split()
    return {" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))}


def groups(docs: list[dict], threshold: float = 0.5) -> list[int]:
    """A group number per document: same outlet and month, joined by near-duplicate text."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[tuple, int] = {}
    for i, d in enumerate(docs):
        key = ((d.get("source") or "").strip().lower(), str(d.get("date") or "")[:7])
        if key in first:
            union(first[key], i)
        else:
            first[key] = i
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    for i, d in enumerate(docs):
        m = MinHash(num_perm=64, seed=1)
        for s in _shingles(d.get("text") or ""):
            m.update(s)
        for j in lsh.query(m):
            union(int(j), i)
        lsh.insert(str(i), m)
    roots = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(docs))]


def folds(docs: list[dict], k: int, seed: int = 0) -> list[int]:
    """A fold number in ``range(k)`` per document, whole groups to one fold."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    g = groups(docs)
    members: dict[int, list[int]] = {}
    for i, gi in enumerate(g):
        members.setdefault(gi, []).append(i)
    order = list(members)
    random.Random(seed).shuffle(order)
    weight = {gi: sum(len(docs[i].get("facts") or []) for i in members[gi]) for gi in order}
    order.sort(key=lambda gi: (-weight[gi], -len(members[gi])))  # stable: the shuffle breaks ties
    load = [[0, 0] for _ in range(k)]
    out = [0] * len(docs)
    for gi in order:
        f = min(range(k), key=lambda x: (load[x][0], load[x][1], x))
        load[f][0] += weight[gi]
        load[f][1] += len(members[gi])
        for i in members[gi]:
            out[i] = f
    return out


def data_hash(docs: list[dict]) -> str:
    """SHA-256 of the training documents (ids, texts, labels) in a canonical form."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d["id"]):
        h.update(json.dumps({k: d.get(k) for k in ("id", "date", "text", "relevant", "facts")},
                            sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def shared_gold(shared: Path) -> tuple[list[dict], list[dict]]:
    """(development documents: dev + train without the lockbox, lockbox documents)."""
    from tcwatch.evaluate import read_gold

    dev = read_gold(shared / "data" / "dev" / "gold.jsonl")
    train = read_gold(shared / "data" / "train" / "gold.jsonl")
    box = lockbox_ids()
    return dev + [d for d in train if d["id"] not in box], [d for d in train if d["id"] in box]
