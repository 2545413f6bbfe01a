-- 0005: substring search over contacts' name and ref_id, answered from an index.
--
-- `search` on the contact list is a case-insensitive substring over name OR ref_id. As `LIKE '%frag%'`
-- it reads every contact of the tenant, so its cost grows with the tenant. An FTS5 table with the trigram
-- tokenizer indexes every 3-character run of the text: a fragment of 3 or more characters becomes a
-- phrase of its trigrams, and only rows holding all of them are read. The worker still applies the exact
-- `LIKE ... ESCAPE` rule to those candidates, so the answer is the same as before (FTS5 folds case more
-- widely than LIKE, so its candidates are a superset); fragments of 1-2 characters keep the plain LIKE.
--
-- Why a keys table: `contacts` is WITHOUT ROWID, and an FTS5 row is addressed by an integer rowid. The
-- rowid table `contact_search_keys` gives each contact one integer (its rowid is the FTS5 row's rowid),
-- so a contact's index row is found by (tenant_id, contact_id) with one probe on each side, and a
-- search joins its matches back to the tenant: the tenant filter is an index lookup per match, and the
-- FTS5 doclists hold only name and ref_id, so the index stays as small as the text it covers.
--
-- Both are written in the same batch as every contact insert, and as every update that changes name or
-- ref_id (store/contacts.rs). Contacts are never deleted, so neither table needs a delete path yet.

CREATE TABLE contact_search_keys (
    rowid       INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
);
CREATE UNIQUE INDEX contact_search_keys_contact ON contact_search_keys (tenant_id, contact_id);

-- case_sensitive 0 (the default) folds case, so one index answers a case-insensitive search.
CREATE VIRTUAL TABLE contact_search USING fts5(name, ref_id, tokenize = 'trigram');

-- Contacts written before this migration.
INSERT INTO contact_search_keys (tenant_id, contact_id) SELECT tenant_id, id FROM contacts;
INSERT INTO contact_search (rowid, name, ref_id)
    SELECT k.rowid, c.name, c.ref_id
    FROM contact_search_keys k JOIN contacts c ON c.tenant_id = k.tenant_id AND c.id = k.contact_id;
