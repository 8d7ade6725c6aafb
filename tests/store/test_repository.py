"""The store on SQLite and on a real PostgreSQL server: migrations, one transaction per
document, filters, cursors, reviews, search."""

from __future__ import annotations

import pytest

from tcwatch.errors import InvalidQuery, NotFound, StoreError
from tcwatch.model import Document, Extraction, Fact, Mention, Rejection, Span
from tcwatch.store import FactFilter, open_store
from tcwatch.store.migrations import MIGRATIONS

TEXT = "Officials said the first flight carried five men to Kigali under the partnership. Critics objected."


def _doc(i: int = 1, text: str = TEXT) -> Document:
    return Document(id=f"d{i}", date="2025-03-0%d" % i, text=text + f" ({i})", title=f"t{i}", url=f"https://example.org/{i}")


def _extraction(doc: Document, n: int = 2) -> Extraction:
    facts = tuple(
        Fact(type="transfer" if k == 0 else "criticism", sender="GBR", receiver="RWA", date=doc.date,
             people=5 if k == 0 else None, evidence=doc.text[:10], span=Span(0, 10), document_id=doc.id,
             extractor_version="test")
        for k in range(n)
    )
    mentions = (Mention("country", "Kigali", 50, 56, "RWA", "government"),)
    return Extraction(doc.id, True, facts, mentions)


@pytest.fixture
def db(any_target):
    with open_store(any_target, reference=False) as store:
        yield store


def test_migrations_are_recorded_once(any_target):
    """Opening a database twice applies each numbered migration exactly once."""
    with open_store(any_target, reference=False):
        pass
    with open_store(any_target, reference=False) as store:
        rows = store.conn.query("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [m[0] for m in MIGRATIONS]


def test_document_and_facts_stored_with_provenance(db):
    """A stored fact keeps its document, span and extractor version."""
    doc = _doc()
    stored = db.add_document(doc, _extraction(doc))
    assert [f.id for f in stored] == sorted(f.id for f in stored)
    fact = db.fact(stored[0].id)
    assert fact.document_id == "d1" and fact.span == Span(0, 10) and fact.extractor_version == "test"
    assert fact.published == "2025-03-01"
    assert db.document("d1")["text"] == doc.text
    assert db.mentions("d1")[0]["text"] == "Kigali"


def test_failed_write_leaves_nothing_half_written(db):
    """A document whose facts cannot be stored is not stored either (one transaction)."""
    doc = _doc()
    bad = Extraction(doc.id, True, (Fact(type="transfer", evidence=None),))  # evidence NOT NULL
    with pytest.raises(StoreError):
        db.add_document(doc, bad)
    assert db.count_documents() == 0
    assert db.count_facts(FactFilter()) == 0


def test_duplicate_document_hash_is_refused(db):
    doc = _doc()
    db.add_document(doc, _extraction(doc))
    assert db.document_id_by_hash(doc.hash) == "d1"
    with pytest.raises(StoreError):
        db.add_document(doc, _extraction(doc))
    assert db.count_facts(FactFilter()) == 2


def test_filters_and_cursor_pages_cover_everything_once(db):
    """Paging with cursors returns every matching fact exactly once, in order."""
    for i in range(1, 6):
        doc = _doc(i)
        db.add_document(doc, _extraction(doc))
    assert db.count_facts(FactFilter(type="transfer")) == 5
    assert db.count_facts(FactFilter(since="2025-03-03")) == 6
    assert db.count_facts(FactFilter(until="2025-03")) == 10
    assert db.count_facts(FactFilter(until="2025-02")) == 0
    seen, cursor = [], None
    while True:
        page, cursor = db.list_facts(FactFilter(), limit=3, cursor=cursor)
        seen.extend(f.id for f in page)
        if cursor is None:
            break
    assert len(seen) == 10 and len(set(seen)) == 10 and seen == sorted(seen)


@pytest.mark.parametrize(
    "flt",
    [FactFilter(type="bogus"), FactFilter(since="last week"), FactFilter(sender="Britain"), FactFilter(origin="x")],
)
def test_bad_filters_are_named(db, flt):
    with pytest.raises(InvalidQuery):
        db.list_facts(flt)


def test_bad_cursor_is_refused(db):
    with pytest.raises(InvalidQuery):
        db.list_facts(FactFilter(), limit=2, cursor="not-a-cursor")


def test_review_keeps_the_original(db):
    """A correction changes the fact and keeps who changed what from which value, and when."""
    doc = _doc()
    fid = db.add_document(doc, _extraction(doc))[0].id
    fact = db.review_fact(fid, "correct", "ana", {"people": "7"})
    assert fact.people == 7 and fact.review == "corrected"
    history = db.reviews(fid)
    assert history[0]["reviewer"] == "ana" and history[0]["original"]["people"] == 5
    with pytest.raises(InvalidQuery):
        db.review_fact(fid, "correct", "ana", {"evidence": "made up"})
    with pytest.raises(NotFound):
        db.review_fact(999999, "accept", "ana")


def test_search_finds_documents_and_evidence(db):
    doc = _doc()
    db.add_document(doc, _extraction(doc))
    hits = db.search("flight Kigali")
    assert any(h["kind"] == "document" and h["ref"] == "d1" for h in hits)
    with pytest.raises(InvalidQuery):
        db.search("  !! ")


def test_rejections_are_kept(db):
    db.add_rejection(Rejection("bad.jsonl:3", "malformed JSON"))
    assert db.rejections()[0]["reason"] == "malformed JSON"


def test_unusable_sqlite_file_is_named(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(str(path), reference=False)


def test_ids_beyond_any_database_are_not_found(db):
    """An id too large for the database is an unknown fact, not a crash."""
    with pytest.raises(NotFound):
        db.fact(10**20)
    with pytest.raises(NotFound):
        db.review_fact(10**20, "accept", "ana")


def test_corrections_are_checked_by_the_store(db):
    doc = _doc()
    fid = db.add_document(doc, _extraction(doc))[0].id
    for changes in ({"people": True}, {"amount": float("nan")}, {"nationalities": 5}, {"sender": "123"},
                    {"date_qualifier": "sometime"}, {"date": "2025-02-30"}, {"people": 10**30}):
        with pytest.raises(InvalidQuery):
            db.review_fact(fid, "correct", "ana", changes)
    assert db.fact(fid).review is None
    assert db.review_fact(fid, "correct", "ana", {"nationalities": ["ven"], "sender": "usa"}).nationalities == ("VEN",)


def _corridor_doc(i: int, sender: str, receiver: str) -> tuple[Document, Extraction]:
    doc = _doc(i)
    facts = (Fact(type="transfer", sender=sender, receiver=receiver, date=doc.date, people=5, evidence=doc.text[:10],
                  span=Span(0, 10), document_id=doc.id, extractor_version="test"),)
    return doc, Extraction(doc.id, True, facts, ())


def test_a_review_changes_the_data_version_of_its_corridors_only(db):
    """A review changes the key of the corridor its fact is on (and, when a correction moves the fact,
    of the one it left), and of the whole database; every other corridor keeps its key, so its
    cached figures stay valid."""
    gbr = db.add_document(*_corridor_doc(1, "GBR", "RWA"))[0].id
    db.add_document(*_corridor_doc(2, "ITA", "ALB"))
    db.add_document(*_corridor_doc(3, "USA", None))
    corridors = [("GBR", "RWA"), ("ITA", "ALB"), ("USA", None), ("AUS", "NRU")]
    before = {c: db.data_version(c) for c in corridors}
    whole = db.data_version()

    db.review_fact(gbr, "accept", "ana")
    after = {c: db.data_version(c) for c in corridors}
    assert after[("GBR", "RWA")] != before[("GBR", "RWA")]
    assert all(after[c] == before[c] for c in corridors[1:])
    assert db.data_version() != whole

    # a correction that moves the fact: the corridor it left and the one it joined (with no fact
    # before) both change, the others do not
    db.review_fact(gbr, "correct", "ana", {"sender": "AUS", "receiver": "NRU"})
    moved = {c: db.data_version(c) for c in corridors}
    assert moved[("GBR", "RWA")] != after[("GBR", "RWA")] and moved[("AUS", "NRU")] != after[("AUS", "NRU")]
    assert moved[("ITA", "ALB")] == before[("ITA", "ALB")] and moved[("USA", None)] == before[("USA", None)]

    # an unknown end is a corridor of its own
    usa = db.list_facts(FactFilter(sender="USA"))[0][0].id
    db.review_fact(usa, "reject", "ana")
    assert db.data_version(("USA", None)) != before[("USA", None)]
    assert db.data_version(("ITA", "ALB")) == before[("ITA", "ALB")]


def test_the_corridor_reviews_migration_keys_every_reviewed_database_anew(tmp_path):
    """A database reviewed before migration 7 gets, for every corridor with facts, the latest review
    in its key (a new key, never one that could match figures cached before)."""
    from tcwatch.store import connect, migrate
    from tcwatch.store.migrations import MIGRATIONS as ALL, m007_corridor_reviews

    target = str(tmp_path / "old.db")
    with open_store(target, reference=False) as store:
        fid = store.add_document(*_corridor_doc(1, "GBR", "RWA"))[0].id
        store.add_document(*_corridor_doc(2, "ITA", "ALB"))
        store.review_fact(fid, "accept", "ana")
        review = store.conn.scalar("SELECT max(id) FROM reviews")
        with store.conn.transaction():  # back to a database of migration 6
            store.conn.execute("DROP TABLE corridor_reviews")
            store.conn.execute("DELETE FROM schema_migrations WHERE version = 7")
    assert ALL[6][2] is m007_corridor_reviews
    conn = connect(target)
    assert migrate(conn) == [7]
    rows = conn.query("SELECT corridor, review_id FROM corridor_reviews ORDER BY corridor")
    conn.close()
    assert rows == [{"corridor": "GBR>RWA", "review_id": review}, {"corridor": "ITA>ALB", "review_id": review}]


def test_the_document_total_is_kept_by_the_writes(db):
    """count_documents reads a count the inserts keep in their own transaction: equal to count(*)
    after writes, and a write that fails leaves it as it was."""
    for i in range(1, 4):
        doc = _doc(i, f"{TEXT} {i}")
        db.add_document(doc, _extraction(doc))
    doc = _doc(9, f"{TEXT} 9")
    with pytest.raises(StoreError):
        db.add_document(doc, Extraction(doc.id, True, (Fact(type="transfer", evidence=None),)))
    assert db.count_documents() == 3 == db.conn.scalar("SELECT count(*) FROM documents")


def test_the_row_counts_migration_counts_what_is_there(tmp_path):
    """A database stored before migration 8 gets its document total counted once."""
    from tcwatch.store import connect, migrate

    target = str(tmp_path / "old.db")
    with open_store(target, reference=False) as store:
        for i in range(1, 3):
            doc = _doc(i, f"{TEXT} {i}")
            store.add_document(doc, _extraction(doc))
        with store.conn.transaction():  # back to a database of migration 7
            store.conn.execute("DROP TABLE row_counts")
            store.conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    conn = connect(target)
    assert migrate(conn) == [8]
    assert conn.scalar("SELECT n FROM row_counts WHERE name = 'documents'") == 2
    conn.close()


def test_the_latest_facts_are_those_of_the_newest_documents_read_one_by_one(db):
    """One statement gives what reading the newest documents one by one and their facts gives:
    newest document first, facts in text order, documents about something else and documents
    beyond the window passed over, cut at the limit, each with its document's metadata."""
    for i in range(1, 8):
        doc = _doc(i)
        facts = () if i in (2, 5) else tuple(
            Fact(type="transfer", sender="GBR", receiver="RWA", date=doc.date, people=k + 1, evidence=doc.text[k:k + 9],
                 span=Span(k, k + 9), document_id=doc.id, extractor_version="test") for k in (3, 0, 6)[: 1 + i % 3])
        db.add_document(doc, Extraction(doc.id, i != 4, facts, ()))  # d4: facts, but read as about something else

    def one_by_one(documents: int, limit: int) -> list[tuple[int, str, str]]:
        out = []
        for d in db.documents(limit=documents):
            if d["relevant"]:
                out.extend((f.id, d["id"], d["title"]) for f in db.document_facts(d["id"]))
        return out[:limit]

    for documents, limit in [(200, 20), (200, 4), (3, 20), (1, 20)]:
        got = [(f.id, doc["id"], doc["title"]) for f, doc in db.latest_document_facts(documents, limit)]
        assert got == one_by_one(documents, limit), (documents, limit)
    newest = db.latest_document_facts(200, 20)
    assert [(doc["id"], f.span.start) for f, doc in newest[:4]] == [("d7", 0), ("d7", 3), ("d6", 3), ("d3", 3)]
    assert set(newest[0][1]) >= {"id", "title", "url", "source", "date"}


def test_a_review_that_leaves_its_fact_as_it_was_keeps_every_data_version(db):
    """Accepting a fact already accepted (or correcting a value to the one it has) changes nothing a
    cached view shows, so no data version changes and no cached figure is recomputed; a review that
    changes the fact still changes them."""
    gbr = db.add_document(*_corridor_doc(1, "GBR", "RWA"))[0].id
    db.add_document(*_corridor_doc(2, "ITA", "ALB"))
    db.review_fact(gbr, "accept", "ana")
    whole, corridor = db.data_version(), db.data_version(("GBR", "RWA"))

    db.review_fact(gbr, "accept", "bo")  # already accepted
    assert (db.data_version(), db.data_version(("GBR", "RWA"))) == (whole, corridor)
    assert [r["reviewer"] for r in db.reviews(gbr)] == ["ana", "bo"]  # the history keeps it

    db.review_fact(gbr, "correct", "bo", {"people": 5})  # the same value, but now "corrected"
    assert db.data_version() != whole and db.data_version(("GBR", "RWA")) != corridor
    whole, corridor = db.data_version(), db.data_version(("GBR", "RWA"))
    db.review_fact(gbr, "correct", "cy", {"people": 5})  # corrected to what it already is
    assert (db.data_version(), db.data_version(("GBR", "RWA"))) == (whole, corridor)
    db.review_fact(gbr, "correct", "cy", {"people": 6})
    assert db.data_version() != whole and db.data_version(("GBR", "RWA")) != corridor
    db.review_fact(gbr, "reject", "cy")
    assert db.fact(gbr).review == "rejected"
