"""The JSON API: ``create_app(options)`` builds the FastAPI app (API under ``/api``, dashboard at ``/``)."""

from .app import create_app

__all__ = ["create_app"]
