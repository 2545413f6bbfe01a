-- 0006: contact search and dedupe whose cost does not grow with the tenant (issue 7).
--
-- Search. With 0005, a search visited every match twice over: once for `count`, once to sort the
-- matches newest first, and each visit was a probe of `contact_search_keys` (for the tenant) and of
-- `contacts` (for created_at). A name fragment matches a fixed share of a tenant ("ajes" ~2%), so that
-- was ~2,000 probes at 100k contacts (14 ms in SQLite, against 0.6 ms at 1k).
--
-- Now each tenant owns a range of FTS5 rowids, [n * 2^32, (n + 1) * 2^32), n from
-- `contact_search_tenants`, and its contacts are numbered in that range in the order they were written.
-- The tenant filter becomes a rowid range, which FTS5 applies inside its doclists: `count` reads the
-- index alone, with no probe per match, and never sees another tenant's rows.
--
-- The page (newest first by created_at, id) is found without visiting every match either. The rows
-- written last are nearly the newest, but not exactly: two creates can commit in the other order than
-- their timestamps. So each key row also keeps `created_max`, the latest created_at of its tenant up to
-- and including that row (it only grows with the rowid). Take the `limit + offset` matches written last;
-- the oldest created_at among them, f, is a floor: every row of the true page has created_at >= f. A
-- row with created_at >= f has created_max >= f, and since created_max only grows, such rows all sit
-- at or after the first rowid whose created_max reaches f (one index probe). Only the matches from
-- there on are sorted: the page plus the few written out of order, whatever the tenant's size.
-- created_at never changes and contacts are never deleted, so neither column is ever rewritten.
--
-- Dedupe. A name scores exactly 1.0 against another only when both have the same set of words after
-- normalisation (Jaro-Winkler is 1 only for equal words). `contacts.name_key` is that set, sorted
-- and space-joined, computed by the worker (domain::dedupe::name_key) in the same statement that
-- writes the name. A dedupe request reads the newest `limit` contacts with its own key from an index
-- first: when they fill the answer, nothing scored below 1.0 can enter it, so the blocking index
-- (up to 200 candidates, each scored) is not read at all. That is the common case in a large tenant,
-- where popular names repeat; in a small one the blocks are small anyway.

CREATE TABLE contact_search_tenants (
    -- Fits 31 bits, so the rowids stay below 2^63.
    tenant_no  INTEGER PRIMARY KEY CHECK (tenant_no < 2147483648),
    tenant_id  TEXT NOT NULL UNIQUE
);

-- 0005's tables are rebuilt rather than altered: every rowid changes.
DROP TABLE contact_search;
DROP TABLE contact_search_keys;

CREATE TABLE contact_search_keys (
    rowid        INTEGER PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    contact_id   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_max  TEXT NOT NULL,
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
);
CREATE UNIQUE INDEX contact_search_keys_contact ON contact_search_keys (tenant_id, contact_id);
-- "The first row whose created_max reaches f": the rowid is the index's last column.
CREATE INDEX contact_search_keys_created_max ON contact_search_keys (tenant_id, created_max);

-- As in 0005: case_sensitive 0 folds case, so one index answers a case-insensitive search.
CREATE VIRTUAL TABLE contact_search USING fts5(name, ref_id, tokenize = 'trigram');

-- Contacts written before this migration, numbered in created order (so created_max = created_at).
INSERT INTO contact_search_tenants (tenant_id) SELECT DISTINCT tenant_id FROM contacts ORDER BY tenant_id;
INSERT INTO contact_search_keys (rowid, tenant_id, contact_id, created_at, created_max)
    SELECT t.tenant_no * 4294967296 + ROW_NUMBER() OVER (PARTITION BY c.tenant_id ORDER BY c.created_at, c.id),
           c.tenant_id, c.id, c.created_at, c.created_at
    FROM contacts c JOIN contact_search_tenants t ON t.tenant_id = c.tenant_id;
INSERT INTO contact_search (rowid, name, ref_id)
    SELECT k.rowid, c.name, c.ref_id
    FROM contact_search_keys k JOIN contacts c ON c.tenant_id = k.tenant_id AND c.id = k.contact_id;

ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
-- The newest contacts with one name key, in list order.
CREATE INDEX contacts_tenant_name_key ON contacts (tenant_id, name_key, created_at, id);

-- The name keys of contacts written before this migration: crego_validation::normalize_name in SQL,
-- exact for what a stored name may hold (ASCII letters and digits, whitespace, and , . - ' & ( )):
-- lower case, "(p)" read as "pvt", apostrophes dropped, other punctuation and every Unicode space
-- to ' ', leading honorifics and trailing corporate suffixes dropped unless nothing else is left.
-- The distinct words go through a keyed table, so that grouping reads them in sorted order.
CREATE TABLE contact_name_key_words (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    word        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, word)
) WITHOUT ROWID;

WITH lowered AS (
    SELECT tenant_id, id,
        replace(replace(replace(replace(replace(replace(replace(replace(
            lower(name), '(p)', ' pvt '), '''', ''), ',', ' '), '.', ' '), '-', ' '), '&', ' '), '(', ' '), ')', ' ')
        AS s
    FROM contacts
), ascii_spaced AS (
    SELECT tenant_id, id,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(9), ' '), char(10), ' '), char(11), ' '), char(12), ' '), char(13), ' '), char(133), ' '),
            char(160), ' '), char(5760), ' ') AS s
    FROM lowered
), wide_spaced AS (
    SELECT tenant_id, id,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8192), ' '), char(8193), ' '), char(8194), ' '), char(8195), ' '), char(8196), ' '),
            char(8197), ' '), char(8198), ' '), char(8199), ' ') AS s
    FROM ascii_spaced
), cleaned AS (
    SELECT tenant_id, id,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8200), ' '), char(8201), ' '), char(8202), ' '), char(8232), ' '), char(8233), ' '),
            char(8239), ' '), char(8287), ' '), char(12288), ' ') AS s
    FROM wide_spaced
), words AS (
    SELECT c.tenant_id, c.id, CAST(w.key AS INTEGER) AS pos, w.value AS word
    FROM cleaned c, json_each('["' || replace(c.s, ' ', '","') || '"]') w
    WHERE w.value <> ''
), bounds AS (
    SELECT tenant_id, id,
        min(CASE WHEN word NOT IN ('mr', 'mrs', 'ms', 'miss', 'shri', 'sri', 'smt', 'kumari', 'dr', 'messrs')
            THEN pos END) AS first_pos,
        max(CASE WHEN word NOT IN ('pvt', 'private', 'ltd', 'limited', 'llp', 'co', 'company', 'inc', 'corp')
            THEN pos END) AS last_pos
    FROM words GROUP BY tenant_id, id
)
INSERT OR IGNORE INTO contact_name_key_words (tenant_id, contact_id, word)
    SELECT w.tenant_id, w.id, w.word
    FROM words w JOIN bounds b ON b.tenant_id = w.tenant_id AND b.id = w.id
    WHERE b.first_pos IS NULL OR b.last_pos IS NULL OR b.first_pos > b.last_pos
       OR w.pos BETWEEN b.first_pos AND b.last_pos;

UPDATE contacts SET name_key = k.name_key
    FROM (SELECT tenant_id, contact_id, group_concat(word, ' ') AS name_key
          FROM contact_name_key_words GROUP BY tenant_id, contact_id) k
    WHERE k.tenant_id = contacts.tenant_id AND k.contact_id = contacts.id;

DROP TABLE contact_name_key_words;
