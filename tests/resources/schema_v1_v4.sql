-- The schema Dossier's own migrations (1..4, before Alembic) made, as dossier/store.py had them, for the
-- upgrade-in-place test. '-- version N' starts each migration's statements.
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT);
-- version 1: documents, sources, near-duplicate signatures, full-text index
CREATE TABLE documents (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, title TEXT, published TEXT, author TEXT,
            outlet TEXT, format TEXT, text TEXT NOT NULL, boilerplate TEXT NOT NULL DEFAULT '[]',
            teasers TEXT NOT NULL DEFAULT '[]', ingested_at TEXT NOT NULL);
CREATE TABLE document_sources (
            source TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), status TEXT NOT NULL,
            similarity REAL, content_id TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE INDEX ix_sources_doc ON document_sources(doc_id);
CREATE TABLE minhashes (doc_id TEXT PRIMARY KEY REFERENCES documents(id), sig BLOB NOT NULL);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
INSERT INTO schema_migrations VALUES (1, 'documents, sources, near-duplicate signatures, full-text index', '2026-11-01T00:00:00+00:00');
-- version 2: mentions, entities, facts and their roles
CREATE TABLE entities (
            id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country TEXT, aliases TEXT NOT NULL DEFAULT '[]',
            lat REAL, lon REAL);
CREATE INDEX ix_entities_type ON entities(type);
CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT, country TEXT, role TEXT, norm TEXT,
            PRIMARY KEY (doc_id, start, "end"));
CREATE INDEX ix_mentions_entity ON mentions(entity_id);
CREATE TABLE facts (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), type TEXT NOT NULL,
            status TEXT NOT NULL, amount_value REAL, amount_currency TEXT, amount_qualifier TEXT, amount_high REAL,
            amount_eur REAL, share_of_gdp REAL, items TEXT NOT NULL DEFAULT '[]', date TEXT,
            evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
            confidence REAL NOT NULL);
CREATE INDEX ix_facts_doc ON facts(doc_id);
CREATE INDEX ix_facts_type ON facts(type);
CREATE TABLE fact_roles (
            fact_id TEXT NOT NULL REFERENCES facts(id), role TEXT NOT NULL, entity_id TEXT NOT NULL,
            PRIMARY KEY (fact_id, role, entity_id));
CREATE INDEX ix_fact_roles_entity ON fact_roles(entity_id);
INSERT INTO schema_migrations VALUES (2, 'mentions, entities, facts and their roles', '2026-11-01T00:00:00+00:00');
-- version 3: analyst corrections of entities; links between organisations
CREATE TABLE entity_corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, entity_id TEXT NOT NULL, arg TEXT,
            target TEXT, note TEXT, created_at TEXT NOT NULL);
ALTER TABLE entities ADD COLUMN parent TEXT;
INSERT INTO schema_migrations VALUES (3, 'analyst corrections of entities; links between organisations', '2026-11-01T00:00:00+00:00');
-- version 4: a document's language; where a fact's date came from; totals to date
ALTER TABLE documents ADD COLUMN language TEXT;
ALTER TABLE facts ADD COLUMN date_source TEXT;
ALTER TABLE facts ADD COLUMN cumulative INTEGER NOT NULL DEFAULT 0;
INSERT INTO schema_migrations VALUES (4, 'a document''s language; where a fact''s date came from; totals to date', '2026-11-01T00:00:00+00:00');
