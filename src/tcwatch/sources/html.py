"""Documents from HTML pages: the main text by trafilatura, title and date from the page metadata."""

from __future__ import annotations

import json

from ..errors import DocumentRejected
from ..model import Document
from .dates import normalise_date
from .options import ReadOptions
from .records import check_text, document_id

#: Only the page's own metadata (meta tags, JSON-LD, URL) is asked for a date,
#: never a date that happens to appear in the body text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def parse_html(data: bytes | str, origin: str, options: ReadOptions) -> Document:
    """A document from a page: main text (title first, gold style), date from its metadata or the default."""
    import trafilatura  # imported here: it is slow to import and only pages need it

    try:
        result = trafilatura.extract(
            data,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise DocumentRejected(f"unreadable HTML ({type(exc).__name__}: {exc})") from None
    if not result:
        raise DocumentRejected("no main text found in the HTML page")
    meta = json.loads(result)
    text = (meta.get("text") or "").strip()
    title = (meta.get("title") or "").strip()
    check_text(text, options)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    if meta.get("date"):
        date = normalise_date(meta["date"], options.today)
    elif options.default_date:
        date = options.default_date
    else:
        raise DocumentRejected("no publication date in the page metadata (give --date)")
    return Document(
        id=document_id(text),
        date=date,
        text=text,
        title=title,
        url=meta.get("source") or None,
        source=meta.get("source-hostname") or meta.get("hostname") or None,
        origin=origin,
    )
