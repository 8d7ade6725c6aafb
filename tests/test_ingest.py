"""The one ingest path: duplicates change nothing, syndicated copies link to one event,
totals count events, and a failure loses nothing stored before."""

from __future__ import annotations

from tcwatch.corridors import corridor_detail
from tcwatch.ingest import ingest_documents
from tcwatch.model import Document, Rejection

BODY = (
    "Seven men deported by the United States were flown to Rwanda on Friday under an agreement between "
    "the two governments, officials in Kigali said. The men, whose nationalities were not disclosed, "
    "are being housed in a hotel in the capital while their cases are reviewed by Rwandan authorities. "
    "Rights groups have criticised the arrangement, saying deportees risk being sent on to countries "
    "where they could face harm, and lawyers for several of the men said they had not been told where "
    "they were going until they boarded the plane."
)


def _doc(doc_id, text, date="2025-08-16", url=None):
    return Document(id=doc_id, date=date, text=text, url=url or f"https://example.org/{doc_id}")


def test_same_document_twice_is_stored_once(empty_store):
    doc = _doc("a", BODY)
    first = ingest_documents(empty_store, [doc])
    second = ingest_documents(empty_store, [doc])
    assert (first.stored, second.stored, second.duplicates) == (1, 0, 1)
    assert empty_store.count_documents() == 1


def test_syndicated_copy_links_to_the_same_event(empty_store):
    """A near-identical copy from another outlet is stored and marked, and its facts join the original's events."""
    original = _doc("wire", BODY)
    copy = _doc("mirror", BODY.replace("officials in Kigali said", "officials in Kigali told reporters"))
    report = ingest_documents(empty_store, [original, copy])
    assert report.stored == 2 and report.near_duplicates == 1
    assert empty_store.document("mirror")["duplicate_of"] == "wire"
    facts = empty_store.corridor_facts("USA", "RWA", "transfer")
    assert len(facts) == 2 and len({f.event_id for f in facts}) == 1
    detail = corridor_detail(empty_store, "USA", "RWA")
    assert detail["figures"]["people"]["total"] == 7


def test_a_later_report_of_the_same_transfer_is_one_event(empty_store):
    """'The seven men sent to Rwanda in August', reported weeks later, is not a second transfer."""
    later = _doc(
        "later",
        "The seven men deported by the United States to Rwanda in August are still waiting to hear whether "
        "they may stay, a government spokesperson in Kigali said on Monday.",
        date="2025-09-15",
    )
    ingest_documents(empty_store, [_doc("wire", BODY), later])
    transfers = empty_store.corridor_facts("USA", "RWA", "transfer")
    detail = corridor_detail(empty_store, "USA", "RWA")
    assert detail["figures"]["people"]["total"] == 7
    assert len(transfers) == 2 and len({f.event_id for f in transfers}) == 1


def test_rejections_are_recorded_and_the_rest_goes_on(empty_store):
    report = ingest_documents(empty_store, [Rejection("x.jsonl:4", "malformed JSON"), _doc("a", BODY)])
    assert report.stored == 1 and [r.origin for r in report.rejected] == ["x.jsonl:4"]
    assert empty_store.rejections()[0]["origin"] == "x.jsonl:4"


def test_same_id_new_content_keeps_both_versions(empty_store):
    ingest_documents(empty_store, [_doc("a", BODY)])
    report = ingest_documents(empty_store, [_doc("a", BODY + " An update was added later in the day.")])
    assert report.stored == 1 and empty_store.count_documents() == 2
