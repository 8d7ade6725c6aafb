"""Readers: files, folders and standard input in, Documents (or Rejections with a reason) out.

::

    from tcwatch.sources import ReadOptions, read_inputs, count_inputs

    for item in read_inputs(["news.jsonl", "pages/", "-"], ReadOptions(default_date="2025-05-06")):
        ...  # a Document, or a Rejection(origin, reason)
"""

from .dates import normalise_date
from .options import DEFAULT_ENCODINGS, DEFAULT_MAX_BYTES, DEFAULT_MIN_CHARS, ReadOptions
from .readers import FORMATS, STDIN, count_inputs, read_input, read_inputs, supported_format
from .records import document_id, parse_record, parse_text

__all__ = [
    "DEFAULT_ENCODINGS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MIN_CHARS",
    "FORMATS",
    "STDIN",
    "ReadOptions",
    "count_inputs",
    "document_id",
    "normalise_date",
    "parse_record",
    "parse_text",
    "read_input",
    "read_inputs",
    "supported_format",
]
