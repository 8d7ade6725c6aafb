"""HTML pages: main text by trafilatura, title and date from the page metadata."""

from __future__ import annotations

import pytest
from support_sources import only

from tcwatch.model import Document, Rejection

PAGE = """<!doctype html><html><head><title>Transfer talks continue | Example News</title>
{meta}<link rel="canonical" href="https://example.org/news/1"></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Transfer talks continue</h1>
<p>Officials of two governments said on Monday that talks on a transfer arrangement were continuing.</p>
<p>No person has yet been moved under it, a spokesperson for the interior ministry added.</p>
</article><footer>Copyright Example News</footer></body></html>"""
DATED = '<meta property="article:published_time" content="2025-05-06T10:00:00Z">\n'


def test_page_with_date_metadata(write, read):
    """The article text, title and canonical URL are read; the date comes from the metadata."""
    path = write("page.html", PAGE.format(meta=DATED))
    doc = only(read(path))
    assert isinstance(doc, Document)
    assert doc.date == "2025-05-06"
    assert doc.title == "Transfer talks continue"
    assert doc.text.startswith("Transfer talks continue")
    assert "No person has yet been moved" in doc.text
    assert "Copyright" not in doc.text and "About" not in doc.text
    assert doc.url == "https://example.org/news/1"
    assert doc.origin == path and doc.id.startswith("sha-")


def test_page_without_date_takes_default_date(write, read):
    """A page without date metadata takes --date (.htm works too)."""
    doc = only(read(write("page.htm", PAGE.format(meta="")), default_date="2025-05-07"))
    assert doc.date == "2025-05-07"


def test_page_without_any_date_is_rejected(write, read):
    """No metadata date and no --date: rejected with the how-to."""
    path = write("page.html", PAGE.format(meta=""))
    assert only(read(path)) == Rejection(path, "no publication date in the page metadata (give --date)")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><body><script>x = 1</script></body></html>", "no main text found in the HTML page"),
        ("<html><body><nav>Home</nav></body></html>", "text too short (4 characters; at least 20 needed)"),
        ("", "empty file"),
    ],
)
def test_page_without_main_text_is_rejected(write, read, html, reason):
    """A page with no real text is rejected, not stored empty."""
    path = write("page.html", html)
    assert only(read(path, default_date="2025-05-06")) == Rejection(path, reason)
