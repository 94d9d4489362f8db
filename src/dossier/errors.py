"""The one exception hierarchy. A user sees `str(error)`: one line, naming the input when there is one."""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error Dossier raises on purpose."""


class InputError(DossierError):
    """An input (file, URL, JSON line) cannot be turned into an article. Names the input."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class FetchError(InputError):
    """A URL could not be fetched (timeout, HTTP error, wrong content type, too large)."""


class StoreError(DossierError):
    """The database cannot be opened, migrated or written."""


class ConfigError(DossierError):
    """A setting has a value Dossier cannot use."""


class QueryError(DossierError):
    """A search query the full-text index cannot read. Says how to write one."""
