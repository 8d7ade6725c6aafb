"""Case-insensitive patterns searched over lower-cased text give what IGNORECASE gives."""

import re
from concurrent.futures import ThreadPoolExecutor

from tcwatch.extract import extract
from tcwatch.extract.folded import Folded, _lower_literals, lowered
from tcwatch.model import Document

PATTERNS = [
    r"\b(?:Deport\w*|Rwanda\s+(?:Bill|Plan)|MoU)\b",
    r"(?P<Num>\d+)\s+(?P<noun>Migrants|MEN)\b",
    r"\S+\s+[A-Z][a-z]+ans\b",
    r"third[- ]countr\w*+(?!\s+nationals)",
]
TEXTS = [
    "The UK DEPORTED four men; the Rwanda bill and an MoU followed.",
    "12 MIGRANTS and 3 men were flown to Kigali. Venezuelans were sent on.",
    "İstanbul talks: a Third-Country deal, not third-country nationals.",  # 'İ' lower-cases to two characters
    "",
]


def test_same_matches_and_offsets_as_ignorecase():
    for p in PATTERNS:
        f, ci = Folded(p), re.compile(p, re.IGNORECASE)
        for t in TEXTS:
            assert [m.span() for m in f.finditer(t)] == [m.span() for m in ci.finditer(t)], (p, t)
            assert bool(f.search(t, 3)) == bool(ci.search(t, 3))
            m1, m2 = f.match(t), ci.match(t)
            assert (m1 and m1.span()) == (m2 and m2.span())


def test_escapes_and_group_names_keep_their_case():
    assert _lower_literals(r"(?P<Num>\S+)\B\W[A-Z]X") == r"(?P<Num>\S+)\B\W[a-z]x"


def test_a_text_whose_length_changes_is_searched_as_written():
    assert lowered("İstanbul") is None
    assert lowered("Kigali") == "kigali"


def test_threads_get_the_same_facts():
    texts = [
        "US deports five men to Eswatini\n\nThe men were flown to Mbabane on Tuesday.",
        "Italy has transferred 16 migrants to its new centre in Albania, the interior ministry said.",
        "The Supreme Court ruled on Wednesday that the Rwanda plan was unlawful.",
        "Rwanda demands £50m from UK after deportation deal scrapped",
    ] * 25
    docs = [Document(id=str(i), date="2025-06-10", text=t) for i, t in enumerate(texts)]

    def run(d):
        return [(f.type, f.sender, f.receiver, f.evidence) for f in extract(d).facts]

    alone = [run(d) for d in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(run, docs))
    assert together == alone
