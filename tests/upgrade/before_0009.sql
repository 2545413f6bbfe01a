-- Rows as the worker wrote them before migration 0009 (personal data), planted by the `pii` phase of
-- scripts/run-api-tests.sh into a database migrated up to 0008; the phase then applies 0009 and
-- tests/tests/api/pii_convert.rs converts them (`POST /pii/convert/`) and proves no clear value is left.
-- One tenant, `legacy-pii`, one contact with an Aadhaar number, a PAN, a mobile and an e-mail in clear in
-- its props, its identifier index and its history, and a bank account whose number is in clear in its
-- document and its history. None of these values is used anywhere else.

INSERT INTO namespaces (tenant_id, id, name, contact_counter, account_counter, version, created_at, created_by,
    updated_at, updated_by)
VALUES ('legacy-pii', 'legacy-pii-namespace', 'Legacy', 1, 1, 1, '2026-01-01T09:00:00.000000Z', 'Maker.One',
    '2026-01-01T09:00:00.000000Z', NULL);

INSERT INTO contacts (tenant_id, id, namespace_id, name, type, status, ref_id, tags, refs, rm_id, branch_id,
    approval_status, version, created_at, created_by, updated_at, updated_by, name_key, makers)
VALUES ('legacy-pii', 'legacy-pii-contact', 'legacy-pii-namespace', 'Lavanya Legacy', 'individual', 'active',
    NULL, '[]', '{}', NULL, NULL, 'pending', 1, '2026-01-01T10:00:00.000000Z', 'Maker.One',
    '2026-01-01T10:00:00.000000Z', NULL, 'lavanya legacy', '["Maker.One"]');
INSERT INTO contact_props (tenant_id, contact_id, key, value, type) VALUES
    ('legacy-pii', 'legacy-pii-contact', 'aadhaar', '5391 7204 6831', 'text'),
    ('legacy-pii', 'legacy-pii-contact', 'pan_no', 'KXWPL6203Q', 'text'),
    ('legacy-pii', 'legacy-pii-contact', 'mobile', '+91 70451 28396', 'text'),
    ('legacy-pii', 'legacy-pii-contact', 'email', 'lavanya.legacy@converted.example', 'text'),
    ('legacy-pii', 'legacy-pii-contact', 'city', 'Nagpur', 'text');
INSERT INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key) VALUES
    ('legacy-pii', 'aadhaar', '539172046831', 'legacy-pii-contact', 'aadhaar'),
    ('legacy-pii', 'pan', 'KXWPL6203Q', 'legacy-pii-contact', 'pan_no'),
    ('legacy-pii', 'mobile', '7045128396', 'legacy-pii-contact', 'mobile'),
    ('legacy-pii', 'email', 'lavanya.legacy@converted.example', 'legacy-pii-contact', 'email');
INSERT INTO banks (tenant_id, id, contact_id, doc, version, created_at, created_by, updated_at, updated_by)
VALUES ('legacy-pii', 'legacy-pii-bank', 'legacy-pii-contact', json_object('account_number', '86204917350',
    'ifsc', 'HDFC0001234', 'is_primary', json('false'), 'verification_status', 'unverified', 'tags', json('[]')),
    1, '2026-01-02T10:00:00.000000Z', 'Bank.Maker', '2026-01-02T10:00:00.000000Z', NULL);

-- Their history, as the worker kept it: the documents with the values in clear.
INSERT INTO audit_log (tenant_id, id, object_type, object_id, action, actor, at, remarks, before, after,
    contact_id, approval)
VALUES ('legacy-pii', 'legacy-pii-audit-1', 'contact', 'legacy-pii-contact', 'create', 'Maker.One',
    '2026-01-01T10:00:00.000000Z', NULL, NULL, json_object(
    'id', 'legacy-pii-contact', 'tenant_id', 'legacy-pii', 'namespace', 'Legacy', 'name', 'Lavanya Legacy',
    'type', 'individual', 'status', 'active', 'ref_id', NULL, 'tags', json('[]'), 'refs', json('{}'),
    'props', json_array(
        json_object('key', 'aadhaar', 'value', '5391 7204 6831', 'type', 'text'),
        json_object('key', 'city', 'value', 'Nagpur', 'type', 'text'),
        json_object('key', 'email', 'value', 'lavanya.legacy@converted.example', 'type', 'text'),
        json_object('key', 'mobile', 'value', '+91 70451 28396', 'type', 'text'),
        json_object('key', 'pan_no', 'value', 'KXWPL6203Q', 'type', 'text')),
    'rm_id', NULL, 'branch_id', NULL, 'approval_status', 'pending', 'approved_by', NULL, 'approved_at', NULL,
    'rejected_by', NULL, 'rejected_at', NULL, 'rejection_reason', NULL, 'approved_version', NULL,
    'rejected_version', NULL, 'makers', json('["Maker.One"]'), 'version', 1,
    'created_at', '2026-01-01T10:00:00.000000Z', 'created_by', 'Maker.One',
    'updated_at', '2026-01-01T10:00:00.000000Z', 'updated_by', NULL),
    'legacy-pii-contact', 'reset'),
    ('legacy-pii', 'legacy-pii-audit-2', 'bank', 'legacy-pii-bank', 'create', 'Bank.Maker',
    '2026-01-02T10:00:00.000000Z', NULL, NULL, json_object('id', 'legacy-pii-bank',
    'contact_id', 'legacy-pii-contact', 'doc', json_object('account_number', '86204917350',
    'ifsc', 'HDFC0001234', 'is_primary', json('false'), 'verification_status', 'unverified', 'tags', json('[]')),
    'version', 1, 'created_at', '2026-01-02T10:00:00.000000Z', 'created_by', 'Bank.Maker',
    'updated_at', '2026-01-02T10:00:00.000000Z', 'updated_by', NULL),
    'legacy-pii-contact', 'reset');
