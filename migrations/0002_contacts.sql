-- 0002: contacts in full, their props, the dedupe indexes and the audit trail.
--
-- 0001 created a placeholder `contacts` so that namespace deletion could check usage; no route wrote to
-- it, so it is empty everywhere and is replaced here by the full table rather than altered column by
-- column.

DROP TABLE contacts;

CREATE TABLE contacts (
    tenant_id        TEXT NOT NULL,
    id               TEXT NOT NULL,
    namespace_id     TEXT NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL CHECK (type IN ('individual', 'corporate')),
    status           TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    ref_id           TEXT,
    -- JSON array of strings and JSON object: read whole with the contact, never queried inside except
    -- by the `tags` list filter (json_each over the rows already narrowed by tenant).
    tags             TEXT NOT NULL DEFAULT '[]',
    refs             TEXT NOT NULL DEFAULT '{}',
    rm_id            TEXT,
    branch_id        TEXT,
    approval_status  TEXT NOT NULL DEFAULT 'pending'
                     CHECK (approval_status IN ('pending', 'approved', 'rejected')),
    approved_by      TEXT,
    approved_at      TEXT,
    rejected_by      TEXT,
    rejected_at      TEXT,
    rejection_reason TEXT,
    -- Optimistic concurrency: every write sets `version = CASE WHEN version = <read> THEN version + 1
    -- ELSE NULL END`, so a write based on a stale read fails the NOT NULL check and its whole batch
    -- (side rows, audit) rolls back.
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, namespace_id) REFERENCES namespaces (tenant_id, id)
) WITHOUT ROWID;

-- A ref id is unique within its namespace.
CREATE UNIQUE INDEX contacts_tenant_namespace_ref ON contacts (tenant_id, namespace_id, ref_id)
    WHERE ref_id IS NOT NULL;
-- The list order (newest first) and the namespace filter / "is this namespace in use?".
CREATE INDEX contacts_tenant_created ON contacts (tenant_id, created_at, id);
CREATE INDEX contacts_tenant_namespace_created ON contacts (tenant_id, namespace_id, created_at, id);
CREATE INDEX contacts_tenant_status_created ON contacts (tenant_id, status, created_at, id);
CREATE INDEX contacts_tenant_approval_created ON contacts (tenant_id, approval_status, created_at, id);

-- Props are rows (one per key), so that a key is unique per contact by construction and a single prop
-- can change without rewriting the others. The API always shows them inline, sorted by key.
CREATE TABLE contact_props (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('file', 'number', 'text', 'boolean')),
    PRIMARY KEY (tenant_id, contact_id, key),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;

-- Dedupe: identifier props (PAN, GSTIN, Aadhaar, mobile, e-mail) normalised, so that "the same PAN"
-- is one index probe whatever the tenant's size. Rewritten in the same batch as every props change.
CREATE TABLE contact_identifiers (
    tenant_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    -- The prop key it came from, for the match reason ("props.pan_no").
    prop_key    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, kind, value, contact_id, prop_key),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX contact_identifiers_contact ON contact_identifiers (tenant_id, contact_id);

-- Dedupe: blocking keys of the normalised name (pairs of 3-letter token prefixes), so that name
-- candidates are fetched from a few small blocks instead of comparing against every contact.
CREATE TABLE contact_name_blocks (
    tenant_id   TEXT NOT NULL,
    block       TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, block, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX contact_name_blocks_contact ON contact_name_blocks (tenant_id, contact_id);

-- Append-only audit trail, written in the same batch as the change it records.
CREATE TABLE audit_log (
    tenant_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    remarks      TEXT,
    before       TEXT,
    after        TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
-- A record's history, newest first.
CREATE INDEX audit_log_object ON audit_log (tenant_id, object_type, object_id, at, id);
