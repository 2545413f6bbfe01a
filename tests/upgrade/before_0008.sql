-- Rows as the worker wrote them before migration 0008 (maker-checker), planted by the `upgrade` phase of
-- scripts/run-api-tests.sh into a database migrated up to 0007; the phase then applies 0008 and the tests
-- in tests/tests/api/upgrade.rs read them back through the API. One tenant, `legacy-upgrade`:
--
--   legacy-contact-approved  created by Maker.One, approved by checker-1 (v1 -> v2), then tagged by
--                            Editor.Two (v3): the old rules kept the approval.
--   legacy-contact-pending   created by Maker.One, renamed by Editor.Two; its bank account created by
--                            Bank.Maker, its number changed by Number.Changer, its tags by Tag.Person
--                            (sub-resource writes did not touch the contact then).
--   legacy-contact-rejected  created by Maker.One, rejected by checker-1 (v1 -> v2).

INSERT INTO namespaces (tenant_id, id, name, contact_counter, account_counter, version, created_at, created_by,
    updated_at, updated_by)
VALUES ('legacy-upgrade', 'legacy-namespace-1', 'Legacy', 1, 1, 1, '2026-01-01T09:00:00.000000Z', 'Maker.One',
    '2026-01-01T09:00:00.000000Z', NULL);

-- A contact document as the history kept it (the API's shape before 0008).
CREATE TABLE legacy_doc (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
INSERT INTO legacy_doc VALUES ('base', json_object(
    'tenant_id', 'legacy-upgrade', 'namespace', 'Legacy', 'type', 'individual', 'status', 'active',
    'ref_id', NULL, 'tags', json('[]'), 'refs', json('{}'), 'props', json('[]'), 'rm_id', NULL,
    'branch_id', NULL, 'approval_status', 'pending', 'approved_by', NULL, 'approved_at', NULL,
    'rejected_by', NULL, 'rejected_at', NULL, 'rejection_reason', NULL, 'version', 1,
    'created_at', '2026-01-01T10:00:00.000000Z', 'created_by', 'Maker.One',
    'updated_at', '2026-01-01T10:00:00.000000Z', 'updated_by', NULL));

-- legacy-contact-approved
INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, tags, refs, rm_id, branch_id,
    approval_status, approved_by, approved_at, version, created_at, created_by, updated_at, updated_by, name_key)
VALUES ('legacy-upgrade', 'legacy-contact-approved', 'legacy-namespace-1', 'Asha Rao', 'individual', 'active',
    NULL, '["vip"]', '{}', NULL, NULL, 'approved', 'checker-1', '2026-01-02T10:00:00.000000Z', 3,
    '2026-01-01T10:00:00.000000Z', 'Maker.One', '2026-01-03T10:00:00.000000Z', 'Editor.Two', 'asha rao');
INSERT INTO legacy_doc SELECT 'a1', json_set(doc, '$.id', 'legacy-contact-approved', '$.name', 'Asha Rao')
    FROM legacy_doc WHERE id = 'base';
INSERT INTO legacy_doc SELECT 'a2', json_set(doc, '$.version', 2, '$.approval_status', 'approved',
    '$.approved_by', 'checker-1', '$.approved_at', '2026-01-02T10:00:00.000000Z',
    '$.updated_at', '2026-01-02T10:00:00.000000Z', '$.updated_by', 'checker-1') FROM legacy_doc WHERE id = 'a1';
INSERT INTO legacy_doc SELECT 'a3', json_set(doc, '$.version', 3, '$.tags', json('["vip"]'),
    '$.updated_at', '2026-01-03T10:00:00.000000Z', '$.updated_by', 'Editor.Two') FROM legacy_doc WHERE id = 'a2';
INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after)
SELECT 'legacy-upgrade', 'legacy-audit-a1', 'contact', 'legacy-contact-approved', 'create', 'Maker.One',
    '2026-01-01T10:00:00.000000Z', NULL, NULL, (SELECT doc FROM legacy_doc WHERE id = 'a1')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-a2', 'contact', 'legacy-contact-approved', 'approve', 'checker-1',
    '2026-01-02T10:00:00.000000Z', 'KYC seen', (SELECT doc FROM legacy_doc WHERE id = 'a1'),
    (SELECT doc FROM legacy_doc WHERE id = 'a2')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-a3', 'contact', 'legacy-contact-approved', 'update', 'Editor.Two',
    '2026-01-03T10:00:00.000000Z', NULL, (SELECT doc FROM legacy_doc WHERE id = 'a2'),
    (SELECT doc FROM legacy_doc WHERE id = 'a3');

-- legacy-contact-pending, and its bank account
INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, tags, refs, rm_id, branch_id,
    approval_status, version, created_at, created_by, updated_at, updated_by, name_key)
VALUES ('legacy-upgrade', 'legacy-contact-pending', 'legacy-namespace-1', 'Ravi Kumar', 'individual', 'active',
    NULL, '[]', '{}', NULL, NULL, 'pending', 2, '2026-01-01T10:00:00.000000Z', 'Maker.One',
    '2026-01-02T10:00:00.000000Z', 'Editor.Two', 'kumar ravi');
INSERT INTO legacy_doc SELECT 'p1', json_set(doc, '$.id', 'legacy-contact-pending', '$.name', 'Ravi K')
    FROM legacy_doc WHERE id = 'base';
INSERT INTO legacy_doc SELECT 'p2', json_set(doc, '$.version', 2, '$.name', 'Ravi Kumar',
    '$.updated_at', '2026-01-02T10:00:00.000000Z', '$.updated_by', 'Editor.Two') FROM legacy_doc WHERE id = 'p1';
INSERT INTO banks (tenant_id, id, contact_id, doc, version, created_at, created_by, updated_at, updated_by)
VALUES ('legacy-upgrade', 'legacy-bank-1', 'legacy-contact-pending', json_object('account_number', '000999888777',
    'ifsc', 'HDFC0001234', 'is_primary', json('false'), 'verification_status', 'unverified', 'tags',
    json('["salary"]')), 3, '2026-01-03T10:00:00.000000Z', 'Bank.Maker', '2026-01-05T10:00:00.000000Z',
    'Tag.Person');
-- A bank row as the history kept it.
INSERT INTO legacy_doc VALUES ('k1', json_object('id', 'legacy-bank-1', 'contact_id', 'legacy-contact-pending',
    'doc', json_object('account_number', '000111222333', 'ifsc', 'HDFC0001234', 'is_primary', json('false'),
    'verification_status', 'unverified', 'tags', json('[]')), 'version', 1,
    'created_at', '2026-01-03T10:00:00.000000Z', 'created_by', 'Bank.Maker',
    'updated_at', '2026-01-03T10:00:00.000000Z', 'updated_by', NULL));
INSERT INTO legacy_doc SELECT 'k2', json_set(doc, '$.doc.account_number', '000999888777', '$.version', 2,
    '$.updated_at', '2026-01-04T10:00:00.000000Z', '$.updated_by', 'Number.Changer') FROM legacy_doc WHERE id = 'k1';
INSERT INTO legacy_doc SELECT 'k3', json_set(doc, '$.doc.tags', json('["salary"]'), '$.version', 3,
    '$.updated_at', '2026-01-05T10:00:00.000000Z', '$.updated_by', 'Tag.Person') FROM legacy_doc WHERE id = 'k2';
INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after)
SELECT 'legacy-upgrade', 'legacy-audit-p1', 'contact', 'legacy-contact-pending', 'create', 'Maker.One',
    '2026-01-01T10:00:00.000000Z', NULL, NULL, (SELECT doc FROM legacy_doc WHERE id = 'p1')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-p2', 'contact', 'legacy-contact-pending', 'update', 'Editor.Two',
    '2026-01-02T10:00:00.000000Z', NULL, (SELECT doc FROM legacy_doc WHERE id = 'p1'),
    (SELECT doc FROM legacy_doc WHERE id = 'p2')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-k1', 'bank', 'legacy-bank-1', 'create', 'Bank.Maker',
    '2026-01-03T10:00:00.000000Z', NULL, NULL, (SELECT doc FROM legacy_doc WHERE id = 'k1')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-k2', 'bank', 'legacy-bank-1', 'update', 'Number.Changer',
    '2026-01-04T10:00:00.000000Z', NULL, (SELECT doc FROM legacy_doc WHERE id = 'k1'),
    (SELECT doc FROM legacy_doc WHERE id = 'k2')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-k3', 'bank', 'legacy-bank-1', 'update', 'Tag.Person',
    '2026-01-05T10:00:00.000000Z', NULL, (SELECT doc FROM legacy_doc WHERE id = 'k2'),
    (SELECT doc FROM legacy_doc WHERE id = 'k3');

-- legacy-contact-rejected
INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, tags, refs, rm_id, branch_id,
    approval_status, rejected_by, rejected_at, rejection_reason, version, created_at, created_by, updated_at,
    updated_by, name_key)
VALUES ('legacy-upgrade', 'legacy-contact-rejected', 'legacy-namespace-1', 'Meera Shah', 'individual', 'inactive',
    NULL, '[]', '{}', NULL, NULL, 'rejected', 'checker-1', '2026-01-02T10:00:00.000000Z', 'Name mismatch', 2,
    '2026-01-01T10:00:00.000000Z', 'Maker.One', '2026-01-02T10:00:00.000000Z', 'checker-1', 'meera shah');
INSERT INTO legacy_doc SELECT 'r1', json_set(doc, '$.id', 'legacy-contact-rejected', '$.name', 'Meera Shah')
    FROM legacy_doc WHERE id = 'base';
INSERT INTO legacy_doc SELECT 'r2', json_set(doc, '$.version', 2, '$.status', 'inactive',
    '$.approval_status', 'rejected', '$.rejected_by', 'checker-1', '$.rejected_at', '2026-01-02T10:00:00.000000Z',
    '$.rejection_reason', 'Name mismatch', '$.updated_at', '2026-01-02T10:00:00.000000Z',
    '$.updated_by', 'checker-1') FROM legacy_doc WHERE id = 'r1';
INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after)
SELECT 'legacy-upgrade', 'legacy-audit-r1', 'contact', 'legacy-contact-rejected', 'create', 'Maker.One',
    '2026-01-01T10:00:00.000000Z', NULL, NULL, (SELECT doc FROM legacy_doc WHERE id = 'r1')
UNION ALL SELECT 'legacy-upgrade', 'legacy-audit-r2', 'contact', 'legacy-contact-rejected', 'reject', 'checker-1',
    '2026-01-02T10:00:00.000000Z', 'Name mismatch', (SELECT doc FROM legacy_doc WHERE id = 'r1'),
    (SELECT doc FROM legacy_doc WHERE id = 'r2');

DROP TABLE legacy_doc;
