"""The fact extractor of Third-Country Watch: dated news in, facts with evidence out.

Stages, one module each:

- ``filter``     cheap keyword gate (:func:`is_candidate`) and the relevance decision
- ``sentences``  sentence and clause spans (exact character offsets)
- ``countries``  gazetteer: names, variants, demonyms, capitals, leaders -> ISO3 with a role
- ``corridors``  known sender -> receiver deals and the resolution of a fact's corridor
- ``money``      amounts with ISO 4217 currency and qualifier
- ``people``     counts of people with qualifier
- ``dates``      time expressions resolved against the publication date
- ``actors``     speakers and critics as written
- ``rules``      one callable per fact type, all listed in ``rules.RULES``
- ``lexicon``    the rules' word lists, kept as data in ``lexicons/*.txt``
- ``candidates`` liberal candidate facts from trigger words, beside the rules' facts
- ``grammar``    dependency parse of candidate sentences: negation, modality, speech, voice
- ``verify``     the learned verifier that keeps or drops each candidate
- ``pipeline``   :func:`extract`, :func:`extract_many`, :class:`ExtractOptions`, :data:`EXTRACTOR_VERSION`
"""

from .filter import is_candidate
from .pipeline import EXTRACTOR_VERSION, ExtractOptions, extract, extract_many

__all__ = ["extract", "extract_many", "is_candidate", "EXTRACTOR_VERSION", "ExtractOptions"]
