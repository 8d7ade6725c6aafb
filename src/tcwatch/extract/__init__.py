"""The fact extractor: prefilter, sentences, gazetteer, money/people/dates, rules."""

from .filter import is_candidate
from .pipeline import EXTRACTOR_VERSION, ExtractOptions, extract

__all__ = ["extract", "is_candidate", "EXTRACTOR_VERSION", "ExtractOptions"]
