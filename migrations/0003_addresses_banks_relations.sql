-- 0003: a contact's addresses, bank accounts and relations.
--
-- Each row keeps the resource's own fields as one JSON document (`doc`): a PATCH is an RFC 7396 merge
-- patch, which SQLite applies as `json_patch(doc, ?)` in the same statement that checks the version, so a
-- partial update never reads-modifies-writes in the worker. The fields that constraints and filters need
-- are generated columns over `doc`, so the database itself enforces the rules below whatever the writer.

CREATE TABLE addresses (
    tenant_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    doc         TEXT NOT NULL CHECK (json_type(doc) = 'object'),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX addresses_tenant_created ON addresses (tenant_id, created_at, id);
CREATE INDEX addresses_tenant_contact ON addresses (tenant_id, contact_id, created_at, id);

CREATE TABLE banks (
    tenant_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    contact_id      TEXT NOT NULL,
    doc             TEXT NOT NULL CHECK (json_type(doc) = 'object'),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT,
    ifsc            TEXT GENERATED ALWAYS AS (json_extract(doc, '$.ifsc')) VIRTUAL,
    account_number  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.account_number')) VIRTUAL,
    -- JSON true extracts as 1.
    is_primary      INTEGER GENERATED ALWAYS AS (coalesce(json_extract(doc, '$.is_primary'), 0)) VIRTUAL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX banks_tenant_created ON banks (tenant_id, created_at, id);
CREATE INDEX banks_tenant_contact ON banks (tenant_id, contact_id, created_at, id);
-- One account per (contact, IFSC, number).
CREATE UNIQUE INDEX banks_tenant_contact_account ON banks (tenant_id, contact_id, ifsc, account_number);
-- At most one primary account per contact, even under concurrent writes: the second one fails here
-- (the worker clears the others in the same batch as it sets one, so a sequential writer never does).
CREATE UNIQUE INDEX banks_tenant_contact_primary ON banks (tenant_id, contact_id) WHERE is_primary = 1;

CREATE TABLE relations (
    tenant_id           TEXT NOT NULL,
    id                  TEXT NOT NULL,
    contact_id          TEXT NOT NULL,
    doc                 TEXT NOT NULL CHECK (json_type(doc) = 'object'),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          TEXT,
    type                TEXT GENERATED ALWAYS AS (json_extract(doc, '$.type')) VIRTUAL,
    related_contact_id  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.related_contact')) VIRTUAL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX relations_tenant_created ON relations (tenant_id, created_at, id);
CREATE INDEX relations_tenant_contact ON relations (tenant_id, contact_id, created_at, id);
CREATE INDEX relations_tenant_related ON relations (tenant_id, related_contact_id, created_at, id);
-- (contact, type, related_contact) is unique; a missing related contact counts as one value.
CREATE UNIQUE INDEX relations_tenant_unique
    ON relations (tenant_id, contact_id, type, coalesce(related_contact_id, ''));
