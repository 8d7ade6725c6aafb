"""Feeds to documents: parse RSS/Atom bytes with feedparser, strip HTML, optionally read the article page.

:func:`parse_feed` takes the fetched bytes (never a URL: feedparser must not
fetch anything itself) and returns :class:`FeedItem` records, or raises
:class:`~tcwatch.errors.FetchError` when the bytes are not a feed at all. A
feed that is readable only leniently (wrong declared encoding, broken XML with
entries still recoverable) gives its items and a ``warning``.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from ..errors import FetchError
from ..model import Document
from ..sources.records import valid_unicode

#: Most items read from one response (a feed with more is cut, newest first as served).
MAX_ITEMS = 500


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as plain text."""

    key: str  # the entry id, else its link, else its title and summary
    title: str
    summary: str  # HTML stripped
    link: str | None
    published: str | None  # YYYY-MM-DD from published/updated, when the feed gives one


@dataclass(frozen=True)
class ParsedFeed:
    """What a feed response holds: its title, its items, and a warning when it was read leniently."""

    title: str
    items: tuple[FeedItem, ...]
    warning: str | None = None


Parser = Callable[[bytes, str | None, str], ParsedFeed]

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}
_SKIP = {"script", "style", "noscript", "template"}


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def strip_html(value: str | None) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, blank runs folded."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        text = value
    else:
        parser = _TextOnly()
        try:
            parser.feed(value)
            parser.close()
            text = "".join(parser.parts)
        except Exception:  # noqa: BLE001 - HTMLParser is lenient; this is a last resort
            text = html.unescape(re.sub(r"<[^>]*>", " ", value))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _day(struct) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%d", struct)
    except (TypeError, ValueError):
        return None


#: A numeric character reference (``&#xD800;``, ``&#55296;``), as bytes of an ASCII-compatible feed.
_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));")


def _surrogate_ref(match: re.Match) -> bytes:
    hex_digits, decimal = match.group(1), match.group(2)
    value = int(hex_digits, 16) if hex_digits else int(decimal)
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF else match.group(0)


def parse_feed(data: bytes, content_type: str | None = None, url: str = "") -> ParsedFeed:
    """Items of an RSS or Atom response; :class:`FetchError` when it is not a readable feed."""
    import feedparser

    if not data or not data.strip():
        raise FetchError(f"{url}: empty response")
    if b"&#" in data:  # a reference to a lone surrogate makes feedparser fail on the whole feed
        data = _CHAR_REF.sub(_surrogate_ref, data)
    headers = {"content-type": content_type} if content_type else {}
    try:
        # A stream, never bytes or str: feedparser would open a string that looks like a path or URL.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser is lenient, but it is parsing hostile bytes
        raise FetchError(f"{url}: unreadable feed ({type(exc).__name__}: {exc})") from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        reason = f"{type(problem).__name__}: {problem}" if problem else "no RSS or Atom elements"
        raise FetchError(f"{url}: not an RSS or Atom feed ({reason})")
    warning = None
    if problem is not None:
        kind = type(problem).__name__
        if kind == "CharacterEncodingOverride":
            warning = f"warning: {problem}"
        elif kind == "NonXMLContentType":
            warning = None  # many servers send feeds as text/html; the XML itself was fine
        else:
            warning = f"warning: malformed XML read leniently ({kind}: {problem})"
    items = []
    for entry in entries[:MAX_ITEMS]:
        title = strip_html(entry.get("title"))
        summary_html = entry.get("summary") or ""
        if not summary_html and entry.get("content"):
            summary_html = entry["content"][0].get("value") or ""
        summary = strip_html(summary_html)
        link = (entry.get("link") or "").strip() or None
        key = (entry.get("id") or "").strip() or link or f"{title}\n{summary}"
        published = _day(entry.get("published_parsed")) or _day(entry.get("updated_parsed"))
        if not (title or summary):
            continue
        # no lone surrogates (a character reference to one in lenient HTML): they cannot be stored
        title, summary, key = valid_unicode(title), valid_unicode(summary), valid_unicode(key)
        link = valid_unicode(link) if link else None
        items.append(FeedItem(key=key, title=title, summary=summary, link=link, published=published))
    if warning and warning.startswith("warning: malformed") and not items:
        raise FetchError(f"{url}: malformed XML and no items could be read ({type(problem).__name__}: {problem})")
    feed_title = strip_html((parsed.get("feed") or {}).get("title"))
    return ParsedFeed(title=feed_title, items=tuple(items), warning=warning)


def item_id(item: FeedItem) -> str:
    """``feed-`` and 16 hex digits of the entry's id (or link)."""
    return "feed-" + hashlib.sha256(item.key.encode("utf-8")).hexdigest()[:16]


def item_document(item: FeedItem, *, source_name: str, feed_url: str, fetched: date, page_text: str | None = None) -> Document:
    """A document from a feed item: title + summary (or the page's main text), dated as published."""
    body = page_text.strip() if page_text and page_text.strip() else item.summary
    if item.title and body.startswith(item.title):
        text = body
    else:
        text = f"{item.title}\n\n{body}".strip() if item.title else body
    return Document(
        id=item_id(item),
        date=item.published or fetched.isoformat(),
        text=text,
        title=item.title,
        url=item.link,
        source=source_name,
        origin=f"feed {feed_url}",
    )


def page_main_text(data: bytes | str, url: str = "") -> str | None:
    """The main text of an article page (trafilatura), or None when it finds none."""
    import trafilatura  # slow to import; only page fetching needs it

    try:
        text = trafilatura.extract(data, url=url or None, include_comments=False, include_tables=False)
    except Exception:  # noqa: BLE001 - broken markup: fall back to the feed's summary
        return None
    return text.strip() if text and text.strip() else None
