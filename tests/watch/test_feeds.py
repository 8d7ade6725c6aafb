"""Parsing feed bytes into items: RSS and Atom, HTML stripped, dates, hostile and broken input."""

from __future__ import annotations

from datetime import date

import pytest

from tcwatch.errors import FetchError
from tcwatch.watch.feeds import (
    FeedItem,
    item_document,
    item_id,
    page_main_text,
    parse_feed,
    strip_html,
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire &amp; more</title>
<item><guid>w-1</guid><title>Court hears transfer appeal</title><link>https://news.example.org/a1</link>
<pubDate>Mon, 05 May 2025 08:30:00 GMT</pubDate>
<description>&lt;p&gt;Judges in the capital &lt;b&gt;heard&lt;/b&gt; the appeal.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Caf\u00e9 owners watched.&lt;/p&gt;</description></item>
<item><title>No date here</title><link>https://news.example.org/a2</link><description>Plain words.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:x</id><updated>2025-05-04T00:00:00Z</updated>
<entry><id>urn:entry:9</id><title type="html">Ministers &lt;i&gt;sign&lt;/i&gt; pact</title>
<link href="https://news.example.org/atom9"/><updated>2025-05-04T10:00:00Z</updated>
<content type="html">&lt;div&gt;The pact was signed.&lt;/div&gt;</content></entry></feed>"""


def test_rss_items_with_html_stripped_and_dates():
    """RSS items come out as plain text, with the publication day when the feed gives one."""
    parsed = parse_feed(RSS.encode("utf-8"), "application/rss+xml; charset=utf-8", "u")
    assert parsed.title == "Wire & more" and parsed.warning is None
    first, second = parsed.items
    assert first.key == "w-1" and first.link == "https://news.example.org/a1"
    assert first.published == "2025-05-05"
    assert "alert(1)" not in first.summary and "<" not in first.summary
    assert "Judges in the capital heard the appeal." in first.summary and "Café owners" in first.summary
    assert second.published is None and second.key == "https://news.example.org/a2"


def test_atom_entries():
    """Atom entries: id, link, updated date and HTML content as text."""
    (entry,) = parse_feed(ATOM.encode(), "application/atom+xml", "u").items
    assert entry.key == "urn:entry:9" and entry.title == "Ministers sign pact"
    assert entry.summary == "The pact was signed." and entry.published == "2025-05-04"


def test_document_from_item_uses_fetch_day_without_a_date():
    """A document is title + summary, dated as published, else on the fetch day; its id hashes the entry id."""
    items = parse_feed(RSS.encode(), None, "u").items
    doc = item_document(items[1], source_name="Wire", feed_url="http://f", fetched=date(2025, 5, 6))
    assert doc.date == "2025-05-06" and doc.text == "No date here\n\nPlain words."
    assert doc.url == "https://news.example.org/a2" and doc.source == "Wire"
    assert doc.id == item_id(items[1]) and doc.id.startswith("feed-")
    paged = item_document(items[0], source_name="W", feed_url="f", fetched=date(2025, 5, 6), page_text="Long page text.")
    assert paged.text == "Court hears transfer appeal\n\nLong page text." and paged.date == "2025-05-05"


@pytest.mark.parametrize(
    "body, content_type, message",
    [
        (b"", None, "empty response"),
        (b"   \n ", None, "empty response"),
        (b"<html><body><p>Just a page</p></body></html>", "text/html", "not an RSS or Atom feed"),
        (bytes(range(256)) * 8, None, "not an RSS or Atom feed"),
        (b"<?xml version='1.0'?><rss><channel><item><title>cut", None, "malformed XML"),
        (b"<?xml version='1.0'?><rss><channel><item><title>kept</title><link>https://x/1</link></item><item><title>cut", None, None),
        (b"\xff\xfe<\x00r\x00s\x00s\x00\x01", "text/xml; charset=utf-16", "not an RSS or Atom feed"),
    ],
)
def test_unreadable_bodies_raise_fetch_error(body, content_type, message):
    """Empty, HTML, binary, truncated or undecodable bodies are a FetchError naming the reason, never a crash."""
    try:
        parsed = parse_feed(body, content_type, "http://feed")
    except FetchError as exc:
        assert message is None or message in str(exc)
        assert "http://feed" in str(exc)
    else:  # a truncated feed may still be read leniently, with a warning
        assert message is None and parsed.warning and "malformed XML" in parsed.warning


def test_wrong_declared_encoding_read_with_warning():
    """A feed declared UTF-8 but written in Latin-1 is read (text right) with a warning."""
    data = RSS.replace("\u00e9", "\u00e9").encode("latin-1")
    parsed = parse_feed(data, "application/rss+xml; charset=utf-8", "u")
    assert "Café owners" in parsed.items[0].summary
    assert parsed.warning and "declared as utf-8" in parsed.warning


def test_body_that_looks_like_a_path_is_not_opened(tmp_path):
    """Feed bytes naming a local file are parsed as bytes; feedparser never opens the file."""
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>LEAKED</title></item></channel></rss>')
    with pytest.raises(FetchError):
        parse_feed(str(secret).encode(), None, "u")


def test_html_stripping():
    """Tags go, entities are decoded, scripts and styles are dropped, blank runs fold."""
    assert strip_html("<p>A &amp; B</p><style>x{}</style><p>C&nbsp;D</p>") == "A & B\n\nC D"
    assert strip_html(None) == "" and strip_html("plain") == "plain"


def test_page_main_text():
    """The main text of an article page is found; a page without any gives None."""
    page = (
        "<html><head><title>T</title></head><body><nav>Home | About</nav><article><h1>Pact signed</h1>"
        + "".join(f"<p>Paragraph {i} says the ministers met and talked about the plan at length.</p>" for i in range(8))
        + "</article><footer>Copyright</footer></body></html>"
    )
    text = page_main_text(page)
    assert text and "Paragraph 3 says" in text and "Copyright" not in text
    assert page_main_text("<html><body></body></html>") is None


def test_entries_without_text_are_skipped():
    """An entry with neither title nor summary gives no item."""
    data = b'<rss version="2.0"><channel><item><link>https://x/1</link></item></channel></rss>'
    assert parse_feed(data, None, "u").items == ()


def test_item_key_fallback():
    """Without an id or link, the entry is keyed by its title and summary."""
    item = FeedItem(key="T\nS", title="T", summary="S", link=None, published=None)
    assert item_id(item) == item_id(FeedItem(key="T\nS", title="x", summary="y", link=None, published=None))
