"""Stored XSS, in the real browser: a payload in every field a document, a feed or a review carries is
shown as text on every dashboard page and never runs; ``javascript:`` and ``data:`` URLs are never links.

The browser ignores the Content-Security-Policy here (``bypass_csp``), so what is tested is the escaping
itself; the CSP is a second wall, checked on every response by test_sec_headers.
"""

from __future__ import annotations

import socket
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

import httpx
import pytest
from security_helpers import TOKEN, make_app

from tcwatch.config import Options
from tcwatch.model import Document, Extraction, Fact, Span

pytestmark = pytest.mark.browser


def payload(field: str, short: bool = False) -> str:
    """Text that runs script (sets window.__xss, opens a dialog) if it is ever parsed as HTML."""
    mark = f"window.__xss=(window.__xss||[]).concat(['{field}'])"
    if short:  # for fields capped at 200 characters
        return f"XSS-{field}<img src=x onerror=\"{mark};alert(1)\">"
    return (f"XSS-{field}<img src=x onerror=\"{mark};alert('{field}')\"><script>{mark}</script>"
            f"\"'><svg onload=\"{mark}\"></svg><iframe srcdoc=\"<script>parent.{mark}</script>\"></iframe>")


BAD_URLS = {
    "url-js": "javascript:window.__xss=['url-js'];alert('url-js')",
    "url-data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "url-mixed": " JaVa\tScRiPt:alert('url-mixed')",
    "url-vb": "vbscript:msgbox(1)",
}


def _doc_with_facts(store, doc_id: str, url: str, title: str, source: str, sentences: list[tuple[str, dict]]):
    text = "\n".join(s for s, _ in sentences)
    facts = []
    for sentence, spec in sentences:
        if spec:
            start = text.index(sentence)
            facts.append(Fact(**spec, evidence=sentence, span=Span(start, start + len(sentence)), document_id=doc_id,
                              extractor_version="xss-1", published="2025-05-02"))
    doc = Document(id=doc_id, date="2025-05-02", title=title, source=source, url=url, text=text)
    return store.add_document(doc, Extraction(doc_id, relevant=bool(facts), facts=tuple(facts)))


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{channel}</title><link>https://example.org/</link>
<item><guid>xss-item-1</guid><title>{title}</title><link>{link}</link>
<description>{summary}</description><pubDate>Fri, 02 May 2025 09:00:00 GMT</pubDate></item>
</channel></rss>"""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
def hostile(empty_store, server):
    """A database whose every text field carries a payload: stored documents and facts, a feed item polled
    from a loopback feed named with a payload, and (later, over HTTP) reviews."""
    store = empty_store
    made = {}
    made["doc-xss"] = _doc_with_facts(store, "doc-xss", BAD_URLS["url-js"], payload("title"), payload("source"), [
        (f"A first flight carried 7 people from the United States to Rwanda {payload('evidence')} on Thursday.",
         dict(type="transfer", sender="USA", receiver="RWA", date="2025-05-01", people=7)),
        (f"The plain text goes on {payload('text')} here.", {}),
        (f"A charity {payload('actor-sentence')} criticised the plan for Rwanda.",
         dict(type="criticism", sender="USA", receiver="RWA", actor=payload("actor"), date="2025-05-02")),
    ])
    for key in ("url-data", "url-mixed", "url-vb"):
        made[key] = _doc_with_facts(store, f"doc-{key}", BAD_URLS[key], f"Document with a {key} link", "Wire", [
            (f"Italy sent 3 people to Albania ({key}).", dict(type="transfer", sender="ITA", receiver="ALB",
                                                             date="2025-05-01", people=3,
                                                             source_urls=(BAD_URLS[key], "https://example.org/ok"))),
        ])
    # a feed item: title, summary, link and the source's name all hostile
    from tcwatch.watch import Watch, add_source, poll_source

    rss = RSS.format(channel=_xml(payload("channel")), title=_xml(payload("feed-title")),
                     link=_xml("javascript:window.__xss=['feed-link']"),
                     summary=_xml(f"The United States sent 5 people to Eswatini on 1 May 2025. {payload('feed-summary')}"))
    url = server.static("/rss", rss)
    with httpx.Client(trust_env=False) as client:
        watch = Watch(options=Options(allow_private=True, timeout=5.0), client=client)
        source = add_source(store, url, name=payload("feed-name"))
        result = poll_source(store, source, watch)
    assert result.error is None if hasattr(result, "error") else True
    return made


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(db_path, hostile):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(db_path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


FIND_BAD = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\\\:href]')) {
    for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
      const v = (el.getAttribute(name) || '').replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (v.startsWith('javascript:') || v.startsWith('data:') || v.startsWith('vbscript:')) bad.push(el.outerHTML.slice(0, 200));
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], script:not([src])'))
    bad.push('injected ' + el.outerHTML.slice(0, 200));
  return bad;
}"""


def test_stored_xss_never_runs_on_any_page(live, hostile, browser):
    """Every page showing a hostile field shows it as text; no script runs, no dialog opens, no
    javascript:/data: link or injected element is in the DOM."""
    base = live
    fact_ids = [f.id for facts in hostile.values() for f in facts]
    with httpx.Client(base_url=base, trust_env=False, headers={"Authorization": f"Bearer {TOKEN}"}) as api:
        feed_docs = [d for d in api.get("/api/documents?limit=50").json()["items"] if d["id"].startswith("feed-")]
        assert feed_docs, "the hostile feed item was not stored"
        feed_facts = api.get(f"/api/facts?document_id={quote(feed_docs[0]['id'])}").json()["items"]
        fact_ids += [f["id"] for f in feed_facts]
        reviewed = hostile["doc-xss"][0].id
        r = api.post(f"/api/facts/{reviewed}/review", json={
            "action": "correct", "reviewer": payload("reviewer", short=True), "comment": payload("review-note"),
            "changes": {"actor": payload("corrected-actor", short=True)}})
        assert r.status_code == 200, r.text
    pages = ["/", "/facts", "/facts?type=criticism", "/search?q=XSS", "/search?q=Rwanda",
             f"/search?q={quote(payload('query'))}", f"/login?next={quote(payload('next'))}",
             f"/no/such/{quote(payload('path'))}", f"/facts?type={quote(payload('param'))}",
             f"/corridors/{quote(payload('corridor'))}", "/corridors/USA-RWA", "/corridors/ITA-ALB",
             "/corridors/USA-SWZ"]
    pages += [f"/documents/{quote(d)}" for d in ("doc-xss", "doc-url-data", "doc-url-mixed", "doc-url-vb")]
    pages += [f"/documents/{quote(d['id'])}" for d in feed_docs]
    pages += [f"/facts/{i}" for i in sorted(set(fact_ids))]

    context = browser.new_context(bypass_csp=True)
    dialogs: list[str] = []
    text = {}
    problems = {}
    try:
        for path in pages:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{path}: {d.message}"), d.dismiss()))
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)  # onerror of a broken image fires after load
            ran = page.evaluate("() => window.__xss || null")
            bad = page.evaluate(FIND_BAD)
            if ran or bad:
                problems[path] = {"ran": ran, "bad": bad}
            text[path] = page.inner_text("body")
            page.close()
    finally:
        context.close()
    assert dialogs == []
    assert problems == {}
    shown = "\n".join(text.values())
    fields = ["title", "source", "evidence", "text", "actor", "feed-name", "reviewer", "review-note",
              "corrected-actor", "query", "path"]
    missing = [f for f in fields if f"XSS-{f}<img src=x" not in shown]
    assert missing == [], f"fields never shown (as text) on any page: {missing}"
    # the feed parser already drops the markup of a feed's title and summary: their text is still shown
    assert "XSS-feed-title" in shown and "XSS-feed-summary" in shown


def test_bad_urls_shown_as_text_not_links(live, hostile, browser):
    """A document whose URL is javascript: or data: shows it as plain text; its http(s) source is a link."""
    page = browser.new_page()
    try:
        page.goto(live + "/documents/doc-url-data")
        assert BAD_URLS["url-data"] in page.inner_text("body")
        page.goto(live + f"/facts/{hostile['url-data'][0].id}")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert "https://example.org/ok" in hrefs
        assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
        assert BAD_URLS["url-data"] in page.inner_text("body")
    finally:
        page.close()


def test_alert_feed_escapes_and_never_links_javascript(live, hostile):
    """The Atom feed of alerts (read by feed readers, which render links) is well-formed, carries the
    hostile text as text, and links no javascript: or data: URL."""
    body = httpx.get(live + "/alerts.atom", trust_env=False).text
    root = ET.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries, "the hostile documents raised no alert"
    for el in root.iter():
        assert el.tag.split("}")[-1] not in ("script", "img", "svg", "iframe")
        href = (el.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:"))
    assert "XSS-feed-title" in "".join(root.itertext())


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("  https://example.org/x  ", "https://example.org/x"),
    ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), (" java\tscript:alert(1)", None),
    ("\x01javascript:alert(1)", None), ("data:text/html,<script>", None), ("vbscript:x", None),
    ("//evil.example/x", None), ("/relative", None), ("https:///nohost", None), ("https://a.example/\nx", None),
    ("", None), (None, None), ("mailto:x@example.org", None), ("file:///etc/passwd", None),
])
def test_web_url(url, expected):
    """The one check every outside href goes through."""
    from tcwatch.watch.fetch import web_url

    assert web_url(url) == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:application/rss+xml,<rss/>", " JAVASCRIPT:alert(1)",
                                 "vbscript:x", "file:///etc/passwd"])
def test_feed_url_must_be_http(empty_store, url):
    """A feed URL is an http(s) URL or nothing: a javascript: or data: feed is refused when added."""
    from tcwatch.errors import TcwatchError
    from tcwatch.watch import add_source

    with pytest.raises(TcwatchError, match="not an http"):
        add_source(empty_store, url, name="x")
