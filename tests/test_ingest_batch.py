"""The bulk path: many documents per transaction, each document still whole or absent.

A batch gives the same store as one transaction per document; a document that
cannot be stored is left out alone; a crash mid-batch leaves no part of the open
batch, and a rerun finishes the job; re-ingesting changes nothing. On SQLite and
on a real PostgreSQL server.
"""

from __future__ import annotations

import itertools

import pytest

from tcwatch.config import Options
from tcwatch.errors import ConfigError
from tcwatch.config import load_options
from tcwatch.ingest import ingest_documents
from tcwatch.model import Document
from tcwatch.store import open_store

# Texts written for these tests: reports of the same events from several outlets, a
# syndicated copy, an updated article under the same id, and unrelated news.
TEXTS = [
    ("usa-rwa-1", "2025-08-16", "Seven men deported by the United States were flown to Rwanda on Friday under an "
     "agreement between the two governments, officials in Kigali said. The men are being housed in a hotel in the "
     "capital while their cases are reviewed by the authorities, and none of them has yet been told how long the "
     "stay will last. Lawyers for two of the men said they had learned of the destination only at the airport, "
     "and that their clients had asked to be allowed to contact their families before the flight left."),
    ("noise-1", "2025-02-01", "The city council approved a new budget for road repairs on Tuesday, with most of the "
     "money going to resurfacing streets in the north of the town."),
    ("gbr-rwa-1", "2024-01-10", "Britain has paid Rwanda a further 100 million pounds under the asylum partnership, "
     "bringing the total cost of the scheme to 240 million pounds, the Home Office confirmed on Wednesday."),
    ("usa-rwa-2", "2025-09-15", "The seven men deported by the United States to Rwanda in August are still waiting to "
     "hear whether they may stay, a government spokesperson in Kigali said on Monday."),
    ("gbr-rwa-2", "2023-11-15", "The UK Supreme Court ruled on Wednesday that the government's plan to send asylum "
     "seekers to Rwanda is unlawful, because of the risk that genuine refugees would be returned to their home "
     "countries."),
    ("usa-slv-1", "2025-03-16", "The United States sent 238 Venezuelan men to El Salvador on Saturday, where they were "
     "taken to the CECOT mega-prison, the Salvadoran president said. The US is paying El Salvador 6 million dollars "
     "to hold them."),
    ("noise-2", "2025-02-02", "A local football club won its third match in a row on Saturday, moving up to fourth "
     "place in the league table before the winter break."),
    ("ita-alb-1", "2024-10-16", "Italy transferred the first 16 migrants intercepted at sea to Albania on Wednesday "
     "under a deal signed last year by Giorgia Meloni and Edi Rama, the Italian interior ministry said."),
]


def corpus() -> list[Document]:
    """The test documents, with a syndicated copy, an exact repeat and an updated article."""
    docs = [Document(id=i, date=d, text=t, url=f"https://example.org/{i}", source="Example") for i, d, t in TEXTS]
    wire = docs[0]
    docs.insert(4, Document(id="usa-rwa-1-mirror", date=wire.date, url="https://mirror.example/usa-rwa-1",
                            text=wire.text.replace("officials in Kigali said", "officials in Kigali told reporters")))
    docs.insert(6, docs[2])  # the same item read twice
    docs.append(Document(id="ita-alb-1", date="2024-10-17", url="https://example.org/ita-alb-1",
                         text=docs[-1].text + " The centres cost 650 million euros over five years."))
    return docs


def snapshot(store) -> dict:
    """Everything ingest writes, without the times of writing."""
    q = store.conn.query
    return {
        "documents": q("SELECT id, hash, date, title, text, url, source, origin, relevant, duplicate_of, "
                       "extractor_version FROM documents ORDER BY id"),
        "facts": [{k: v for k, v in r.items() if k != "created_at"} for r in q("SELECT * FROM facts ORDER BY id")],
        "events": q("SELECT id, type, sender, receiver FROM events ORDER BY id"),
        "mentions": q("SELECT document_id, kind, text, start_offset, end_offset, value, role FROM mentions "
                      "ORDER BY document_id, start_offset, end_offset, kind, text"),
        "signatures": [(r["document_id"], bytes(r["signature"])) for r in
                       q("SELECT document_id, signature FROM signatures ORDER BY document_id")],
        "search": q("SELECT kind, ref, title, body FROM search_index ORDER BY kind, ref"),
        "rejections": [r["origin"] for r in q("SELECT origin FROM rejections ORDER BY id")],
    }


def single(target) -> dict:
    with open_store(target) as store:
        ingest_documents(store, corpus())
        return snapshot(store)


@pytest.fixture
def other_target(any_target, tmp_path, request):
    """A second empty database of the same kind as ``any_target``."""
    if any_target.startswith("postgresql"):
        return _pg_db(any_target)
    return str(tmp_path / "other.db")


def _pg_db(url: str) -> str:
    import time

    import psycopg

    name = f"o{int(time.time() * 1e6)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.mark.parametrize("batch_size", [3, 100])
def test_a_batch_stores_what_one_transaction_per_document_stores(any_target, other_target, batch_size):
    with open_store(any_target) as store:
        report = ingest_documents(store, corpus(), batch_size=batch_size)
        batched = snapshot(store)
    assert (report.read, report.stored, report.duplicates, report.near_duplicates) == (11, 10, 1, 1)
    assert batched == single(other_target)
    mirror = next(d for d in batched["documents"] if d["id"] == "usa-rwa-1-mirror")
    assert mirror["duplicate_of"] == "usa-rwa-1"
    assert {d["id"] for d in batched["documents"]} >= {"ita-alb-1", f"ita-alb-1~{corpus()[-1].hash[:8]}"}
    transfers = [f for f in batched["facts"] if f["origin"] == "extracted"
                 and (f["sender"], f["receiver"], f["type"]) == ("USA", "RWA", "transfer")]
    assert len(transfers) == 3 and len({f["event_id"] for f in transfers}) == 1


def test_a_bad_document_in_a_batch_is_rejected_and_the_others_are_stored(any_target):
    docs = corpus()
    bad = Document(id="undated", date=None, text="An item a reader let through without a date.", origin="feed.jsonl:7")
    docs.insert(3, bad)
    with open_store(any_target) as store:
        report = ingest_documents(store, docs, batch_size=100)
        stored = {r["id"] for r in store.conn.query("SELECT id FROM documents")}
        assert [r.origin for r in report.rejected] == ["feed.jsonl:7"]
        assert "could not be stored" in report.rejected[0].reason
        assert store.rejections()[0]["origin"] == "feed.jsonl:7"
        assert "undated" not in stored and report.stored == 10 and len(stored) == 10
        # the documents after the bad one were linked as usual
        transfers = [f for f in store.corridor_facts("USA", "RWA", "transfer") if f.origin == "extracted"]
        assert len(transfers) == 3 and len({f.event_id for f in transfers}) == 1


class Crash(Exception):
    """Stands for the process dying (not a TcwatchError: ingest does not catch it)."""


def test_a_crash_mid_batch_leaves_no_partial_document_and_a_rerun_finishes(any_target, other_target):
    docs = corpus()
    seen = []

    def crash_after_facts(facts):
        # runs in the document's savepoint after its facts are written: the crash
        # comes after part of that document is in the database
        seen.append(facts[0].document_id)
        if len(seen) == 4:
            raise Crash("killed")

    with open_store(any_target) as store:
        with pytest.raises(Crash):  # a clock that stands still: one transaction per batch
            ingest_documents(store, docs, batch_size=4, on_stored=crash_after_facts, clock=lambda: 0.0)
        after_crash = snapshot(store)
        stored = [d["id"] for d in after_crash["documents"]]
        # the first batch (4 items) was committed; nothing of the open one is left
        assert stored == sorted(d.id for d in docs[:4])
        assert seen[3] not in stored
        with_facts = {f["document_id"] for f in after_crash["facts"] if f["document_id"]}
        assert with_facts <= set(stored)
        assert {m["document_id"] for m in after_crash["mentions"]} <= set(stored)
        assert {s[0] for s in after_crash["signatures"]} <= set(stored)
        # the rerun skips what is stored and ends where an uninterrupted run ends
        report = ingest_documents(store, docs, batch_size=4)
        assert report.duplicates == 5 and report.stored == 6
        resumed = snapshot(store)
    expected = single(other_target)
    for table in ("documents", "mentions", "signatures"):
        assert resumed[table] == expected[table], table
    # the same facts in the same events (ids of rolled-back rows are not reused on PostgreSQL)
    assert _groups(resumed) == _groups(expected)
    assert _search(resumed) == _search(expected)


def _search(snap) -> list:
    return sorted((r["kind"], r["ref"] if r["kind"] == "document" else "", r["title"], r["body"]) for r in snap["search"])


def _groups(snap) -> set:
    by_event: dict = {}
    for f in snap["facts"]:
        by_event.setdefault(f["event_id"], set()).add((f["document_id"], f["origin"], f["type"], f["evidence"]))
    return {frozenset(v) for v in by_event.values()}


def test_reingesting_a_batch_changes_nothing(any_target):
    with open_store(any_target) as store:
        ingest_documents(store, corpus(), batch_size=4)
        before = snapshot(store)
        report = ingest_documents(store, corpus(), batch_size=4)
        assert (report.stored, report.duplicates, report.facts) == (0, 11, 0)
        assert snapshot(store) == before


def test_bad_documents_anywhere_in_a_batch_are_named_and_nothing_else_is_lost(any_target, other_target):
    """A batch's rows are written together at its end: a document whose row the database refuses
    there (first, last, or beside an input the reader rejected) is named by its input, and every
    other document is stored as one-document transactions store it."""
    from tcwatch.model import Rejection

    good = corpus()
    first = Document(id="undated-1", date=None, text="An item with no date, read first.", origin="feed.jsonl:1")
    last = Document(id="undated-2", date=None, text="Another item with no date, read last.", origin="feed.jsonl:99")
    unreadable = Rejection("feed.jsonl:5", "not valid JSON")
    items = [first, *good[:4], unreadable, *good[4:], last]
    with open_store(any_target) as store:
        report = ingest_documents(store, items, batch_size=100)
        assert [r.origin for r in report.rejected] == ["feed.jsonl:1", "feed.jsonl:5", "feed.jsonl:99"]
        assert all("could not be stored" in r.reason for r in (report.rejected[0], report.rejected[2]))
        assert [r["origin"] for r in store.rejections()] == ["feed.jsonl:99", "feed.jsonl:5", "feed.jsonl:1"]
        assert (report.stored, report.duplicates, report.near_duplicates) == (10, 1, 1)
        got = snapshot(store)
    with open_store(other_target) as store:
        ingest_documents(store, good)
        expected = snapshot(store)
    for table in ("documents", "mentions", "signatures"):
        assert got[table] == expected[table], table
    assert _groups(got) == _groups(expected)
    assert _search(got) == _search(expected)


def test_the_bulk_path_and_the_one_document_path_continue_each_others_ids(any_target, other_target):
    """Rows written together take the ids one INSERT per row would take: documents ingested in a
    batch, then one at a time, then in a batch again end exactly as all of them one at a time
    (same fact and event ids), and no id is taken twice."""
    docs = corpus()
    with open_store(any_target) as store:
        ingest_documents(store, docs[:5], batch_size=100)
        ingest_documents(store, docs[5:8])
        ingest_documents(store, docs[8:], batch_size=100)
        mixed = snapshot(store)
    assert mixed == single(other_target)
    ids = [f["id"] for f in mixed["facts"]]
    assert len(ids) == len(set(ids)) and len({e["id"] for e in mixed["events"]}) == len(mixed["events"])


def test_a_fact_id_is_not_reused_after_the_newest_fact_is_removed(tmp_path):
    """Removing the newest facts (as replacing the curated set removes facts) does not hand their ids
    to the next batch's facts: a link to a removed fact never shows another one."""
    with open_store(str(tmp_path / "a.db")) as store:
        ingest_documents(store, corpus()[:3])
        top = store.max_fact_id()
        with store.conn.transaction():
            store.conn.execute("DELETE FROM search_index WHERE kind = 'fact' AND ref = ?", (str(top),))
            store.conn.execute("DELETE FROM facts WHERE id = ?", (top,))
        report = ingest_documents(store, corpus()[3:], batch_size=100)
        assert report.facts and min(f.id for f in report.stored_facts) == top + 1


def test_what_runs_while_a_batch_is_written_sees_the_documents_before_it(any_target):
    """``on_stored`` (the watcher's alerts) runs while the batch is open: the store it reads already
    holds its document, that document's facts and every document before it in the batch."""
    docs = corpus()
    seen = []

    def look(facts):
        doc_id = facts[0].document_id
        try:
            seen.append((doc_id, store.document(doc_id)["id"], len(store.document_facts(doc_id)) == len(facts),
                         store.count_documents()))
        except Exception as exc:  # kept, not raised: a store error would send the batch down the slow path
            seen.append((doc_id, exc, False, 0))

    with open_store(any_target) as store:
        ingest_documents(store, docs, batch_size=100, on_stored=look)
        order = [r["id"] for r in store.conn.query("SELECT id FROM documents ORDER BY rowid")] \
            if store.dialect == "sqlite" else None
    assert seen and all(doc_id == stored and complete for doc_id, stored, complete, _ in seen)
    counts = [n for *_, n in seen]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    if order is not None:  # the count is of the documents up to this one, in input order
        assert all(order[n - 1] == doc_id for doc_id, _, _, n in seen)


# -- the bound on a bulk transaction ---------------------------------------------------------------
def ticking(step: float):
    """A clock that moves ``step`` seconds each time it is read (the ingest reads it when a
    transaction opens and after each item it writes)."""
    ticks = itertools.count()
    return lambda: next(ticks) * step


def committed_groups(target, docs, **kw) -> list[int]:
    """Ingest ``docs`` on the bulk path; after each commit, how many documents another
    connection sees (a reader, or a reviewer waiting for the write lock)."""
    seen: list[int] = []
    with open_store(target) as store, open_store(target) as other:
        def visible(item):
            n = other.count_documents()
            if not seen or seen[-1] != n:
                seen.append(n)

        ingest_documents(store, docs, progress=visible, **kw)
        final = other.count_documents()
    assert seen[-1] == final
    return seen


def test_a_bulk_transaction_commits_once_it_has_been_open_the_time_allowed(any_target, other_target):
    docs = corpus()  # 11 items, 10 distinct documents (one item is read twice)
    # each item "takes" 40 ms: a 100 ms bound commits every 3 items (at 120 ms)
    groups = committed_groups(any_target, docs, batch_size=100, options=Options(bulk_commit_ms=100),
                              clock=ticking(0.040))
    steps = [b - a for a, b in zip([0] + groups, groups)]
    assert groups[-1] == 10 and max(steps) <= 3 and len(steps) >= 4
    # the same run with time to spare commits the batch at once
    assert committed_groups(other_target, docs, batch_size=100, options=Options(bulk_commit_ms=10_000),
                            clock=ticking(0.040)) == [10]


def test_a_bulk_transaction_holds_at_most_the_documents_allowed(any_target):
    docs = corpus()
    groups = committed_groups(any_target, docs, batch_size=100, options=Options(bulk_commit_docs=2),
                              clock=lambda: 0.0)
    steps = [b - a for a, b in zip([0] + groups, groups)]
    assert groups[-1] == 10 and max(steps) <= 2 and len(steps) >= 5


@pytest.mark.parametrize("bound", [{"bulk_commit_docs": 1}, {"bulk_commit_ms": 100}])
def test_short_bulk_transactions_store_what_one_transaction_per_document_stores(any_target, other_target, bound):
    with open_store(any_target) as store:
        report = ingest_documents(store, corpus(), batch_size=100, options=Options(**bound), clock=ticking(0.060))
        batched = snapshot(store)
    assert (report.read, report.stored, report.duplicates, report.near_duplicates) == (11, 10, 1, 1)
    assert batched == single(other_target)


def test_a_crash_in_a_short_transaction_keeps_the_ones_committed_and_a_rerun_finishes(any_target, other_target):
    docs = corpus()
    seen = []

    def crash_after_facts(facts):
        seen.append(facts[0].document_id)
        if len(seen) == 4:
            raise Crash("killed")

    options = Options(bulk_commit_docs=2)
    with open_store(any_target) as store:
        with pytest.raises(Crash):
            ingest_documents(store, docs, batch_size=100, options=options, on_stored=crash_after_facts)
        stored = {d["id"] for d in snapshot(store)["documents"]}
        # the transactions (of 2 items) before the crash were committed, the open one left nothing
        assert seen[3] not in stored and seen[0] in stored
        assert any(stored == {d.id for d in docs[:k]} for k in range(2, len(docs), 2))
        ingest_documents(store, docs, batch_size=100, options=options)
        resumed = snapshot(store)
    expected = single(other_target)
    for table in ("documents", "mentions", "signatures"):
        assert resumed[table] == expected[table], table
    assert _groups(resumed) == _groups(expected)


@pytest.mark.parametrize("setting", [("bulk_commit_docs", "0"), ("bulk_commit_ms", "-1"), ("bulk_commit_ms", "soon")])
def test_a_bulk_commit_bound_that_cannot_work_is_refused(setting):
    name, value = setting
    with pytest.raises(ConfigError, match=name):
        load_options(env={}, **{name: value})


def test_a_writer_waiting_during_a_bulk_ingest_gets_in_between_its_transactions(any_target, monkeypatch):
    """A review (another connection's write) asked for while a bulk ingest writes waits for one of
    the ingest's short transactions, not for all of them: the ingest leaves the write lock free for
    a moment between its transactions, and a waiting writer takes it then (on SQLite a blocked
    ``BEGIN IMMEDIATE`` retried by SQLite's busy handler every 100 ms almost never hit the instant
    between one commit and the next begin, so a review waited for the whole write phase). Here the
    ingest leaves the lock free after every transaction (by default, after every 100 ms of them)."""
    import threading

    import tcwatch.ingest

    monkeypatch.setattr(tcwatch.ingest, "YIELD_EVERY", 0.0)  # the lock left free after every transaction
    docs = [Document(id=f"noise-{i}", date="2025-02-01", url=f"https://example.org/noise-{i}",
                     text=f"Item {i}: the city council approved a new budget for road repairs on Tuesday, "
                          f"with most of the money going to resurfacing streets in district {i}.")
            for i in range(1500)]
    seen_by_writer: list[int] = []
    started = threading.Event()

    with open_store(any_target) as store, open_store(any_target) as other:
        def review():
            with other.conn.transaction():  # waits for the write lock
                seen_by_writer.append(other.count_documents())
                other.set_meta("test-writer", "was here")

        writer = threading.Thread(target=review)

        def first_commit(item):
            if not started.is_set():
                started.set()
                writer.start()

        report = ingest_documents(store, docs, batch_size=len(docs), progress=first_commit,
                                  options=Options(bulk_commit_docs=20), clock=lambda: 0.0)
        writer.join(60)
        assert report.stored == len(docs) and store.count_documents() == len(docs)
    assert started.is_set() and not writer.is_alive()
    # it wrote after the ingest's first transaction of 20 documents and within a few more of them
    # (not after hundreds of documents, nor after the whole ingest)
    assert seen_by_writer and 20 <= seen_by_writer[0] <= 100, seen_by_writer
