"""Dossier: defence-industrial cooperation news turned into a cited, queryable knowledge base.

The library is the product; the CLI (`dossier.cli`) is a thin adapter over it. The pipeline's stages,
in order, each a module:

    ingest   (read files, folders, feeds, URLs)      -> dossier.ingest, dossier.fetch
    clean    (main text, metadata, furniture, teasers) -> dossier.clean
    dedupe   (exact and near-duplicate detection)     -> dossier.dedupe
    extract  (mentions, amounts, dates, facts)        -> dossier.extract
    resolve  (mentions grouped into entities)         -> dossier.resolve
    store    (SQLite or PostgreSQL, full-text search) -> dossier.store
    query    (search, export)                         -> dossier.search, dossier.export

`dossier.pipeline` runs them; `dossier.model` declares the data they pass along.
"""

__version__ = "0.1.0"
