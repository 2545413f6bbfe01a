-- 0001: namespaces, and the core of the contacts table.
--
-- Every table is keyed by (tenant_id, id) and every index starts with tenant_id: the store layer binds
-- the tenant as the first parameter of every statement, so a query can never wander into another
-- tenant's rows, and each tenant's rows sit together in the B-trees.
--
-- Timestamps are TEXT in one fixed-width UTC form (2026-03-26T13:53:02.869449Z), so their string order
-- is their time order and list ordering needs no conversion. Ids are ULIDs (26 characters).
-- Never edit this file once applied: add a new migration instead.

CREATE TABLE namespaces (
    tenant_id        TEXT NOT NULL,
    id               TEXT NOT NULL,
    -- Unique per tenant, case-insensitively (names are ASCII by rule, so NOCASE is exact).
    name             TEXT NOT NULL COLLATE NOCASE,
    contact_pattern  TEXT,
    account_pattern  TEXT,
    -- The next number to issue. The Durable Object `Counters` is the authority once it has issued one;
    -- every draw writes its number back here (never lower: MAX), so a read of the row agrees with it.
    contact_counter  INTEGER NOT NULL DEFAULT 1 CHECK (contact_counter >= 1),
    account_counter  INTEGER NOT NULL DEFAULT 1 CHECK (account_counter >= 1),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX namespaces_tenant_name ON namespaces (tenant_id, name);
-- The list order: newest first, ties broken by id.
CREATE INDEX namespaces_tenant_created ON namespaces (tenant_id, created_at, id);

-- Contacts. Their routes come with their own migration and issue; the table exists now so that deleting
-- a namespace in use is refused by the database itself (the foreign key), not only by a prior check.
CREATE TABLE contacts (
    tenant_id        TEXT NOT NULL,
    id               TEXT NOT NULL,
    namespace_id     TEXT NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL CHECK (type IN ('individual', 'corporate')),
    status           TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    ref_id           TEXT,
    approval_status  TEXT NOT NULL DEFAULT 'pending'
                     CHECK (approval_status IN ('pending', 'approved', 'rejected')),
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
-- "Is this namespace in use?" and the namespace list filter.
CREATE INDEX contacts_tenant_namespace_created ON contacts (tenant_id, namespace_id, created_at, id);
CREATE INDEX contacts_tenant_created ON contacts (tenant_id, created_at, id);
