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
