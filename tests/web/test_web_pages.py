"""The dashboard's pages rendered in-process: content, escaping, security headers, review forms."""

from __future__ import annotations

import re

import pytest

from web_helpers import TOKEN, sample_data


@pytest.mark.parametrize("url", ["/", "/corridors/USA-RWA", "/documents/doc-talks", "/facts", "/facts/1",
                                 "/search?q=Rwanda", "/login"])
def test_pages_render_with_csp(web, url):
    """Every page renders and carries a CSP that allows scripts only from our own origin."""
    r = web.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    # every asset is local
    for src in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not src.startswith("//") and "cdn" not in src
        assert src.startswith(("/", "#", "https://example.org/")) or src.startswith("?"), src


def test_overview_has_map_table_and_feed(web):
    """The overview draws an arrow per corridor, lists them in a table, and feeds the latest facts."""
    html = web.get("/").text
    assert html.count('class="corridor" data-corridor=') == 3
    assert 'href="/static/world.svg"' in html
    assert '<table id="corridors" class="sortable">' in html
    rows = re.findall(r'<tr data-corridor="([^"]+)"', html)
    assert {"USA-RWA", "AUS-NRU", "ITA-ALB"} <= set(rows)
    assert 'id="feed"' in html and "Another 5 people were flown to Rwanda" in html


def test_corridor_page_has_chart_figures_and_every_fact(web):
    """The corridor page has the timeline chart, the totals and every fact with a link to its document."""
    html = web.get("/corridors/USA-RWA").text
    assert 'id="timeline-chart"' in html and html.count('class="dot t-') == 6
    assert re.search(r'id="people-total">12<', html)
    assert "USD 100k paid" in html
    assert html.count('class="fact') >= 6
    assert 'href="/documents/doc-flight#fact-' in html
    assert 'id="people-chart"' in html


def test_document_page_marks_every_span(web, sample):
    """Each fact's evidence is wrapped in a <mark> labelled with its type."""
    html = web.get("/documents/doc-talks").text
    for fact in sample["doc-talks"]:
        assert f'id="fact-{fact.id}"' in html
    assert html.count("<mark ") == 3
    assert 'class="tag t-agreement"' in html


def test_untrusted_text_is_escaped_everywhere(web, sample):
    """Markup in a title, source, text or evidence is shown as text, never as markup."""
    for url in ["/documents/doc-xss", "/corridors/ITA-ALB", "/", "/facts?receiver=ALB",
                f"/facts/{sample['doc-xss'][0].id}", "/search?q=Ministers"]:
        html = web.get(url).text
        assert "<script>window.__pwned" not in html, url
        assert "<img src=\"x\"" not in html and "<b>Untrusted</b>" not in html, url
    assert "&lt;script&gt;window.__pwned" in web.get("/documents/doc-xss").text


def test_unknown_page_is_an_html_error_for_browsers(web):
    """A browser asking for a missing page gets an HTML error page with the right status."""
    r = web.get("/corridors/USA-XYZ", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "not found" in r.text and r.headers["content-type"].startswith("text/html")
    assert web.get("/corridors/USA-XYZ").json()["error"]["code"] == "not_found"


def _review(web, fact_id, **form):
    return web.post(f"/facts/{fact_id}/review", data=form, follow_redirects=False)


def test_review_form_needs_the_token(web, sample):
    """Without the token the form is refused; with it the review is stored and the page redirects."""
    fid = sample_data.fact_id(sample, "doc-ruling", "transfer")
    r = _review(web, fid, action="reject", reviewer="web")
    assert r.status_code == 403
    r = _review(web, fid, action="reject", reviewer="web", token="wrong")
    assert r.status_code == 403
    r = _review(web, fid, action="reject", reviewer="web", token=TOKEN)
    assert r.status_code == 303 and r.headers["location"] == f"/facts/{fid}"
    assert re.search(r'id="people-total">7<', web.get("/corridors/USA-RWA").text)


def test_login_cookie_lets_the_form_review(web, sample):
    """Entering the token once sets an HttpOnly cookie; the form then needs no token field."""
    r = web.post("/login", data={"token": "nope"}, follow_redirects=False)
    assert r.status_code == 403
    r = web.post("/login", data={"token": TOKEN, "next": "/corridors/USA-RWA"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/corridors/USA-RWA"
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    r = _review(web, fid, action="correct", reviewer="web", people="9", comment="recount")
    assert r.status_code == 303
    assert re.search(r'id="people-total">14<', web.get("/corridors/USA-RWA").text)
    page = web.get(f"/facts/{fid}").text
    assert "corrected" in page and "recount" in page


def test_form_from_another_site_is_refused(web, sample):
    """A form posted with a foreign Origin is refused even with the cookie."""
    web.post("/login", data={"token": TOKEN})
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    r = web.post(f"/facts/{fid}/review", data={"action": "reject"}, headers={"Origin": "https://evil.example"},
                 follow_redirects=False)
    assert r.status_code == 403


def test_facts_page_filters_and_counts(web):
    """The facts page shows the filtered total and links to the matching exports."""
    html = web.get("/facts?type=transfer&sender=&receiver=").text
    assert re.search(r'id="facts-total">4<', html)
    assert "/api/export/facts.csv?type=transfer" in html


def test_conflicts_are_shown(web, empty_store):
    """When two reports of one event disagree, the corridor page says on what, and what the figures use."""
    from tcwatch.model import Document, Extraction, Fact, Span

    text = "Around 20 June a federal judge blocked the removals to Rwanda."
    stored = empty_store.add_document(
        Document(id="doc-conflict", date="2025-06-21", text=text, title="Second report"),
        Extraction("doc-conflict", True, (Fact(type="ruling", sender="USA", receiver="RWA", date="2025-06-20",
                                                date_qualifier="approx", outcome="blocked", actor="a federal judge", evidence=text,
                                                span=Span(0, len(text)), document_id="doc-conflict"),)),
    )
    html = web.get("/corridors/USA-RWA").text
    assert 'id="conflicts"' in html
    section = html[html.index('id="conflicts"'):]
    assert "sources disagree on <strong>date</strong>" in section
    assert f'href="#fact-{stored[0].id}"' in section


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_login_never_redirects_off_site(web, target):
    """The page to return to after entering the token must be a path on this site."""
    r = web.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_pages_take_an_as_of_date(web):
    """The overview and the corridor page show the status as it stood on the date given."""
    assert "agreement" in web.get("/?as_of=2025-03-31").text
    html = web.get("/corridors/USA-RWA?as_of=2025-03-31").text
    assert '<strong id="status">agreement</strong>' in html
    assert web.get("/corridors/USA-RWA?as_of=someday", headers={"Accept": "text/html"}).status_code == 400


def _section(html: str, marker: str) -> str:
    """The markup from ``marker`` to the end of its card (the next card or section)."""
    start = html.index(marker)
    ends = [i for i in (html.find('<div class="card', start + 1), html.find("</section>", start)) if i > 0]
    return html[start:min(ends)]


def test_corridor_page_leads_with_cost_per_person_and_the_blocking_ruling(web, sample):
    """The corridor page opens with status, the ruling that blocks transfers, people, money and cost per
    person, each linked to the facts it rests on."""
    html = web.get("/corridors/USA-RWA").text
    head = html[html.index('id="headline"'):html.index('id="tl-heading"')]
    assert head.index('id="status"') < head.index('id="ruling"') < head.index('id="people-total"') \
        < head.index('id="money-total"') < head.index('id="cost-per-person"')
    ruling = _section(html, 'id="ruling"')
    assert 'class="card card-ruling blocked"' in html
    assert re.search(r'id="ruling-blocking">Transfers blocked<', ruling)
    assert "A federal judge" in ruling and "2025-06-19" in ruling
    ruling_fact = sample_data.fact_id(sample, "doc-ruling", "ruling")
    assert f'href="#fact-{ruling_fact}"' in ruling
    # USD 100k paid / 12 people moved
    cost = _section(html, 'id="cost-per-person"')
    assert re.search(r'class="cost">USD 8\.3k<', cost)
    assert "USD 100k paid ÷ 12 people moved" in cost
    payment = sample_data.fact_id(sample, "doc-flight", "payment")
    assert f'href="#fact-{payment}"' in cost
    # every fact the figures cite is on the page, as an anchor
    for fid in re.findall(r'href="#fact-(\d+)"', head):
        assert f'id="fact-{fid}"' in html


def test_corridor_page_without_a_blocking_ruling_or_cost(web):
    """A corridor with no ruling and no money says so rather than leaving the cards empty."""
    html = web.get("/corridors/AUS-NRU").text
    assert re.search(r'id="ruling-blocking">None on record<', html)
    assert 'class="card card-ruling blocked"' not in html
    cost = _section(html, 'id="cost-per-person"')
    assert "needs both money spent or paid and a count of people moved" in cost
    assert re.search(r'id="people-total">12<', html)


def test_a_ruling_lifted_by_a_later_transfer_is_not_blocking(web, empty_store, sample):
    """Once a transfer happens after the block, the page no longer says transfers are blocked."""
    from tcwatch.model import Document, Extraction, Fact, Span

    text = "Another 2 people were flown to Rwanda on 1 July."
    empty_store.add_document(
        Document(id="doc-later", date="2025-07-02", text=text, title="Flights resume"),
        Extraction("doc-later", True, (Fact(type="transfer", sender="USA", receiver="RWA", date="2025-07-01", people=2,
                                            evidence=text, span=Span(0, len(text)), document_id="doc-later"),)),
    )
    html = web.get("/corridors/USA-RWA").text
    assert re.search(r'id="ruling-blocking">No blocking ruling<', html)
    assert "1 ruling on record" in html
    assert re.search(r'class="cost">USD 7\.1k<', html)  # USD 100k / 14 people


def test_unknown_receiver_is_named_as_such(web, empty_store):
    """A corridor whose receiver the sources do not name reads as 'unnamed third countries', not 'unknown'."""
    from tcwatch.model import Document, Extraction, Fact, Span

    text = "The United States agreed a policy of removals to third countries."
    empty_store.add_document(
        Document(id="doc-xxx", date="2025-02-02", text=text, title="Policy"),
        Extraction("doc-xxx", True, (Fact(type="agreement", sender="USA", receiver=None, date="2025-02-01",
                                          evidence=text, span=Span(0, len(text)), document_id="doc-xxx"),)),
    )
    html = web.get("/corridors/USA-XXX").text
    assert "United States → unnamed third countries" in html
    assert "→ unknown" not in html


def test_conflicts_are_collapsed_with_a_count(web, empty_store):
    """A long list of disagreements between sources is folded away behind a count."""
    from tcwatch.model import Document, Extraction, Fact, Span

    text = "Around 20 June a federal judge blocked the removals to Rwanda."
    empty_store.add_document(
        Document(id="doc-conflict", date="2025-06-21", text=text, title="Second report"),
        Extraction("doc-conflict", True, (Fact(type="ruling", sender="USA", receiver="RWA", date="2025-06-20",
                                                date_qualifier="approx", outcome="blocked", actor="a federal judge",
                                                evidence=text, span=Span(0, len(text)), document_id="doc-conflict"),)),
    )
    html = web.get("/corridors/USA-RWA").text
    section = html[html.index('id="conflicts"'):]
    section = section[:section.index("</section>")]
    assert re.search(r"<details>\s*<summary><h2>Sources disagree on 1 point</h2>", section)
    assert "<details open" not in section


def test_as_of_counts_and_charts_stop_at_the_date(web):
    """On a past date, the counts say how many facts count then, and the people chart stops there."""
    html = web.get("/corridors/USA-RWA?as_of=2025-05-31").text
    assert re.search(r'id="people-total">7<', html)
    assert "facts dated up to 2025-05-31" in html
    assert "Figures as they stood on <strong>2025-05-31</strong>" in html
    assert re.search(r'<title id="people-title">People moved, cumulative: 7 by 2025</title>', html)
    assert "Another 5 people were flown" not in html


def test_every_fact_leads_to_its_source(web):
    """Each fact in a list names its document and the original article's site, never a bare 'source 1'."""
    for url in ["/corridors/USA-RWA", "/facts", "/"]:
        html = web.get(url).text
        assert "source 1<" not in html, url
        assert re.search(r'class="ext" title="https://example.org/news/flight">original at example.org</a>', html), url


def test_pages_have_landmarks_labels_and_a_skip_link(web):
    """Every page has one h1, a skip link to the main content, a labelled nav; charts carry titles."""
    for url in ["/", "/corridors/USA-RWA", "/documents/doc-talks", "/facts", "/facts/1", "/search?q=Rwanda",
                "/login"]:
        html = web.get(url).text
        assert html.count("<h1") == 1, url
        assert '<a class="skip" href="#main">' in html and '<main id="main">' in html, url
        assert '<nav aria-label="Main">' in html, url
    html = web.get("/corridors/USA-RWA").text
    for chart in re.findall(r"<svg [^>]*>", html):
        assert "aria-labelledby=" in chart or "aria-label=" in chart, chart
    # the dots of the timeline are links a keyboard reaches, each with a readable label
    assert re.search(r'<a href="#fact-\d+" class="dot-link" aria-label="transfer · 2025-05-01', html)
    search = web.get("/search?q=Rwanda").text
    assert '<label for="q" class="visually-hidden">' in search


def test_latest_facts_skip_documents_without_facts(web, empty_store):
    """The overview's feed is filled from the newest documents that have facts, not cut short by others."""
    from tcwatch.model import Document, Extraction

    for i in range(15):
        empty_store.add_document(Document(id=f"doc-noise-{i}", date="2026-01-01", text=f"Unrelated item {i}.",
                                          title=f"Noise {i}"), Extraction(f"doc-noise-{i}", False, ()))
    html = web.get("/").text
    assert len(re.findall(r'<li class="fact" id="feed-', html)) == 9  # every sample fact


def test_overview_on_a_past_date_lists_the_corridors_of_then(web):
    """On a past date the overview lists only corridors with an event by then, linking to their page on that date."""
    html = web.get("/?as_of=2024-12-31").text
    rows = re.findall(r'<tr data-corridor="([^"]+)"', html)
    assert set(rows) == {"AUS-NRU", "ITA-ALB"}
    assert 'href="/corridors/ITA-ALB?as_of=2024-12-31"' in html


def test_a_long_list_of_conflicts_shows_the_latest_and_links_to_all(web, empty_store, monkeypatch):
    """More disagreements than the page lists: the latest are listed, the count and the JSON give all."""
    from tcwatch.model import Document, Extraction, Fact, Span
    from tcwatch.web import pages

    monkeypatch.setattr(pages, "CONFLICTS_SHOWN", 1)
    for i, (kind, extra) in enumerate([("ruling", dict(date="2025-06-20", date_qualifier="approx", outcome="blocked",
                                                         actor="a federal judge")),
                                        ("transfer", dict(date="2025-06-16", date_qualifier="approx", people=5))]):
        text = f"Report {i}: a {kind} on the corridor from the United States to Rwanda."
        empty_store.add_document(
            Document(id=f"doc-conflict-{i}", date="2025-06-21", text=text, title=f"Report {i}"),
            Extraction(f"doc-conflict-{i}", True, (Fact(type=kind, sender="USA", receiver="RWA", evidence=text,
                                                        span=Span(0, len(text)), document_id=f"doc-conflict-{i}",
                                                        **extra),)))
    detail = web.get("/api/corridors/USA-RWA").json()
    assert len(detail["conflicts"]) >= 2
    html = web.get("/corridors/USA-RWA").text
    section = html[html.index('id="conflicts"'):]
    section = section[:section.index("</section>")]
    assert f"Sources disagree on {len(detail['conflicts'])} points" in section
    assert section.count('<li class="conflict">') == 1 and 'href="/api/corridors/USA-RWA">the JSON</a>' in section


def _feed(html: str) -> list[str]:
    return re.findall(r'<li class="fact" id="feed-(\d+)"', html)


def test_the_overview_from_the_cache_is_the_overview_computed_afresh(web):
    from tcwatch.corridors import clear_cache

    for url in ("/", "/?as_of=2024-12-31"):
        first = web.get(url).text
        again = web.get(url).text  # from the cache
        clear_cache()
        assert again == first == web.get(url).text, url


def test_a_write_changes_the_overview_at_once(web, empty_store):
    """New facts, a correction and newer documents without facts each show on the next overview,
    although the one before was cached."""
    from tcwatch.model import Document, Extraction, Fact, Span

    def totals(html: str) -> tuple[int, int]:
        facts, documents = re.search(r"(\d+) facts · (\d+) documents", html).groups()
        return int(facts), int(documents)

    facts, documents = totals(web.get("/").text)
    text = "Nine people were flown to Rwanda on Monday, officials said."
    doc = Document(id="doc-new", date="2026-02-03", text=text, title="Nine more", url="https://example.org/new")
    fact = Fact(type="transfer", sender="USA", receiver="RWA", date="2026-02-02", people=9, evidence=text,
                span=Span(0, len(text)), document_id=doc.id, extractor_version="test")
    (stored,) = empty_store.add_document(doc, Extraction(doc.id, True, (fact,), ()))
    after = web.get("/").text
    assert _feed(after)[0] == str(stored.id) and "9 people" in after
    assert totals(after) == (facts + 1, documents + 1)

    empty_store.review_fact(stored.id, "correct", "ana", {"people": 11})
    corrected = web.get("/").text
    assert _feed(corrected)[0] == str(stored.id) and "11 people" in corrected and "9 people" not in corrected

    # 200 newer documents with no fact push every fact out of the feed's window
    for i in range(200):
        empty_store.add_document(Document(id=f"doc-later-{i}", date="2026-03-01", text=f"Unrelated item {i}.",
                                          title=f"Later {i}"), Extraction(f"doc-later-{i}", False, ()))
    last = web.get("/").text
    assert _feed(last) == [] and totals(last) == (facts + 1, documents + 201)


@pytest.mark.parametrize("url", ["/facts", "/facts?type=transfer&sender=USA", "/facts?limit=2",
                                 "/api/facts", "/api/facts?receiver=RWA&limit=3", "/api/facts?since=2025-05"])
def test_a_facts_listing_from_the_cache_is_the_listing_computed_afresh_and_a_write_shows_at_once(web, empty_store, url):
    from tcwatch.corridors import clear_cache
    from tcwatch.model import Document, Extraction, Fact, Span

    first = web.get(url).text
    assert web.get(url).text == first  # from the cache
    clear_cache()
    assert web.get(url).text == first

    text = "Four people were flown from the United States to Rwanda on Monday."
    doc = Document(id="doc-more", date="2025-07-01", text=text, title="Four more")
    fact = Fact(type="transfer", sender="USA", receiver="RWA", date="2025-06-30", people=4, evidence=text,
                span=Span(0, len(text)), document_id=doc.id, extractor_version="test")
    (stored,) = empty_store.add_document(doc, Extraction(doc.id, True, (fact,), ()))
    after = web.get(url).text
    assert after != first
    clear_cache()
    assert web.get(url).text == after
    # a review of a fact on the page
    on_page = (web.get(url).json()["items"][0]["id"] if url.startswith("/api/")
               else int(re.search(r'href="/facts/(\d+)"', after).group(1)))
    empty_store.review_fact(on_page, "reject", "ana")
    reviewed = web.get(url).text
    assert reviewed != after and "rejected" in reviewed


@pytest.mark.parametrize("url", ["/search?q=Rwanda", "/api/search?q=Rwanda"])
def test_search_from_the_cache_is_the_search_computed_afresh_and_a_new_document_is_found_at_once(web, empty_store, url):
    """A document with no fact (no new fact, no review) is found on the next search."""
    from tcwatch.corridors import clear_cache
    from tcwatch.model import Document, Extraction

    first = web.get(url).text
    assert web.get(url).text == first
    clear_cache()
    assert web.get(url).text == first
    assert "Zebra crossing" not in first
    empty_store.add_document(Document(id="doc-zebra", date="2025-08-01", title="Zebra crossing in Rwanda",
                                      text="A new zebra crossing was painted in a town in Rwanda."),
                             Extraction("doc-zebra", True, ()))
    after = web.get(url).text
    assert "Zebra crossing" in after
    clear_cache()
    assert web.get(url).text == after
