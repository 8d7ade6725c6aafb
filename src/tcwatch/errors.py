"""The exception tree of Third-Country Watch.

::

    TcwatchError                 base: every error the library raises on purpose
    ├── InputError               an input (file, line, feed item) cannot be read as a document
    │   └── DocumentRejected     a document was read but is unusable (empty, bad date, binary, too large)
    ├── NotFound                 a corridor, fact, document or source does not exist
    ├── InvalidQuery             a filter or parameter is malformed (bad date, unknown type, bad cursor)
    ├── StoreError               the database cannot be opened, migrated or written
    ├── BackfillError            the cluster cannot be reached, or a partition failed on every attempt
    │   └── AlreadyStored        another writer stored this document first (found under the write lock)
    ├── FetchError               a feed or page could not be fetched or parsed
    │   └── UnsafeAddress        a URL points at a private or loopback address that is not allowed
    ├── PermissionDenied         a write was attempted without a valid token
    └── ConfigError              the configuration or options are invalid
        └── ModelUnavailable     the parser pipeline or the verifier model is missing or unreadable

Each edge translates these once: the CLI prints ``error: MESSAGE`` and exits 1
(2 for usage), the API answers one JSON error shape with a status per class.
"""

from __future__ import annotations


class TcwatchError(Exception):
    """Base of every error the library raises on purpose."""

    code = "error"
    status = 500


class InputError(TcwatchError):
    """An input cannot be read as a document."""

    code = "bad_input"
    status = 400


class DocumentRejected(InputError):
    """A document was read but cannot be used (empty, bad date, binary, too large)."""

    code = "document_rejected"


class NotFound(TcwatchError):
    """A corridor, fact, document or source does not exist."""

    code = "not_found"
    status = 404


class InvalidQuery(TcwatchError):
    """A filter or parameter is malformed."""

    code = "invalid_query"
    status = 400


class StoreError(TcwatchError):
    """The database cannot be opened, migrated or written."""

    code = "store_error"
    status = 500


class AlreadyStored(StoreError):
    """Another writer stored this document (same content, or same link for a feed item) first."""

    code = "already_stored"
    status = 409


class FetchError(TcwatchError):
    """A feed or page could not be fetched or parsed."""

    code = "fetch_error"
    status = 502


class UnsafeAddress(FetchError):
    """A URL points at a private or loopback address that is not allowed."""

    code = "unsafe_address"
    status = 400


class PermissionDenied(TcwatchError):
    """A write was attempted without a valid token."""

    code = "permission_denied"
    status = 403


class ConfigError(TcwatchError):
    """The configuration or options are invalid."""

    code = "config_error"
    status = 500


class ModelUnavailable(ConfigError):
    """The extractor's parser pipeline or verifier model is missing or unreadable."""

    code = "model_unavailable"


class BackfillError(TcwatchError):
    """The cluster cannot be reached, or a partition failed on every attempt."""

    code = "backfill_failed"
