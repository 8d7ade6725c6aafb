"""The bundled reference dataset: curated arrangements and facts (``deals.yaml``)."""

from .loader import EVENT_TYPES, MONEY_TYPES, Reference, court_actor, load_reference, reference_path

__all__ = ["EVENT_TYPES", "MONEY_TYPES", "Reference", "court_actor", "load_reference", "reference_path"]
